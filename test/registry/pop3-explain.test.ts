// What POP3 answers mean (RFC 1939, RFC 2449): the +OK answer notes of explainPop3 and
// pop3AnswerLine, the -ERR hints of hintForFailure, and --explain against the demo server's POP3.
import { describe, expect, it } from 'vitest';
import { explainPop3, explainTerm, hintForFailure, pop3AnswerLine } from '../../src/registry/explain.js';
import { POP3_ANSWERS } from '../../src/registry/pop3-answers.js';
import { POP3_COMMANDS } from '../../src/registry/pop3.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

const server = demoForFile();

describe('pop3AnswerLine', () => {
  it('names the words of STAT, LIST msg and UIDL msg in order (RFC 1939 5, 7)', () => {
    expect(pop3AnswerLine({ ok: true, text: '3 4791' }, 'STAT')?.text).toBe(
      '3 = the number of messages, 4791 = the size of the maildrop in octets; the drop listing, where messages marked as deleted are not counted.',
    );
    expect(pop3AnswerLine({ ok: true, text: '2 200' }, 'LIST 2')).toMatchObject({ term: 'LIST msg', rfc: 'RFC 1939 5', text: expect.stringMatching(/^2 = the message number, 200 = the size of the message in octets;/) });
    expect(pop3AnswerLine({ ok: true, text: '1 whqtswO00WBw418f9t5JxYwZ' }, 'uidl')).toMatchObject({ term: 'UIDL msg', rfc: 'RFC 1939 7', text: expect.stringMatching(/^1 = the message number, whqtswO00WBw418f9t5JxYwZ = the unique-id of the message;/) });
  });

  it('tells a listing from a one-line answer by the body, not the arguments', () => {
    expect(pop3AnswerLine({ ok: true, text: '2 messages', lines: ['1 120', '2 200'] }, 'LIST')?.term).toBe('LIST');
    expect(pop3AnswerLine({ ok: true, text: '2 messages', lines: [] }, 'UIDL')?.text).toMatch(/^The body is one unique-id listing per line/);
    expect(pop3AnswerLine({ ok: true, text: 'follows', lines: ['Subject: x', ''] }, 'TOP 1 0')?.text).toMatch(/header, the blank line after it, and the first n lines of its body/);
  });

  it('says what DELE and RSET did, and nothing for -ERR or a command without a table entry', () => {
    expect(pop3AnswerLine({ ok: true, text: 'message 1 deleted' }, 'DELE 1')?.text).toMatch(/^Marks the message as deleted: QUIT removes it on entering the UPDATE state, RSET unmarks it/);
    expect(pop3AnswerLine({ ok: true, text: 'maildrop has 2 messages' }, 'RSET')?.text).toBe('Unmarks every message marked as deleted (DELE) in this session.');
    expect(pop3AnswerLine({ ok: false, text: 'no such message' }, 'DELE 9')).toBeUndefined();
    expect(pop3AnswerLine({ ok: true, text: '' }, 'NOOP')).toBeUndefined();
    expect(pop3AnswerLine({ ok: true, text: 'ready' })).toBeUndefined();
  });

  it('names no words a short answer does not have', () => {
    expect(pop3AnswerLine({ ok: true, text: '3' }, 'STAT')?.text).toBe('The drop listing, where messages marked as deleted are not counted.');
  });

  it('has an answer form for every command it names, with the multi-line rule of the command table', () => {
    for (const answer of POP3_ANSWERS) {
      const command = POP3_COMMANDS.find((c) => c.name === answer.command);
      expect(command, answer.form).toBeDefined();
      const rule = command!.multiline;
      const multi = rule === 'always' || (rule === 'without-argument' && !answer.form.includes(' '));
      expect(multi, answer.form).toBe(answer.multiline);
    }
  });
});

describe('explainPop3', () => {
  it('puts what the answer carries under +OK', () => {
    const [status] = explainPop3({ ok: true, text: '3 4791' }, 'STAT');
    expect(status!.notes).toEqual(['STAT: 3 = the number of messages, 4791 = the size of the maildrop in octets; the drop listing, where messages marked as deleted are not counted. (RFC 1939 5)']);
  });
});

describe('hintForFailure for POP3 -ERR', () => {
  const fail = (name: string, args: string, pop3Deleted?: ReadonlySet<number>) =>
    hintForFailure({ name, args }, { status: '-ERR', text: 'no' }, 'transaction', pop3Deleted ? { pop3Deleted } : {});

  it('names both causes of a message number refused (RFC 1939 4, 5)', () => {
    expect(fail('DELE', '7')).toBe('There is no message 7 (numbers run from 1; LIST shows those in use), or it is marked as deleted with DELE, and no command may name it until RSET unmarks it (RFC 1939 4, 5).');
    expect(fail('RETR', '2')).toMatch(/^There is no message 2 /);
    expect(fail('TOP', '4 0')).toMatch(/^There is no message 4 /);
  });

  it('says "marked as deleted" when this session marked it', () => {
    expect(fail('RETR', '1', new Set([1]))).toBe('Message 1 is marked as deleted (DELE in this session): it cannot be named until RSET unmarks it (RFC 1939 5).');
    expect(fail('RETR', '2', new Set([1]))).toMatch(/^There is no message 2 /);
  });

  it('shows the syntax when required arguments are missing, and refuses a non-number', () => {
    expect(fail('TOP', '2')).toBe('TOP needs its arguments: TOP msg n (RFC 1939 7).');
    expect(fail('DELE', '')).toBe('DELE needs its arguments: DELE msg (RFC 1939 5).');
    expect(fail('LIST', '0')).toBe('0 is not a message number: message numbers are decimal, from 1 (RFC 1939 4).');
  });

  it('explains USER refused, and stays silent where nothing is likely', () => {
    expect(hintForFailure({ name: 'USER', args: 'nobody' }, { status: '-ERR', text: 'never heard of mailbox name' }, 'authorization')).toBe(
      'USER: the server knows no maildrop by that name: check the user name (often the whole address) (RFC 1939 7).',
    );
    expect(fail('NOOP', '')).toBeUndefined();
    expect(fail('LIST', '')).toBeUndefined();
  });
});

describe('--explain on the demo server\'s POP3', () => {
  it('annotates STAT, LIST, UIDL, DELE, TOP and RSET answers, and gives a likely cause under -ERR', async () => {
    const run = runCli([
      `127.0.0.1:${server.pop3Port}`, '--pop3', '--explain',
      '-c', 'user test77@example.com', '-c', 'pass qwe123#$',
      '-c', 'STAT', '-c', 'LIST 1', '-c', 'UIDL 1', '-c', 'LIST', '-c', 'DELE 7', '-c', 'DELE 1', '-c', 'RETR 1', '-c', 'TOP 2', '-c', 'TOP 2 0', '-c', 'RSET', '-c', 'STAT',
    ]);
    // 1: some commands got -ERR, on purpose (README, Scripts: exit status).
    expect(await run.code).toBe(1);
    const notes = run.stdout().split('\n').filter((l) => l.startsWith('  ↳'));
    expect(notes).toEqual([
      '  ↳ STAT: 3 = the number of messages, 4791 = the size of the maildrop in octets; the drop listing, where messages marked as deleted are not counted. (RFC 1939 5)',
      '  ↳ LIST msg: 1 = the message number, 2127 = the size of the message in octets; the scan listing of that message. (RFC 1939 5)',
      '  ↳ UIDL msg: 1 = the message number, 1294991877.1 = the unique-id of the message; the unique-id stays the same across sessions, unlike the message number. (RFC 1939 7)',
      '  ↳ LIST: The body is one scan listing per line, a message number and its size in octets; messages marked as deleted are not listed. (RFC 1939 5)',
      '  ↳ hint: There is no message 7 (numbers run from 1; LIST shows those in use), or it is marked as deleted with DELE, and no command may name it until RSET unmarks it (RFC 1939 4, 5).',
      '  ↳ DELE msg: Marks the message as deleted: QUIT removes it on entering the UPDATE state, RSET unmarks it, and until then no command may name its number. (RFC 1939 5)',
      '  ↳ hint: Message 1 is marked as deleted (DELE in this session): it cannot be named until RSET unmarks it (RFC 1939 5).',
      '  ↳ hint: TOP needs its arguments: TOP msg n (RFC 1939 7).',
      "  ↳ TOP msg n: The body is the message's header, the blank line after it, and the first n lines of its body (all of them if it has fewer). (RFC 1939 7)",
      '  ↳ RSET: Unmarks every message marked as deleted (DELE) in this session. (RFC 1939 5)',
      // The second STAT adds nothing: each answer form is annotated the first time.
      '  ↳ QUIT: Ends the session; after a login (the TRANSACTION state) the server first removes the messages marked as deleted (the UPDATE state). (RFC 1939 6; RFC 1939 4)',
    ]);
  });

  it('explains the numbers of the last STAT with :explain', async () => {
    const run = runCli([`127.0.0.1:${server.pop3Port}`, '--pop3', '-c', 'user test77@example.com', '-c', 'pass qwe123#$', '-c', 'STAT', '-c', ':explain']);
    expect(await run.code).toBe(0);
    const out = run.stdout();
    // The block :explain prints: its head line and the indented lines under it (the run's
    // other lines, such as an echo of the QUIT sent at the end, are not part of it).
    const [head, ...rest] = out.slice(out.indexOf('+OK: POP3 status')).split('\n');
    const explained = [head, ...rest.slice(0, rest.findIndex((l) => !l.startsWith('  ')))];
    expect(explained).toEqual([
      '+OK: POP3 status (RFC 1939 3)',
      '  The command succeeded. After CAPA, RETR and TOP, and after AUTH, LIST, UIDL or LANG without an argument, more lines follow until a line with a single dot.',
      '  STAT: 3 = the number of messages, 4791 = the size of the maildrop in octets; the drop listing, where messages marked as deleted are not counted. (RFC 1939 5)',
    ]);
  });
});

describe('explainTerm of a POP3 command', () => {
  it('notes what each answer form carries', () => {
    const list = explainTerm('LIST').lines.find((l) => l.kind === 'pop3-command');
    expect(list!.notes).toEqual([
      'syntax: LIST [msg]',
      'valid in: transaction',
      'answer to LIST msg: +OK the message number, then the size of the message in octets; the scan listing of that message. (RFC 1939 5)',
      'answer to LIST: The body is one scan listing per line, a message number and its size in octets; messages marked as deleted are not listed. (RFC 1939 5)',
    ]);
  });
});

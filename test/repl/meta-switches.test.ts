// Meta-command arguments: a switch takes on or off (anything else changed nothing before it
// turned the switch off), alone it shows its state (audit item 5), and :help NAME shows that
// one meta-command.
import { describe, expect, it } from 'vitest';
import { demoForFile } from '../support/demo-server.js';
import { runCli, stripAnsi } from '../support/cli-harness.js';

const server = demoForFile();
const runBoth = async (...lines: string[]) => {
  const r = runCli([`127.0.0.1:${server.imapPort}`, '--imap', ...lines.flatMap((l) => ['-c', l])]);
  await r.code;
  return { out: stripAnsi(r.stdout()), err: stripAnsi(r.stderr()) };
};
const run = async (...lines: string[]) => (await runBoth(...lines)).out;

describe('switches', () => {
  it('a word that is not on or off is refused and changes nothing', async () => {
    const { out, err } = await runBoth(':raw on', ':raw maybe', 'noop', ':guard sure');
    // Refusals are errors: on stderr in a script, stdout keeps the session.
    expect(err).toContain(':raw takes on or off, not "maybe"');
    expect(err).toContain(':guard takes on or off, not "sure"');
    // Still raw after the refused switch: the NOOP shows as wire lines.
    expect(out).toMatch(/C: a001 noop\nS: a001 OK/);
  });

  it(':json says it is on, as a JSON note (the rest of the output is JSON), and off in words, as :raw does', async () => {
    const out = await run(':json on', 'noop', ':json off', 'noop');
    // What was sent comes as a "C" object before its answer (README, --json).
    expect(out).toMatch(/^\{"type":"note","level":"info","text":"JSON mode on"\}\n\{"direction":"C","type":"client","raw":"a001 noop"\}\n\{"direction":"S","type":"status","tag":"a001"/m);
    expect(out).toMatch(/· JSON mode off\nC: a002 noop\na002 OK/);
  });

  it(':json off goes back to the mode before it: raw in a --raw session, not pretty', async () => {
    const r = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '--raw', '-c', ':json on', '-c', 'noop', '-c', ':json off', '-c', 'noop']);
    await r.code;
    expect(stripAnsi(r.stdout())).toMatch(/JSON mode off\nC: a002 noop\nS: a002 OK/);
  });

  it('on and off still work', async () => {
    const out = await run(':raw on', 'noop', ':raw off', 'noop');
    expect(out).toMatch(/^· raw mode on\nC: a001 noop\nS: a001 OK[^\n]*\n· raw mode off\nC: a002 noop\na002 OK/m);
  });

  // Audit item 5: a switch alone used to toggle, so `:guard` turned the guard-rails off.
  it('no argument shows where the switch stands and changes nothing', async () => {
    const { out, err } = await runBoth(':guard', 'frobnicate', ':raw', 'noop', ':json', 'noop');
    expect(out).toContain('· guard-rails on (the plaintext-password question stays)');
    // Still on: the misspelt command is warned about.
    expect(err).toMatch(/frobnicate/i);
    expect(out).toMatch(/^· raw mode off\nC: a002 noop\na002 OK[^\n]*\n· JSON mode off\nC: a003 noop\na003 OK/m);
    const raw = await run(':raw on', ':raw', 'noop');
    expect(raw).toMatch(/^· raw mode on\n· raw mode on\nC: a001 noop\nS: a001 OK/m);
  });
});

// Audit item 4: `raw mode on` (plain), `· JSON mode off` (the info dot), `guard-rails on`:
// every switch says where it stands the same way, as an information note.
describe('every switch says its state as a note', () => {
  it(':raw, :json, :guard and :explain on/off, alone or switched', async () => {
    const out = await run(':raw', ':json', ':guard', ':guard off', ':explain on', ':explain off', ':raw on', ':raw off');
    expect(out.split('\n').filter((l) => /(mode|guard-rails|explanations) (on|off)/.test(l))).toEqual([
      '· raw mode off',
      '· JSON mode off',
      '· guard-rails on (the plaintext-password question stays)',
      '· guard-rails off (the plaintext-password question stays)',
      '· explanations on',
      '· explanations off',
      '· raw mode on',
      '· raw mode off',
    ]);
  });

  it('in JSON mode each is a JSON note, as :json\'s is', async () => {
    const out = await run(':json on', ':guard', ':explain on', ':raw');
    expect(out.split('\n').filter((l) => l.startsWith('{"type":"note"'))).toEqual([
      '{"type":"note","level":"info","text":"JSON mode on"}',
      '{"type":"note","level":"info","text":"guard-rails on (the plaintext-password question stays)"}',
      '{"type":"note","level":"info","text":"explanations on"}',
      '{"type":"note","level":"info","text":"raw mode off"}',
    ]);
  });
});

describe(':help NAME', () => {
  it('shows the one meta-command, with or without its colon', async () => {
    const out = await run(':help raw', ':help :show');
    expect(out).toMatch(/^:raw \[on\|off\] +show the exact bytes/m);
    expect(out).toMatch(/^:show +show the whole of the last literal/m);
    expect(out).not.toMatch(/^:quit/m);
  });

  // Audit item 5: `:help guard` lists the warnings it gives, one line each (a kind of warning
  // not described there fails the type check: GUARD_WARNINGS is a Record of WarningKind).
  it(':guard: the warnings it gives, one line each; a meta-command without such a list shows its line alone', async () => {
    const out = await run(':help guard');
    const listed = out.split('\n').filter((l) => l.startsWith('  - '));
    expect(listed).toHaveLength(11);
    expect(listed).toContain('  - DONE with no IDLE to end');
    expect(listed).toContain('  - a FETCH item that is none (flagz: did you mean FLAGS?)');
    expect(listed).toContain('  - a system flag without its backslash (+FLAGS Deleted sets a keyword, not \\Deleted)');
    expect(out).toMatch(/^:guard \[on\|off\] +warnings before sending/m);
    expect((await run(':help raw')).split('\n').filter((l) => l.startsWith('  - '))).toEqual([]);
  });

  it('names what it does not know', async () => {
    expect((await runBoth(':help foo')).err).toContain('no meta-command ":foo": :help lists them (IMAP and POP3 words: :explain NAME)');
  });
});

describe('a meta-command that fails in a script', () => {
  const code = async (...lines: string[]) => {
    const r = runCli([`127.0.0.1:${server.imapPort}`, '--imap', ...lines.flatMap((l) => ['-c', l])]);
    return { code: await r.code, err: stripAnsi(r.stderr()) };
  };

  it('fails the script (exit 1), as a NO does, and the script goes on; one that works does not', async () => {
    const unknown = await code(':frob', 'noop');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown meta-command ":frob"/);
    expect((await code(':save /nonexistent-dir/x.eml', 'noop')).code).toBe(1);
    expect((await code(':stats', 'noop')).code).toBe(0);
  });

  it('a meta-command that takes no arguments refuses a word after it, and does nothing', async () => {
    const extra = await code(':stats extra', ':caps now', 'noop');
    expect(extra.code).toBe(1);
    expect(extra.err).toContain(':stats takes no arguments, not "extra"');
    expect(extra.err).toContain(':caps takes no arguments, not "now"');
  });
});

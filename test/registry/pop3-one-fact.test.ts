// Each POP3 fact written once (pop3.ts, pop3-answers.ts): a command's explanation says what it
// is for, an answer form's what the +OK answer holds; which answers go on over several lines is
// the command's `multiline` alone, and an answer that only says "done" reads the command's words.
import { describe, expect, it } from 'vitest';
import { explainTerm, pop3AnswerLine } from '../../src/registry/explain.js';
import { POP3_COMMANDS, pop3Command, pop3StatusIndicator } from '../../src/registry/index.js';
import { POP3_ANSWERS, pop3Answer } from '../../src/registry/pop3-answers.js';

/** Words that describe the shape of an answer (its lines, the final dot), not the command. */
const ANSWER_SHAPE = /\bdot\b|per line|on one line|answers with|byte-stuff|extra dot/i;

describe('POP3 commands and their answers', () => {
  it('a command with an answer form says nothing of the answer\'s shape: the answer form does', () => {
    const described = new Set(POP3_ANSWERS.map((a) => a.command));
    for (const name of described) {
      expect(pop3Command(name)!.explanation, name).not.toMatch(ANSWER_SHAPE);
    }
  });

  it('explain RETR says what RETR does once and the byte-stuffing once, under the answer', () => {
    const retr = explainTerm('RETR').lines.find((l) => l.kind === 'pop3-command')!;
    const all = [retr.text, ...(retr.notes ?? [])].join('\n');
    expect(retr.text).toBe('Downloads the message with that number (not its size!).');
    expect(all.match(/one more dot|extra dot/g)).toEqual(['one more dot']);
  });

  it('DELE, RSET and QUIT: the +OK answer reads the command\'s explanation and RFC, and explain shows it once', () => {
    for (const [name, line] of [['DELE', 'DELE 1'], ['RSET', 'RSET'], ['QUIT', 'QUIT']] as const) {
      const command = pop3Command(name)!;
      expect(pop3AnswerLine({ ok: true, text: 'done' }, line), name).toMatchObject({ text: command.explanation, rfc: command.rfc });
      const explained = explainTerm(name).lines.find((l) => l.kind === 'pop3-command')!;
      expect(explained.notes!.filter((n) => n.includes(command.explanation)), name).toEqual([]);
    }
  });

  it('an answer form is multi-line exactly when its command\'s `multiline` says so', () => {
    expect(pop3Answer('LIST', true)?.form).toBe('LIST');
    expect(pop3Answer('LIST', false)?.form).toBe('LIST msg');
    expect(pop3Answer('RETR', false)).toBeUndefined();
    expect(pop3Answer('DELE', true)).toBeUndefined();
  });

  it('+OK names every command whose answer may go on over several lines, from the table', () => {
    const text = pop3StatusIndicator('+OK')!.explanation;
    const multi = POP3_COMMANDS.filter((c) => c.multiline !== 'never').map((c) => c.name);
    expect(multi).toContain('LANG');
    for (const name of multi) expect(text, name).toMatch(new RegExp(`\\b${name}\\b`));
    for (const c of POP3_COMMANDS.filter((c) => c.multiline === 'never')) expect(text, c.name).not.toMatch(new RegExp(`\\b${c.name}\\b`));
  });
});

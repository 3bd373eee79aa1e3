// Notes (warnings, information) from the client and the features: one line per note in JSON
// mode, and in pretty mode wrapped at the terminal's width, the lines after the first indented.
import { describe, expect, it } from 'vitest';
import { createDisplay } from '../../src/terminal/display.js';
import { plainTheme } from '../../src/terminal/theme.js';

function displayed(mode: 'pretty' | 'json', width?: number): { printed: string[]; note(level: 'info' | 'warn' | 'error', text: string): void } {
  const printed: string[] = [];
  const display = createDisplay({ print: (t) => printed.push(t), theme: plainTheme, protocol: () => 'imap', mode, width, redactClientLine: (l) => l });
  return { printed, note: (level, text) => display.listener.note(level, text) };
}

const WARNING = 'the server offers STARTTLS and it was not used: --starttls would encrypt this login';

describe('notes', () => {
  it('wrap at the width, under the text', () => {
    const d = displayed('pretty', 40);
    d.note('warn', WARNING);
    const lines = d.printed[0].split('\n');
    expect(lines[0]).toBe('! the server offers STARTTLS and it was');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    for (const l of lines.slice(1)) expect(l).toMatch(/^  \S/);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(`! ${WARNING}`);
  });

  it('stay on one line without a known width, and in JSON', () => {
    const pretty = displayed('pretty');
    pretty.note('info', WARNING);
    expect(pretty.printed).toEqual([`· ${WARNING}`]);
    const json = displayed('json', 40);
    json.note('error', WARNING);
    expect(JSON.parse(json.printed[0])).toEqual({ type: 'note', level: 'error', text: WARNING });
  });

  it('warnings and errors go to printProblem (stderr in a script), information to print', () => {
    const printed: string[] = [];
    const problems: string[] = [];
    const display = createDisplay({ print: (t) => printed.push(t), printProblem: (t) => problems.push(t), theme: plainTheme, protocol: () => 'imap', mode: 'pretty', redactClientLine: (l) => l });
    display.listener.note('info', 'capabilities unchanged after STARTTLS');
    display.listener.note('warn', WARNING);
    display.listener.note('error', 'cannot write transcript F');
    expect(printed).toEqual(['· capabilities unchanged after STARTTLS']);
    expect(problems).toEqual([`! ${WARNING}`, '✗ cannot write transcript F']);
  });
});

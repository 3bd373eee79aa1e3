// Meta-command arguments split as a shell splits them: `:explain "[UIDVALIDITY 1294991877]"`
// explains one response code, as `mailscope explain '[UIDVALIDITY 1294991877]'` does.
import { describe, expect, it } from 'vitest';
import { metaArguments } from '../../src/terminal/meta-commands.js';
import { demoForFile } from '../support/demo-server.js';
import { runCli } from '../support/cli-harness.js';

describe('meta-command words', () => {
  it.each<[string, string[]]>([
    ['explain "[UIDVALIDITY 1294991877]"', ['explain', '[UIDVALIDITY 1294991877]']],
    ["explain '[UIDNEXT 4]' \\Seen", ['explain', '[UIDNEXT 4]', '\\Seen']],
    ['save  "my mail.eml"  ', ['save', 'my mail.eml']],
    ['explain "a \\"quoted\\" word"', ['explain', 'a "quoted" word']],
    ['explain "\\Seen"', ['explain', '\\Seen']], // a backslash before a letter stays: flags begin with one
    ['explain pre"fix part"', ['explain', 'prefix part']],
    ['explain "open to the end', ['explain', 'open to the end']],
    ['explain ""', ['explain', '']],
    ['caps', ['caps']],
    ['', []],
  ])('%j -> %j', (text, expected) => {
    expect(metaArguments(text)).toEqual(expected);
  });
});

const server = demoForFile();

describe(':explain with a quoted term', () => {
  it('explains the quoted response code as one term', async () => {
    const run = runCli([`127.0.0.1:${server.imapPort}`, '--imap', '-c', ':explain "[UIDVALIDITY 1294991877]"']);
    expect(await run.code).toBe(0);
    expect(run.stdout()).toMatch(/^\[UIDVALIDITY 1294991877\]: IMAP response code/m);
    expect(run.stdout()).toMatch(/1294991877: uidvalidity/);
    expect(run.stdout()).not.toMatch(/unknown/);
  });
});

// A file that cannot be read or written: one line naming the file and the reason in words
// (not "ENOENT: no such file or directory, open ..."), and exit 2, whichever command it is.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-harness.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();
const dir = tempDir('mailscope-files-');
const missing = join(dir, 'missing.txt');

describe('files that are not there', () => {
  it.each([
    ['replay', ['replay', missing, '127.0.0.1:1'], `cannot read ${missing}: no such file or directory`],
    ['play', ['play', missing], `cannot read ${missing}: no such file or directory`],
    ['serve', ['serve', missing], `cannot read ${missing}: no such file or directory`],
    ['serve a directory', ['serve', dir], `cannot read ${dir}: is a directory`],
    ['play a directory', ['play', dir], `cannot read ${dir}: is a directory`],
    ['demo --load', ['demo', '--load', missing, '-c', 'noop'], `cannot read messages from ${missing}: no such file or directory`],
    ['--record into a missing folder', ['demo', '--record', join(missing, 'x.txt'), '-c', 'noop'], `cannot write transcript ${join(missing, 'x.txt')}: no such file or directory`],
  ])('%s', async (_name, args, message) => {
    const run = runCli(args);
    expect(await run.code).toBe(2);
    const lines = run.stderr().trim().split('\n');
    expect(lines.at(-1)).toBe(`mailscope: ${message}`);
  });
});

// startDemoServer({ loadFrom }): the demo serves the user's own messages instead of the
// tutorial's (the loader itself is tested by its owner; this checks the server uses it).

import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawImap, startCheckedDemo, texts, type CheckedDemo } from './helpers.js';

let demo: CheckedDemo | undefined;
let dir: string | undefined;
afterEach(async () => {
  demo?.expectWellFormed();
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('--load', () => {
  it('serves messages from a directory of .eml files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailscope-load-'));
    writeFileSync(join(dir, 'a.eml'), 'Subject: mine one\nFrom: me@example.com\n\nbody one\n');
    writeFileSync(join(dir, 'b.eml'), 'Subject: mine two\nFrom: me@example.com\n\nbody two\n');
    mkdirSync(join(dir, 'Work'));
    writeFileSync(join(dir, 'Work', 'c.eml'), 'Subject: work\n\nx\n');
    demo = await startCheckedDemo({ loadFrom: dir });
    const c = await RawImap.open(demo.imapPort);
    await c.command('l LOGIN test77@example.com qwe123#$');
    expect((await c.command('s STATUS INBOX (MESSAGES)'))[0].text).toBe('* STATUS "INBOX" (MESSAGES 2)');
    expect((await c.command('w STATUS INBOX.Work (MESSAGES)'))[0].text).toBe('* STATUS "INBOX.Work" (MESSAGES 1)');
    await c.command('e EXAMINE INBOX');
    const subjects = texts(await c.command('f FETCH 1:2 (BODY[HEADER.FIELDS (SUBJECT)])')).join('\n');
    expect(subjects).toContain('Subject: mine one');
    expect(subjects).toContain('Subject: mine two');
    c.close();
  });
});

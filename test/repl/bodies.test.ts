// BodyKeeper's edges the end-to-end test cannot reach: a connection that ends inside a streamed
// literal, a disk that fills up, and a `:save next` replaced before anything came.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImapResponseReader } from '../../src/protocol/imap/response-reader.js';
import { BodyKeeper } from '../../src/terminal/bodies.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs();

function feed(keeper: BodyKeeper, reader: ImapResponseReader, text: string, end = false): void {
  for (const ev of reader.push(Buffer.from(text, 'latin1'))) keeper.event(ev);
  if (end) for (const ev of reader.end()) keeper.event(ev);
}

describe('BodyKeeper', () => {
  it('keeps the last literal whole when the reader kept it, and says when it was streamed', () => {
    const keeper = new BodyKeeper();
    const reader = new ImapResponseReader({ maxBufferedLiteral: 8, literalHead: 4 });
    feed(keeper, reader, '* 1 FETCH (BODY[] {5}\r\nhello)\r\n');
    expect(keeper.last()).toMatchObject({ data: Buffer.from('hello'), size: 5, whole: true, origin: { kind: 'fetch', msn: 1, item: 'BODY', section: '' } });
    feed(keeper, reader, '* 2 FETCH (BODY[] {12}\r\nhello, world)\r\n');
    expect(keeper.last()).toMatchObject({ size: 12, whole: false });
    expect(Buffer.from(keeper.last()!.data).toString()).toBe('hell');
  });

  it('a connection that ends inside a streamed literal: the bytes that came, and a report that says so', () => {
    const file = join(tempDir('mailscope-bodies-'), 'cut.eml');
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(file, (m, ok) => reports.push([m, ok]));
    const reader = new ImapResponseReader({ maxBufferedLiteral: 8, literalHead: 4 });
    feed(keeper, reader, '* 1 FETCH (BODY[] {20}\r\nonly ten b', true);
    expect(readFileSync(file, 'latin1')).toBe('only ten b');
    expect(reports).toEqual([[`the connection ended inside the body: 10 of 20 bytes saved to ${file}`, false]]);
  });

  it('a full disk: one report, nothing thrown', () => {
    const reports: [string, boolean][] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext('/dev/full', (m, ok) => reports.push([m, ok]));
    feed(keeper, new ImapResponseReader(), '* 1 FETCH (BODY[] {5}\r\nhello)\r\n');
    expect(reports).toEqual([['cannot write /dev/full: no space left on the device; not saved', false]]);
  });

  it('a second :save next takes the place of the first; only the second file is made', () => {
    const dir = tempDir('mailscope-bodies-');
    const reports: string[] = [];
    const keeper = new BodyKeeper();
    keeper.saveNext(join(dir, 'first.eml'), (m) => reports.push(m));
    keeper.saveNext(join(dir, 'second.eml'), (m) => reports.push(m));
    feed(keeper, new ImapResponseReader(), '* 1 FETCH (BODY[] {5}\r\nhello)\r\n* 2 FETCH (BODY[] {3}\r\nbye)\r\n');
    expect(readFileSync(join(dir, 'second.eml'), 'latin1')).toBe('hello');
    expect(existsSync(join(dir, 'first.eml'))).toBe(false);
    expect(reports).toEqual([`saved 5 bytes to ${join(dir, 'second.eml')}`]);
    expect(existsSync(join(dir, 'second.eml.part'))).toBe(false);
  });

  it(':save next to a folder, or into a missing one, fails at once, creating nothing', () => {
    const dir = tempDir('mailscope-bodies-');
    const keeper = new BodyKeeper();
    expect(() => keeper.saveNext(dir, () => {})).toThrow(`cannot write ${dir}: is a directory`);
    expect(() => keeper.saveNext(join(dir, 'no', 'x.eml'), () => {})).toThrow(`cannot write ${join(dir, 'no', 'x.eml')}: no such file or directory`);
  });
});

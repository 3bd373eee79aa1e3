// Completion timing with 5,000 mailboxes (not a test: wall-clock numbers are machine-dependent).
// Run after `npm run build`: node test/registry/completion-timing.mjs
import { complete } from '../../dist/registry/completion.js';
const make = (tag) => Array.from({ length: 5000 }, (_, i) => `INBOX.${tag}folder${i}`);
const ctxFor = (mailboxes) => ({ protocol: 'imap', state: 'selected', capabilities: new Set(['IMAP4REV1', 'IDLE']), mailboxes, metaCommands: [] });
// warm up the code (JIT) on other lists
for (let k = 0; k < 20; k++) complete('SELECT INBOX.w', ctxFor(make('w' + k)));
const firsts = [], warms = [];
for (let run = 0; run < 20; run++) {
  const c = ctxFor(make('r' + run));
  let t = performance.now(); complete('SELECT INBOX.r' + run + 'folder49', c); firsts.push(performance.now() - t);
  t = performance.now(); for (let i = 0; i < 50; i++) complete('SELECT INBOX.r' + run + 'folder49', c); warms.push((performance.now() - t) / 50);
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log('5000 mailboxes: first Tab after a new LIST (index build) median', med(firsts).toFixed(3), 'ms, max', Math.max(...firsts).toFixed(3), 'ms');
console.log('5000 mailboxes: later Tab presses median', med(warms).toFixed(3), 'ms, max', Math.max(...warms).toFixed(3), 'ms');

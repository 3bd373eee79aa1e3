// Meta-commands start with ':' so that nothing typed for the server is ever swallowed
// (openssl s_client eats lines starting with R or Q). One table: the REPL dispatches from
// it, completion lists it, :help prints it.
import type { SessionContext } from './context.js';
import { FEATURE_META_COMMANDS } from './feature-meta-commands.js';
import { nameColumns, wrapped } from '../registry/format.js';
import { onOff, saySwitch } from './switch-arg.js';

export interface MetaCommand {
  name: string;
  usage: string;
  help: string;
  /** Lines `:help NAME` adds under the one line (what the guard-rails warn about), one fact each. */
  details?: readonly string[];
  run(ctx: SessionContext, args: string[]): Promise<void> | void;
}


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
}

export const BASE_META_COMMANDS: MetaCommand[] = [
  {
    name: 'help',
    usage: ':help [NAME]',
    help: 'list the meta-commands, or the one named',
    run(ctx, [name]) {
      if (name === undefined) return ctx.print(metaHelp(ctx));
      const wanted = name.replace(/^:/, '').toLowerCase();
      const found = metaCommands(ctx).filter((m) => m.name === wanted);
      if (found.length === 0) return ctx.problem('error', `no meta-command ":${wanted}": :help lists them (IMAP and POP3 words: :explain NAME)`);
      ctx.print(nameColumns(found.map((m) => [m.usage, m.help] as const), ctx.display.width, ctx.theme.name, (t) => t));
      const details = found.flatMap((m) => m.details ?? []);
      if (details.length > 0) ctx.print(details.map((d) => wrapped(d, '  - ', ctx.display.width, (t) => t, '    ')).join('').trimEnd());
    },
  },
  {
    name: 'quit',
    usage: ':quit',
    help: 'log out (LOGOUT / QUIT) and exit; also `quit`, `exit`, Ctrl-D',
    async run(ctx) {
      await ctx.quit();
    },
  },
  {
    name: 'raw',
    usage: ':raw [on|off]',
    help: 'show the exact bytes with C:/S: prefixes instead of the pretty printer; alone: whether it is on',
    run(ctx, [arg]) {
      const shows = (on: boolean) => saySwitch(ctx, 'raw mode', on);
      const on = onOff(ctx, 'raw', arg, ctx.display.mode === 'raw', shows);
      if (on === undefined) return;
      ctx.display.setMode(on ? 'raw' : 'pretty');
      shows(on);
    },
  },
  {
    name: 'json',
    usage: ':json [on|off]',
    help: 'print one JSON object per response (parsed tree and raw bytes); alone: whether it is on',
    run(ctx, [arg]) {
      const shows = (on: boolean) => saySwitch(ctx, 'JSON mode', on);
      const on = onOff(ctx, 'json', arg, ctx.display.mode === 'json', shows);
      if (on === undefined) return;
      ctx.display.setMode(on ? 'json' : ctx.display.textMode);
      shows(on);
    },
  },
  {
    name: 'stats',
    usage: ':stats',
    help: 'bytes each way, commands sent, round-trip times, time connected',
    run(ctx) {
      const s = ctx.transport.snapshot();
      const rt = ctx.roundTrips;
      const seconds = Math.round((Date.now() - s.connectedAt) / 1000);
      const lines = [
        `bytes sent ${s.bytesOut}, received ${s.bytesIn}`,
        ctx.transport.compressed
          ? `on the wire (COMPRESS=DEFLATE): sent ${s.wireOut}, received ${s.wireIn}; ratio ${(s.bytesIn / Math.max(s.wireIn, 1)).toFixed(2)} in, ${(s.bytesOut / Math.max(s.wireOut, 1)).toFixed(2)} out`
          : '',
        // Every command sent has either completed or is still waiting: typed, from a
        // meta-command (:compress, :login) or from --login alike.
        `commands sent ${rt.length + ctx.client.promptInfo().waiting.length}, completed ${rt.length}`,
        rt.length ? `round trip ms: last ${rt[rt.length - 1]}, median ${median(rt)}, max ${rt.reduce((a, b) => Math.max(a, b), 0)}` : '',
        `connected ${seconds}s`,
      ];
      ctx.print(lines.filter(Boolean).join('\n'));
    },
  },
];

export function metaHelp(ctx: SessionContext): string {
  return nameColumns(metaCommands(ctx).map((m) => [m.usage, m.help] as const), ctx.display.width, ctx.theme.name, (t) => t);
}

/** Every meta-command: the base ones and the features' (explain, login, tls, record...). */
export function metaCommands(_ctx?: SessionContext): MetaCommand[] {
  return [...BASE_META_COMMANDS, ...FEATURE_META_COMMANDS];
}

export async function runMeta(ctx: SessionContext, line: string): Promise<void> {
  const [word = '', ...args] = metaArguments(line.slice(1));
  const command = metaCommands(ctx).find((m) => m.name === word.toLowerCase());
  if (!command) {
    ctx.problem('error', `unknown meta-command ":${word}": :help lists them`);
    return;
  }
  // A usage that is the name alone takes no arguments: a word after it was meant for something.
  if (args.length > 0 && !command.usage.includes(' ')) {
    ctx.problem('error', `${command.usage} takes no arguments, not "${args.join(' ')}"`);
    return;
  }
  await command.run(ctx, args);
}

/**
 * A meta-command's words, split at spaces as a shell splits them: text in double or single
 * quotes is one word, without its quotes (`:explain "[UIDVALIDITY 1294991877]"`, `:save
 * "my mail.eml"`); within double quotes a backslash keeps a next quote or backslash. A quote left
 * open runs to the end of the line.
 */
export function metaArguments(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === '"' || ch === "'") {
      let end = i + 1;
      let quoted = '';
      for (; end < text.length && text[end] !== ch; end++) {
        if (ch === '"' && text[end] === '\\' && (text[end + 1] === '"' || text[end + 1] === '\\')) end++;
        quoted += text[end];
      }
      word = (word ?? '') + quoted;
      i = end;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

// Explanations in the REPL: `:explain TERM`, `:explain` (the last response, piece by piece),
// `:explain on|off` and --explain (a dim line under the first occurrence of each capability,
// code, flag or attribute, and of each POP3 answer form (what STAT's numbers are, what a LIST
// body is), and a hint under NO/BAD/-ERR), and `:caps`.
import type { ImapClient } from '../../client/imap-client.js';
import type { Pop3Client } from '../../client/pop3-client.js';
import type { ReaderEvent } from '../../protocol/imap/types.js';
import type { Pop3Event } from '../../protocol/pop3/types.js';
import type { Pop3Pending } from '../../session/pop3-conversation.js';
import { capability, pop3Capability } from '../../registry/index.js';
import {
  explainPop3,
  explainResponse,
  explainTerm,
  formatExplanation,
  formatLines,
  hintForFailure,
  pop3AnswerLine,
  type ExplainLine,
  type ExplainTheme,
} from '../../registry/explain.js';
import { nameColumns, wrapped } from '../../registry/format.js';
import type { SessionContext } from '../context.js';
import type { MetaCommand } from '../meta-commands.js';
import { onOff, saySwitch } from '../switch-arg.js';
import { MAX_KEPT, type LoggedResponse } from '../response-log.js';
import type { Theme } from '../theme.js';
import { WARNING_KINDS } from '../../registry/guard.js';

/** Kinds worth a note the first time they appear in a session. */
const ANNOTATED = new Set(['capability', 'response-code', 'system-flag', 'keyword', 'mailbox-attribute', 'special-use', 'pop3-capability', 'pop3-response-code', 'pop3-answer', 'flag', 'attribute']);

export function explainTheme(theme: Theme): ExplainTheme {
  return { bold: theme.name, dim: theme.dim, accent: theme.capability, warn: theme.no };
}

function explainLogged(entry: LoggedResponse): ExplainLine[] {
  if (entry.protocol === 'imap') return explainResponse(entry.response);
  const lines = entry.event.lines?.map((l) => Buffer.from(l).toString('utf8'));
  return explainPop3({ ok: entry.event.ok, code: entry.event.code, text: entry.event.text, lines }, entry.command);
}

/**
 * The last answer, piece by piece, each explanation once: a FETCH of 500 messages explains
 * FETCH, FLAGS and \\Seen the first time, and later responses only what they add, under the
 * lines they hang from; a line already explained comes back as its term and notes alone
 * (`OK: untagged (*)` over each code of a SELECT answer), never its explanation again.
 */
function explainAnswer(entries: LoggedResponse[]): { blocks: ExplainLine[][]; repeated: number } {
  const explained = new Set<string>();
  const referred = new Set<string>();
  const blocks: ExplainLine[][] = [];
  let repeated = 0;
  for (const entry of entries) {
    const fresh: ExplainLine[] = [];
    const ancestors: ExplainLine[] = [];
    const shown = new Set<ExplainLine>();
    const show = (l: ExplainLine, as: ExplainLine) => {
      for (const a of ancestors) if (!shown.has(a)) (shown.add(a), fresh.push(reference(a)));
      shown.add(l);
      fresh.push(as);
    };
    const lines = explainLogged(entry);
    for (const line of lines) {
      while (ancestors.length > 0 && ancestors[ancestors.length - 1].depth >= line.depth) ancestors.pop();
      const key = `${line.kind}\0${line.term}\0${line.text}\0${line.depth}`;
      // The same explanation with other notes (`tagged (a001)` after `untagged (*)`) says only the notes.
      const withNotes = `${key}\0${(line.notes ?? []).join('\0')}`;
      if (!explained.has(key)) {
        explained.add(key);
        referred.add(withNotes);
        show(line, line);
      } else if (!referred.has(withNotes)) {
        referred.add(withNotes);
        show(line, reference(line));
      }
      ancestors.push(line);
    }
    // The hint `:explain on` gave (or would have given) under this response, said again here.
    const hint = entry.hint;
    if (hint && !lines.some((l) => restates(hint, l))) fresh.push({ term: '↳ hint', kind: 'value', text: hint, depth: 0 });
    if (fresh.length > 0) blocks.push(fresh);
    else repeated++;
  }
  return { blocks, repeated };
}

/** A line explained earlier in the same answer: its term and what sets this occurrence apart. */
function reference(l: ExplainLine): ExplainLine {
  const own = (l.notes ?? []).filter((n) => !/^(obsolete|non-standard):/.test(n));
  return { term: l.term, kind: 'value', text: own.length > 0 ? own.join('; ') : 'explained above', depth: l.depth };
}

/** Abbreviations whose full stop ends no sentence (`(e.g. RIGHTS=texk)`). */
const ABBREVIATIONS = /(^|[\s(])(e\.g|i\.e|etc|cf|vs|approx|incl)\.$/i;

/**
 * First sentence of an explanation, for one-line notes: up to a `.`, `!` or `?` before a space
 * or the end, outside parentheses and not closing an abbreviation.
 */
export function firstSentence(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && '.!?'.includes(ch) && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      if (!ABBREVIATIONS.test(text.slice(0, i + 1))) return text.slice(0, i + 1);
    }
  }
  return text;
}

export interface Annotator {
  annotate(ev: ReaderEvent | Pop3Event): string | undefined;
  /**
   * The likely cause of a failure (NO, BAD, -ERR), whether explanations are on or not: the one
   * hint `:explain on` notes and `:explain` alone gives later. Asked as the response arrives,
   * before the client updates its state (the failed command is still pending).
   */
  hint(ev: ReaderEvent | Pop3Event): string | undefined;
}

/**
 * --explain: the first time a term is seen, one dim line; under failures, the likely cause.
 * Notes wrap at `width` (the terminal's columns; default the session display's) at word
 * boundaries, under their text.
 */
export function createAnnotator(enabled: () => boolean, ctx: () => SessionContext | undefined, theme: Theme, width?: () => number | undefined): Annotator {
  const seen = new Set<string>();
  const deleted = new Pop3Deletions();
  // The hint of the response seen last: annotate asks for it after the response log did.
  let hinted: { ev: ReaderEvent | Pop3Event; hint: string | undefined } | undefined;
  const hintOf = (ev: ReaderEvent | Pop3Event): string | undefined => {
    if (ev.kind !== 'response') return undefined;
    if (hinted?.ev === ev) return hinted.hint;
    const session = ctx();
    // Kept whether or not explanations are on, so that `:explain on` knows what DELE marked.
    if (!('response' in ev)) deleted.note(ev.ok, session && pop3Pending(session));
    hinted = { ev, hint: session && failureHint(session, ev, deleted.numbers) };
    return hinted.hint;
  };
  return {
    hint: hintOf,
    annotate(ev) {
      // The greeting arrives before the session exists: it is annotated all the same.
      const session = ctx();
      if (ev.kind !== 'response') return undefined;
      const pop3Command = session && pop3Pending(session);
      const hint = hintOf(ev);
      if (!enabled()) return undefined;
      const lines = 'response' in ev ? explainResponse(ev.response) : pop3Lines(ev, pop3Command?.name);
      const notes: string[] = [];
      for (const l of lines) {
        const key = `${l.kind}:${l.term.toUpperCase()}`;
        if (!ANNOTATED.has(l.kind) || seen.has(key)) continue;
        seen.add(key);
        notes.push(`↳ ${l.term}: ${firstSentence(l.text)}${l.rfc ? ` (${l.rfc})` : ''}`);
      }
      // A hint that says what a code's explanation says (`NO [AUTHENTICATIONFAILED]`) adds nothing.
      if (hint && !lines.some((l) => restates(hint, l))) notes.push(`↳ hint: ${hint}`);
      const columns = width?.() ?? session?.display.width;
      return notes.length > 0 ? notes.map((n) => wrappedNote(n, columns, theme)).join('\n') : undefined;
    },
  };
}

/** A POP3 reply's lines, with what its answer carries as a line of its own (annotated once per form). */
function pop3Lines(ev: Extract<Pop3Event, { kind: 'response' }>, command: string | undefined): ExplainLine[] {
  const resp = { ok: ev.ok, code: ev.code, text: ev.text, lines: ev.lines?.map((l) => Buffer.from(l).toString('utf8')) };
  const answer = pop3AnswerLine(resp, command);
  return [...explainPop3(resp, command), ...(answer ? [answer] : [])];
}

/**
 * The messages marked with DELE in this POP3 session (RFC 1939 5): RSET unmarks them, and a
 * new greeting or QUIT starts afresh. Lets a hint tell "already deleted" from "no such message".
 */
class Pop3Deletions {
  readonly numbers = new Set<number>();
  note(ok: boolean, command: Pop3Pending | undefined): void {
    if (!command) return this.numbers.clear();
    if (!ok) return;
    if (command.name === 'DELE' && /^\d+$/.test(command.args[0] ?? '')) this.numbers.add(Number(command.args[0]));
    else if (command.name === 'RSET' || command.name === 'QUIT') this.numbers.clear();
  }
}

/** A note wrapped under its text; `RFC 9051` stays on one line (a no-break space while wrapping). */
function wrappedNote(note: string, width: number | undefined, theme: Theme): string {
  const kept = note.replace(/\bRFC (?=\d)/g, 'RFC\u00a0');
  return wrapped(kept, '  ', width, (line) => theme.dim(line.replace(/\u00a0/g, ' ')), '    ').trimEnd();
}

/** `CODE: explanation` (hints.ts) for a line explaining CODE, or for POP3 `[CODE]`. */
function restates(hint: string, line: ExplainLine): boolean {
  const bare = (term: string) => term.replace(/^\[|\]$/g, '').toUpperCase();
  const colon = hint.indexOf(': ');
  return colon > 0 && bare(hint.slice(0, colon)) === bare(line.term) && hint.slice(colon + 2).trim() === line.text.trim();
}

function pop3Pending(session: SessionContext): Pop3Pending | undefined {
  return session.protocol === 'pop3' ? (session.client as Pop3Client).currentCommand : undefined;
}

/** Runs before the client updates its state, so the failed command is still pending. */
function failureHint(session: SessionContext, ev: ReaderEvent | Pop3Event, pop3Deleted: ReadonlySet<number>): string | undefined {
  if ('response' in ev) {
    const r = ev.response;
    if (r.kind !== 'status' || r.tag === undefined || (r.status !== 'NO' && r.status !== 'BAD')) return undefined;
    const imap = session.client as ImapClient;
    const command = imap.conversation.pendingByTag(r.tag);
    if (!command) return undefined;
    return hintForFailure({ name: command.name, args: command.args }, { status: r.status, code: r.code?.name, text: r.text }, imap.conversation.tracker.state, {
      capabilities: imap.capabilities,
    });
  }
  if (ev.kind !== 'response' || ev.ok) return undefined;
  const pop3 = session.client as Pop3Client;
  const command = pop3.currentCommand;
  if (!command) return undefined;
  return hintForFailure({ name: command.name, args: command.args.join(' ') }, { status: '-ERR', code: ev.code, text: ev.text }, pop3.conversation.state === 'authorization' ? 'authorization' : 'transaction', {
    pop3Deleted,
  });
}

export const EXPLAIN_META_COMMANDS: MetaCommand[] = [
    {
      name: 'explain',
      usage: ':explain [TERM...|on|off]',
      help: 'explain a command, capability, code, flag or ACL rights; alone: the last response; on/off: annotate as responses arrive',
      run(ctx, args) {
        const theme = explainTheme(ctx.theme);
        if (args.length === 1 && /^(on|off)$/i.test(args[0])) {
          ctx.explainOn = args[0].toLowerCase() === 'on';
          saySwitch(ctx, 'explanations', ctx.explainOn);
          return;
        }
        if (args.length === 0) {
          const entries = ctx.responses.last();
          if (entries.length === 0) return ctx.print(ctx.theme.dim('nothing received yet'));
          const { blocks, repeated } = explainAnswer(entries);
          ctx.print(blocks.map((lines) => formatLines(lines, theme, ctx.display.width)).join('').trimEnd());
          if (repeated > 0) ctx.print(ctx.theme.dim(`… and ${repeated} more response${repeated === 1 ? '' : 's'} with nothing new to explain`));
          const omitted = ctx.responses.omitted();
          if (omitted > 0) ctx.print(ctx.theme.dim(`… and ${omitted} more after the first ${MAX_KEPT}, not kept for :explain`));
          return;
        }
        ctx.print(args.map((t) => formatExplanation(explainTerm(t), theme, ctx.display.width)).join('\n').trimEnd());
      },
    },
    {
      name: 'caps',
      usage: ':caps',
      help: "the server's capabilities, one line each, and what changed after STARTTLS or login",
      run(ctx) {
        ctx.print(capsText(ctx));
      },
    },
    {
      name: 'guard',
      usage: ':guard [on|off]',
      help: 'warnings before sending (wrong state, capability not announced, misspelt command, unbalanced quotes); alone: whether they are on',
      details: Object.values(WARNING_KINDS),
      run(ctx, [arg]) {
        const shows = (on: boolean) => saySwitch(ctx, 'guard-rails', on, ' (the plaintext-password question stays)');
        const on = onOff(ctx, 'guard', arg, ctx.guardOn, shows);
        if (on === undefined) return;
        ctx.guardOn = on;
        shows(on);
      },
    },
];

export function capsText(ctx: SessionContext): string {
  const caps = [...ctx.client.capabilities];
  if (caps.length === 0) return ctx.theme.dim(`no capabilities known yet: send ${ctx.protocol === 'imap' ? 'CAPABILITY' : 'CAPA'}`);
  // As the server spelt them, whatever the display mode (the session keeps the spelling).
  const asSent = (c: string) => ctx.client.spelt(c);
  const rows = caps.map((c) => {
    const text = ctx.protocol === 'imap' ? capability(c)?.entry.explanation : pop3Capability(c.split(/\s+/)[0])?.explanation;
    return [asSent(c), text ? firstSentence(text) : 'not in any registry we know'] as const;
  });
  const lines = [nameColumns(rows, ctx.display.width, ctx.theme.capability, ctx.theme.dim)];
  const before = ctx.client.previousCapabilities;
  if (before) {
    const added = caps.filter((c) => !before.has(c));
    const removed = [...before].filter((c) => !ctx.client.capabilities.has(c));
    const changes = [...added.map((a) => `+${asSent(a)}`), ...removed.map((r) => `-${asSent(r)}`)];
    // Wrapped between names: the terminal would cut `-AUTH=LOGIN` anywhere.
    if (changes.length) lines.push(wrapped(`changed since the previous list: ${changes.join(' ')}`, '', ctx.display.width, ctx.theme.dim, '  ').trimEnd());
  }
  return lines.join('\n');
}

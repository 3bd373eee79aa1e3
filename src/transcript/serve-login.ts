// The login a recording begun mid-session (`:record FILE` after login) does not hold, stood in
// for by serve: a client connecting to serve logs in (and selects) before it sends the
// recorded commands (RFC 3501 section 3, RFC 1939 section 3). Any credentials are taken, and
// never echoed; each answer says it comes from serve, not from the recording. Sans-I/O.

import type { Protocol } from './exchange.js';
import type { Entry } from './format.js';
import { EXISTS_KEY, MAILBOX_KEY, START_KEY, STATE_KEY, UIDVALIDITY_KEY } from './mid-session.js';
import { ascii, contentEnd, imapCommandHead, scanImapWords, scanPop3Words, wordText } from './wire.js';

/** Where a mid-session recording starts (its header: `start`, `state`, `mailbox`, `exists`, `uidvalidity`). */
export interface MidSessionStart {
  state: 'authenticated' | 'selected';
  mailbox: string | undefined;
  /** The selected mailbox's message count and UIDVALIDITY when recorded (older recordings: none). */
  exists?: number;
  uidValidity?: number;
}

/**
 * The header's start, when the recording begins after login. `state: not authenticated`
 * (recorded before login: the login is in the file) needs no stand-in; a header without a
 * state counts as selected when it names a mailbox, else as authenticated.
 */
export function midSessionStart(header: Record<string, string> | undefined): MidSessionStart | undefined {
  if (!header?.[START_KEY]?.startsWith('mid-session')) return undefined;
  const mailbox = header[MAILBOX_KEY];
  const state = header[STATE_KEY] ?? (mailbox === undefined ? 'authenticated' : 'selected');
  if (state !== 'authenticated' && state !== 'selected') return undefined;
  return { state, mailbox, exists: headerNumber(header[EXISTS_KEY]), uidValidity: headerNumber(header[UIDVALIDITY_KEY]) };
}

/** A header's count (digits only; anything else counts as not told). */
function headerNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/** The least capability list: IMAP4rev1, which RFC 3501 7.2.1 requires; POP3 requires none (RFC 2449 6). */
const MINIMAL_CAPABILITIES: Record<Protocol, readonly string[]> = { imap: ['IMAP4rev1'], pop3: [] };
/** Capabilities when the recording shows none (RFC 3501 7.2.1; PLAIN: RFC 4616). */
export const DEFAULT_CAPABILITIES = [...MINIMAL_CAPABILITIES.imap, 'AUTH=PLAIN'].join(' ');
/** How far into the recording its capabilities are looked for (a recording may be millions of lines). */
const CAPABILITY_SCAN_ENTRIES = 200;
/**
 * Recorded capabilities the stand-in does not offer before the recording plays: it does no
 * TLS or compression of its own, and it takes LOGIN and AUTHENTICATE PLAIN only.
 */
const NOT_STOOD_IN = /^(STARTTLS|LOGINDISABLED|AUTH=.*|COMPRESS=.*)$/i;
const CAPABILITY_LINE = /^\* CAPABILITY (.+)$/i;
const CAPABILITY_CODE = /\[CAPABILITY ([^\]]+)\]/i;
/** The TLS upgrade's command, named the same as the capability that offers it (RFC 3501 6.2.1, RFC 2595 4). */
const TLS_UPGRADE: Record<Protocol, string> = { imap: 'STARTTLS', pop3: 'STLS' };
/** Lifted once TLS is up (RFC 3501 6.2.3): a client seeing it still would not log in. */
const LIFTED_BY_TLS = /^LOGINDISABLED$/i;

/** What a recording tells of its server's capabilities, among its first entries. */
export interface RecordedCapabilities {
  /** IMAP: the words of the first CAPABILITY response or code; POP3: the lines of the first CAPA answer. */
  list: string[] | undefined;
  /** A STARTTLS or STLS is recorded: serve can play that upgrade, and no other. */
  upgradesToTls: boolean;
  /** IMAP: the hierarchy delimiter of the first LIST or LSUB response, as written (`"."`, `NIL`). */
  delimiter?: string;
}

/** A LIST or LSUB response's delimiter (RFC 3501 7.2.2: `"` QUOTED-CHAR `"` or NIL), after its attributes. */
const LIST_DELIMITER = /^\* (?:LIST|LSUB) \([^)]*\) ("(?:[^"\\]|\\.)"|NIL)(?: |$)/i;

const textOf = (bytes: Uint8Array): string => ascii(bytes.subarray(0, contentEnd(bytes)));

/** The command a client line (recorded or received) starts with, upper case. */
export function commandName(protocol: Protocol, bytes: Uint8Array): string | undefined {
  if (protocol === 'imap') return imapCommandHead(bytes)?.name;
  const word = scanPop3Words(bytes)[0];
  return word && wordText(bytes, word).toUpperCase();
}

/** Reads the recording's first entries for its capability list and its TLS upgrade. */
export function recordedCapabilities(protocol: Protocol, entries: Iterable<Entry>): RecordedCapabilities {
  const found: RecordedCapabilities = { list: undefined, upgradesToTls: false };
  /** POP3: the CAPA answer being read (RFC 2449 5: `+OK`, a line per capability, a lone dot). */
  let capa: string[] | undefined;
  let capaAsked = false;
  const it = entries[Symbol.iterator]();
  try {
    for (let i = 0, next = it.next(); !next.done && i < CAPABILITY_SCAN_ENTRIES; i++, next = it.next()) {
      const entry = next.value;
      if (entry.kind === 'client') {
        const name = commandName(protocol, entry.bytes);
        if (name === TLS_UPGRADE[protocol]) found.upgradesToTls = true;
        capaAsked = found.list === undefined && name === 'CAPA';
        continue;
      }
      if (entry.kind !== 'server') continue;
      const text = textOf(entry.bytes);
      if (protocol === 'imap' && found.delimiter === undefined) found.delimiter = LIST_DELIMITER.exec(text)?.[1];
      if (found.list) continue;
      if (protocol === 'imap') {
        found.list = (CAPABILITY_LINE.exec(text)?.[1] ?? CAPABILITY_CODE.exec(text)?.[1])?.split(' ').filter((c) => c !== '');
      } else if (capa) {
        if (text === '.') found.list = capa;
        else capa.push(text);
      } else if (capaAsked) {
        capa = text.startsWith('+OK') ? [] : undefined;
        capaAsked = false;
      }
    }
  } finally {
    it.return?.(); // closes the file of a recording read from disk
  }
  return found;
}

/**
 * The capability list the stand-in announces: the first CAPABILITY response or code among
 * the recording's first entries, less what the stand-in cannot do, plus AUTH=PLAIN.
 */
export function standInCapabilities(entries: Iterable<Entry>): string {
  const { list } = recordedCapabilities('imap', entries);
  if (!list) return DEFAULT_CAPABILITIES;
  return [...list.filter((c) => !NOT_STOOD_IN.test(c)), 'AUTH=PLAIN'].join(' ');
}

/**
 * What serve itself lists for a CAPABILITY or CAPA the recording does not hold next: the
 * recorded list as it is, else the least one; but the TLS upgrade is offered exactly while
 * the recording still holds it, since serve can play no other (a client that sees it offered
 * may take it, as mutt does by default with ssl_starttls, and get BAD), and once TLS is up
 * LOGINDISABLED goes too.
 */
export function servedCapabilities(protocol: Protocol, recorded: RecordedCapabilities, tlsDone: boolean): string[] {
  const upgrade = TLS_UPGRADE[protocol];
  const isUpgrade = (c: string): boolean => c.toUpperCase() === upgrade;
  const list = recorded.list ?? MINIMAL_CAPABILITIES[protocol];
  if (tlsDone) return list.filter((c) => !isUpgrade(c) && !LIFTED_BY_TLS.test(c));
  if (!recorded.upgradesToTls) return list.filter((c) => !isUpgrade(c));
  return list.some(isUpgrade) ? [...list] : [...list, upgrade];
}

/** A greeting's capability code (RFC 3501 7.1.1, 7.1.4, 7.1): the list a client reads before it sends anything. */
const GREETING_CAPABILITY = /^(\* (?:OK|PREAUTH) \[CAPABILITY )([^\]]*)(\].*)$/is;

/**
 * A recorded IMAP greeting whose `[CAPABILITY ...]` code lists what serve can do, by the same
 * rule as its own CAPABILITY answer (servedCapabilities): a STARTTLS offered in a greeting
 * whose recording holds no upgrade is taken by a client such as imapflow, and then refused.
 * The line's bytes stay as recorded when the list is already what serve can do.
 */
export function servedGreeting(line: Uint8Array, recorded: RecordedCapabilities, tlsDone: boolean): Uint8Array {
  const m = GREETING_CAPABILITY.exec(ascii(line));
  if (!m) return line;
  const list = m[2].split(' ').filter((c) => c !== '');
  const served = servedCapabilities('imap', { ...recorded, list }, tlsDone);
  if (served.join(' ') === list.join(' ')) return line;
  return Buffer.from(`${m[1]}${served.join(' ')}${m[3]}`, 'latin1');
}

const SERVE = 'mailscope serve:';
const LOGGED_IN = `${SERVE} logged in (the recording starts after login)`;
/** RFC 3501 7.5: the server's go-ahead for a literal or a SASL step (an empty challenge). */
const goAhead = (): Answer => [Buffer.from('+ \r\n')];
const ANY_LITERAL = /\{\d+\+?\}$/;
const SYNC_LITERAL = /\{\d+\}$/;
/** The system flags (RFC 3501 2.3.2), for the stand-in SELECT's FLAGS response. */
const SYSTEM_FLAGS = '(\\Answered \\Flagged \\Deleted \\Seen \\Draft)';

type Answer = Uint8Array[];

/** The stand-in's delimiter when the recording shows none: `/`, as many servers use (RFC 3501 5.1). */
const GUESSED_DELIMITER = '"/"';

const lines = (...texts: string[]): Answer => texts.map((t) => Buffer.from(`${t}\r\n`, 'utf8'));

/**
 * Commands serve answers itself when the recording does not hold them next, and until when:
 * `anywhere`, or only `before-first-command` (before the first recorded command matched).
 * CAPABILITY and CAPA are valid in any state (RFC 3501 6.1.1, RFC 2449 5) and sent by clients
 * unasked (Python's imaplib sends CAPABILITY after the greeting, poplib's stls() sends CAPA
 * first); some clients send a NOOP before their first command too (RFC 3501 6.1.2, RFC 1939 5),
 * to which nothing but OK is owed. A NOOP later is the recording's to answer, or a mismatch.
 */
const OWN_ANSWERS: Record<Protocol, ReadonlyMap<string, 'anywhere' | 'before-first-command'>> = {
  imap: new Map([['CAPABILITY', 'anywhere'], ['NOOP', 'before-first-command']]),
  pop3: new Map([['CAPA', 'anywhere'], ['NOOP', 'before-first-command']]),
};
const NOT_HERE = 'a stand-in: the recording does not hold it here';

/**
 * serve's own answer to a CAPABILITY or CAPA the recording does not hold next, or to a NOOP
 * before the recording's first command (`started` false), saying so; undefined for other
 * lines. The recording is not touched: it goes on where it was.
 */
export function ownAnswer(protocol: Protocol, line: Uint8Array, capabilities: () => string[], started = true): Answer | undefined {
  const head = protocol === 'imap' ? imapCommandHead(line) : undefined;
  const name = protocol === 'imap' ? head?.name : commandName(protocol, line);
  const when = name === undefined ? undefined : OWN_ANSWERS[protocol].get(name);
  if (when === undefined || (when === 'before-first-command' && started)) return undefined;
  const ok = protocol === 'imap' ? `${head!.tag} OK` : '+OK';
  if (name === 'NOOP') return lines(`${ok} ${SERVE} NOOP (${NOT_HERE})`);
  if (protocol === 'pop3') return lines(`+OK ${SERVE} a capability list (${NOT_HERE})`, ...capabilities(), '.');
  return lines(`* CAPABILITY ${capabilities().join(' ')}`, `${ok} ${SERVE} CAPABILITY (${NOT_HERE})`);
}

const ENDED = 'a stand-in: the recording has ended';

/**
 * serve's own answer to a LOGOUT (IMAP) or QUIT (POP3) that comes once the recording has
 * played to its end (a mid-session recording, `:record FILE` ... `:record stop`, holds none):
 * what a server owes it, saying so (RFC 3501 6.1.3: `* BYE`, then the tagged OK; RFC 1939 6:
 * `+OK`). The connection closes after it. Undefined for other lines.
 */
export function closingAnswer(protocol: Protocol, line: Uint8Array): Answer | undefined {
  const name = commandName(protocol, line);
  if (protocol === 'pop3') return name === 'QUIT' ? lines(`+OK ${SERVE} QUIT (${ENDED})`) : undefined;
  if (name !== 'LOGOUT') return undefined;
  return lines(`* BYE ${SERVE} logging out (${ENDED})`, `${imapCommandHead(line)!.tag} OK ${SERVE} LOGOUT (${ENDED})`);
}

/** What the stand-in waits for: the rest of a LOGIN sent as literals, or a SASL response. */
type Pending = { kind: 'login-literal' | 'sasl'; tag: string } | undefined;

/**
 * The stand-in login for one connection. `beforeRecording` takes the client's line before
 * the recording is consulted; `instead` gets the lines the recording did not match. Both
 * answer undefined for a line the stand-in leaves to the recording.
 */
export class LoginStandIn {
  private loggedIn = false;
  private pending: Pending;
  private caps: string | undefined;

  constructor(
    private readonly protocol: Protocol,
    private readonly start: MidSessionStart,
    private readonly capabilities: () => string,
    /** The recording's hierarchy delimiter, as a LIST response writes it; a guess (`"/"`) when it shows none. */
    private readonly delimiter: () => string | undefined = () => undefined,
  ) {}

  /**
   * Lines the stand-in takes first: the rest of a login under way, and until logged in the
   * login commands (a recording's CAPABILITY is the one after login, not the greeting's).
   */
  beforeRecording(line: Uint8Array): Answer | undefined {
    if (this.pending) return this.continued(line);
    if (this.loggedIn) return undefined;
    return this.protocol === 'imap' ? this.imapLogin(line) : this.pop3(line, true);
  }

  /** A login is under way: the next line is its literal or SASL response (a secret), no command. */
  get continuing(): boolean {
    return this.pending !== undefined;
  }

  /** A line the recording did not match: what a client sends between login and its first recorded command. */
  instead(line: Uint8Array): Answer | undefined {
    return this.protocol === 'imap' ? this.imapLoggedIn(line) : this.pop3(line, false);
  }

  private capabilityList(): string {
    this.caps ??= this.capabilities();
    return this.caps;
  }

  /** CAPABILITY, LOGIN, AUTHENTICATE and ID: the not-authenticated state's commands (RFC 3501 6.1, 6.2). */
  private imapLogin(line: Uint8Array): Answer | undefined {
    const head = imapCommandHead(line);
    if (!head) return undefined;
    const { tag, name } = head;
    const text = ascii(line.subarray(0, contentEnd(line)));
    switch (name) {
      case 'CAPABILITY':
      case 'ID':
        return this.imapAnyState(tag, name);
      case 'LOGIN':
        return this.loginLine(tag, text);
      case 'AUTHENTICATE': {
        const words = scanImapWords(line).slice(head.argsFrom).map((w) => wordText(line, w));
        if (words[0]?.toUpperCase() !== 'PLAIN') return lines(`${tag} NO ${SERVE} only AUTHENTICATE PLAIN and LOGIN are stood in for`);
        if (words.length > 1) return this.loggedInNow(tag); // RFC 4959: the initial response
        this.pending = { kind: 'sasl', tag };
        return goAhead();
      }
      default:
        return undefined;
    }
  }

  /** A LOGIN line: its arguments may go on as literals (RFC 3501 4.3), each announced `{N}` or `{N+}`. */
  private loginLine(tag: string, text: string): Answer {
    if (!ANY_LITERAL.test(text)) return this.loggedInNow(tag);
    this.pending = { kind: 'login-literal', tag };
    return SYNC_LITERAL.test(text) ? goAhead() : [];
  }

  private continued(line: Uint8Array): Answer {
    const { kind, tag } = this.pending!;
    const text = ascii(line.subarray(0, contentEnd(line)));
    this.pending = undefined;
    if (kind === 'login-literal') return this.loginLine(tag, text);
    // RFC 3501 6.2.2: a `*` line cancels the exchange.
    if (text === '*') return lines(`${tag} BAD ${SERVE} AUTHENTICATE cancelled`);
    return this.loggedInNow(tag);
  }

  private loggedInNow(tag: string): Answer {
    this.loggedIn = true;
    return lines(`${tag} OK [CAPABILITY ${this.capabilityList()}] ${LOGGED_IN}`);
  }

  /** After login: what clients send before their first command, answered in the recorded state's stead. */
  private imapLoggedIn(line: Uint8Array): Answer | undefined {
    const head = imapCommandHead(line);
    if (!head) return undefined;
    const { tag, name } = head;
    const args = scanImapWords(line).slice(head.argsFrom).map((w) => wordText(line, w));
    switch (name) {
      case 'CAPABILITY':
      case 'ID':
      case 'NOOP':
        return this.imapAnyState(tag, name);
      // RFC 5161 3.1: ENABLED lists what was enabled; the recording plays as it was recorded, so nothing is.
      case 'ENABLE':
        return lines('* ENABLED', `${tag} OK ${SERVE} nothing enabled (a stand-in: the recording plays as recorded)`);
      // RFC 2342 5: NIL for each kind of namespace (none known).
      case 'NAMESPACE':
        return lines('* NAMESPACE NIL NIL NIL', `${tag} OK ${SERVE} a stand-in NAMESPACE`);
      case 'LIST':
      case 'LSUB':
        return this.listed(tag, name, args);
      case 'SELECT':
      case 'EXAMINE':
        return this.start.state === 'selected' ? this.selected(tag, name, args[0] ?? '""') : undefined;
      default:
        return undefined;
    }
  }

  /**
   * RFC 3501 6.3.8: `LIST "" ""` asks for the hierarchy delimiter, and a LIST or LSUB of one
   * name without wildcards whether that mailbox exists (imapflow asks before SELECT): it does,
   * as far as the stand-in tells. Other LISTs are the recording's. The delimiter is a guess.
   */
  private listed(tag: string, name: string, args: string[]): Answer | undefined {
    if (args.length !== 2 || args[0] !== '""' || /[%*]/.test(args[1])) return undefined;
    const recorded = this.delimiter();
    const ok = `${tag} OK ${SERVE} a stand-in ${name} (${recorded === undefined ? 'the delimiter is a guess' : 'the recording\'s delimiter'})`;
    const delimiter = recorded ?? GUESSED_DELIMITER;
    if (args[1] === '""') return name === 'LIST' ? lines(`* LIST (\\Noselect) ${delimiter} ""`, ok) : lines(ok);
    return lines(`* ${name} () ${delimiter} ${args[1]}`, ok);
  }

  private imapAnyState(tag: string, name: string): Answer {
    if (name === 'CAPABILITY') return lines(`* CAPABILITY ${this.capabilityList()}`, `${tag} OK ${SERVE} CAPABILITY (a stand-in, the recording starts after login)`);
    if (name === 'ID') return lines('* ID NIL', `${tag} OK ${SERVE} ID (a stand-in)`);
    return lines(`${tag} OK ${SERVE} NOOP (a stand-in)`);
  }

  /**
   * The responses RFC 3501 6.3.1 requires of SELECT (FLAGS, EXISTS, RECENT, UIDVALIDITY),
   * with the count and UIDVALIDITY the recording's header tells (none when it does not): a
   * client that fetches `*` (imapflow's fetchOne) gets the last message as it was when recorded.
   * A recording selected in a rev2-only session also gets the LIST RFC 9051 6.3.2 requires.
   */
  private selected(tag: string, name: string, mailbox: string): Answer {
    const recorded = this.start.mailbox === undefined ? '' : ` "${this.start.mailbox}"`;
    const access = name === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE';
    const rev2Only = !/(^| )IMAP4rev1( |$)/i.test(this.capabilityList()) && /(^| )IMAP4rev2( |$)/i.test(this.capabilityList());
    return lines(
      `* FLAGS ${SYSTEM_FLAGS}`,
      `* ${this.start.exists ?? 0} EXISTS`,
      ...(rev2Only ? [`* LIST () ${this.delimiter() ?? GUESSED_DELIMITER} ${mailbox}`] : ['* 0 RECENT']),
      `* OK [UIDVALIDITY ${this.start.uidValidity ?? 1}] a stand-in`,
      `${tag} OK [${access}] ${SERVE} a stand-in ${name}: the recording starts with${recorded || ' a mailbox'} selected`,
    );
  }

  /** POP3 (RFC 1939, RFC 2449): USER, PASS, APOP and CAPA until logged in; CAPA and NOOP after. */
  private pop3(line: Uint8Array, loggingIn: boolean): Answer | undefined {
    const word = scanPop3Words(line)[0];
    const name = word ? wordText(line, word).toUpperCase() : '';
    if (name === 'CAPA') return lines(`+OK ${SERVE} a stand-in capability list`, 'USER', '.');
    if (!loggingIn) return name === 'NOOP' ? lines(`+OK ${SERVE} NOOP (a stand-in)`) : undefined;
    if (name === 'USER') return lines(`+OK ${SERVE} any user (the recording starts after login)`);
    if (name === 'PASS' || name === 'APOP') {
      this.loggedIn = true;
      return lines(`+OK ${LOGGED_IN}`);
    }
    return undefined;
  }
}

// The command line: one typed table of connection options feeds commander and the help.
// Subcommands live one per file and are imported only when used, so `--version` and
// `--help` stay fast.
import { Command, Option } from 'commander';
import { homedir } from 'node:os';
import { errorLine, exitCodeFor } from './exit.js';
import type { CliIO } from './io.js';
import { packageVersion } from '../version.js';
import { watchOutputClosed } from './signals.js';

interface OptionSpec {
  flags: string;
  help: string;
  default?: string;
  repeatable?: boolean;
}

/** Options shared by every command that connects to a server (connect, demo, replay). */
export const CONNECTION_OPTIONS: OptionSpec[] = [
  { flags: '--imap', help: 'speak IMAP (default: from the port, else from the greeting)' },
  { flags: '--pop3', help: 'speak POP3' },
  { flags: '--tls', help: 'implicit TLS from the first byte (default on ports 993 and 995)' },
  { flags: '--starttls', help: 'upgrade with STARTTLS (IMAP) or STLS (POP3); fails rather than fall back to clear text' },
  { flags: '--plain', help: 'no TLS at all' },
  { flags: '--insecure', help: 'do not verify the server certificate (TLS still encrypts)' },
  { flags: '--ca <file>', help: 'trust this CA certificate file (PEM) instead of the system store' },
  { flags: '--servername <name>', help: 'TLS server name (SNI) and the name the certificate must carry' },
  { flags: '--cert <file>', help: 'client certificate (PEM), for SASL EXTERNAL' },
  { flags: '--key <file>', help: 'private key of --cert (PEM)' },
  { flags: '--tls-min <version>', help: 'lowest TLS version to accept: 1.2 or 1.3' },
  { flags: '--timeout <seconds>', help: 'connect and read timeout', default: '15' },
  { flags: '--tag-prefix <prefix>', help: 'prefix of automatic IMAP tags', default: 'a' },
  { flags: '--raw', help: 'print the exact bytes with C:/S: prefixes' },
  { flags: '--json', help: 'print one JSON object per response (parsed tree plus raw bytes)' },
  { flags: '--no-color', help: 'no colours (NO_COLOR and FORCE_COLOR are respected too)' },
  { flags: '-c, --command <line>', help: 'send this line (repeatable); no REPL', repeatable: true },
  { flags: '--strict', help: 'in a script, a server line that breaks the grammar fails the run (exit 1), as a NO does' },
  { flags: '--explain', help: 'annotate capabilities, codes and flags the first time they appear' },
  { flags: '--no-guard', help: 'no warnings before sending (the plaintext-password check stays)' },
  { flags: '--no-history', help: 'do not read or write ~/.mailscope_history' },
  { flags: '--record <file>', help: 'record the session into a transcript file (secrets redacted)' },
  { flags: '--record-secrets', help: 'keep passwords and tokens in the recording (unsafe)' },
  { flags: '--allow-plaintext-auth', help: 'send passwords over unencrypted non-loopback connections without asking' },
  { flags: '--user <name>', help: 'user name for --login and :login' },
  { flags: '--login', help: 'log in right after connecting (and STARTTLS), with the best mechanism announced' },
  { flags: '--auth <mechanism>', help: 'SASL mechanism (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256, XOAUTH2, OAUTHBEARER, EXTERNAL...), or USER / APOP (POP3)' },
  { flags: '--authzid <identity>', help: 'authorization identity (act as another user), for PLAIN and SCRAM' },
  { flags: '--password-env <var>', help: 'read the password from this environment variable' },
  { flags: '--token-env <var>', help: 'read the OAuth token from this environment variable' },
  { flags: '--token-file <file>', help: 'read the OAuth token from this file' },
  { flags: '--unsafe-password <password>', help: 'the password itself: UNSAFE, it shows in ps and shell history' },
  { flags: '--compress', help: 'turn on COMPRESS=DEFLATE (RFC 4978) after login' },
];

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addOptions(cmd: Command, specs: OptionSpec[]): Command {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.help);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.repeatable) option.argParser(collect);
    cmd.addOption(option);
  }
  return cmd;
}

/**
 * `--no-color` on a command whose output has no colours (serve's event lines, export's file,
 * import's one line): taken and without effect, so a script can pass it to every command.
 */
const NO_COLOR_UNUSED = ['--no-color', 'no colours (this command writes none; taken so every command takes it)'] as const;

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('mailscope')
    .description('Talk to IMAP and POP3 servers by hand: tags, colours, explanations, transcripts.')
    .version(packageVersion(), '-V, --version')
    .argument('[host[:port]]', 'server to connect to; [::1]:143 for IPv6')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line, as every other error: `mailscope: unknown option '--bogus' (--help ...)`.
      outputError: (s, write) => write(`mailscope: ${s.replace(/^error: /, '').trimEnd()} (--help lists the options)\n`),
    })
    .enablePositionalOptions()
    .exitOverride();
  addOptions(program, CONNECTION_OPTIONS);
  program.action(async (target: string | undefined, opts) => {
    if (!target) {
      // Options given without a server are a mistake to name in one line; a bare `mailscope` asks for help.
      const given = Object.keys(opts).filter((name) => program.getOptionValueSource(name) === 'cli');
      if (given.length > 0) {
        io.stderr.write('mailscope: no server given: mailscope [options] HOST[:PORT] (--help lists the options; `mailscope demo` starts a server in the process)\n');
        return setExit(2);
      }
      program.outputHelp();
      io.stdout.write('\nNo server at hand? `mailscope demo` starts one inside the process.\n');
      return setExit(2);
    }
    const { runConnect } = await import('./connect.js');
    setExit(await runConnect(target, opts, io));
  });

  addOptions(
    program
      .command('demo')
      .description('start the embedded demo server and open the REPL on it')
      .option('--pop3', 'connect with POP3 instead of IMAP')
      .option('--load <path>', 'seed the demo mailbox from a directory of .eml files or an mbox file'),
    CONNECTION_OPTIONS.filter((o) => !/--(imap|pop3|tls|starttls|plain|insecure|ca|servername)\b/.test(o.flags)),
  ).action(async (opts) => {
    const { runDemo } = await import('./demo.js');
    setExit(await runDemo(opts, io));
  });

  program
    .command('serve-demo')
    .description('run only the demo server, for other clients (Thunderbird, curl, a class)')
    .option('--imap-port <port>', 'IMAP port (STARTTLS available)', '1143')
    .option('--pop3-port <port>', 'POP3 port (STLS available)', '1110')
    .option('--tls-port <port>', 'IMAP implicit-TLS port')
    .option('--pop3s-port <port>', 'POP3 implicit-TLS port')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--load <path>', 'seed from a directory of .eml files or an mbox file')
    .option('--login-disabled', 'announce LOGINDISABLED and refuse logins until STARTTLS (RFC 3501 6.2.3)')
    .option(...NO_COLOR_UNUSED)
    .action(async (opts) => {
      const { runServeDemoCli } = await import('./demo.js');
      setExit(await runServeDemoCli(opts, io));
    });

  program
    .command('explain')
    .description('explain IMAP/POP3 commands, capabilities, response codes, flags, ACL rights')
    .argument('<term...>', 'terms, e.g. IDLE AUTH=PLAIN "[UIDVALIDITY 1]" \\\\Seen acdilrsw')
    .option('--no-color', 'no colours')
    .action(async (terms: string[], opts: { color?: boolean }) => {
      const { runExplain } = await import('./explain.js');
      const { colorEnabled } = await import('../terminal/theme.js');
      setExit(await runExplain(terms, io.stdout, { color: colorEnabled(io.env, io.stdout.isTTY === true, opts.color), env: io.env }));
    });

  program
    .command('replay')
    .description('send a transcript\'s client lines to a server and compare the answers with its S: lines')
    .argument('<file>', 'transcript file')
    .argument('<host[:port]>', 'server to replay against')
    .option('--tls', 'implicit TLS')
    .option('--insecure', 'do not verify the server certificate')
    .option('--ca <file>', 'trust this CA certificate file (PEM)')
    .option('--servername <name>', 'TLS server name (SNI)')
    .option('--loose', 'match values that differ between runs and servers (UIDVALIDITY, dates, texts after the status)')
    .option('--renumber-tags', 'send fresh tags instead of the recorded ones')
    .option('--user <name>', 'user for redacted LOGIN/AUTHENTICATE lines')
    .option('--password-env <var>', 'environment variable with the password for redacted lines (default MAILSCOPE_PASSWORD)')
    .option('--timeout <seconds>', 'how long to wait for each answer', '15')
    .option('--no-color', 'no colours')
    .action(async (file: string, target: string, opts) => {
      const { runReplay } = await import('./replay.js');
      setExit(await runReplay(file, target, opts, io));
    });

  program
    .command('serve')
    .description('play a transcript\'s server side to any client that connects (a fake server)')
    .argument('<file>', 'transcript file')
    .option('--port <port>', 'port to listen on (default 1143 for an IMAP recording, 1110 for POP3; 0: any free port)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--strict', 'end the session at the first client line that does not match')
    .option(...NO_COLOR_UNUSED)
    .action(async (file: string, opts) => {
      const { runServe } = await import('./serve.js');
      setExit(await runServe(file, opts, io));
    });

  program
    .command('play')
    .description('render a transcript offline with the pretty printer')
    .argument('<file>', 'transcript file')
    .option('--step', 'wait for Enter before each client command, with the narration shown')
    .option('--explain', 'annotate capabilities, codes and flags')
    .option('--no-color', 'no colours')
    .action(async (file: string, opts) => {
      const { runPlay } = await import('./play.js');
      setExit(await runPlay(file, opts, io));
    });

  program
    .command('import')
    .description('turn a telnet-style paste (like the tutorial\'s) into a transcript')
    .argument('<paste>', 'text file with the paste, or - for standard input')
    .requiredOption('-o, --output <file>', 'transcript file to write')
    .option('--imap', 'the paste is IMAP (default: guessed)')
    .option('--pop3', 'the paste is POP3 (default: guessed)')
    .option('--keep-secrets', 'keep passwords found in the paste (unsafe)')
    .option(...NO_COLOR_UNUSED)
    .action(async (paste: string, opts) => {
      const { runImport } = await import('./import.js');
      setExit(await runImport(paste, opts, io));
    });

  program
    .command('export')
    .description('write a transcript as one self-contained HTML page or as Markdown')
    .argument('<file>', 'transcript file')
    .option('--html', 'a self-contained page, coloured like the terminal, with explanations on hover')
    .option('--markdown', 'Markdown for blogs and wikis')
    .option('-o, --output <file>', 'where to write (default: standard output)')
    .option(...NO_COLOR_UNUSED)
    .action(async (file: string, opts) => {
      const { runExport } = await import('./export.js');
      setExit(await runExport(file, opts, io));
    });

  return program;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    const commanderCode = (err as { code?: string }).code;
    if (commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version') return 0;
    if (commanderCode?.startsWith('commander.')) return 2;
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  }
}

export function processIO(): CliIO {
  watchOutputClosed(process.stdout);
  watchOutputClosed(process.stderr);
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, home: process.env.HOME ?? homedir() };
}

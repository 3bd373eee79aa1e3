// Benchmark inputs, generated in memory. Each is a prefix, a period of whole responses
// repeated, and a suffix, cut into chunks of a fixed size (64 KiB, like a socket read)
// wherever the cut falls. Only one period is held in memory, so RSS measures the reader.
// Each chunk is a fresh copy, as a socket read gives (Node allocates a new buffer per read):
// a reader that keeps views of chunks keeps their memory alive, as it would on a socket.

export const CHUNK = 64 * 1024;

/** Yields fresh `chunkSize` chunks of prefix + period x repeats + suffix. */
export function* chunked(input, chunkSize = CHUNK) {
  for (const c of views(input, chunkSize)) yield Buffer.from(c);
}

function* views({ prefix, period, repeats, suffix }, chunkSize) {
  let carry = prefix;
  for (let r = 0; r < repeats; r++) {
    let pos = 0;
    if (carry.length > 0) {
      const need = chunkSize - carry.length;
      if (need > 0 && period.length >= need) {
        yield Buffer.concat([carry, period.subarray(0, need)]);
        pos = need;
        carry = Buffer.alloc(0);
      } else {
        carry = Buffer.concat([carry, period]);
        continue;
      }
    }
    while (period.length - pos >= chunkSize) {
      yield period.subarray(pos, pos + chunkSize);
      pos += chunkSize;
    }
    carry = Buffer.from(period.subarray(pos));
  }
  carry = Buffer.concat([carry, suffix]);
  for (let pos = 0; pos < carry.length; pos += chunkSize) yield carry.subarray(pos, pos + chunkSize);
}

export function totalBytes({ prefix, period, repeats, suffix }) {
  return prefix.length + period.length * repeats + suffix.length;
}

const DONE = Buffer.from('A1 OK done\r\n');
const lines = (n, f) => Buffer.from(Array.from({ length: n }, (_, i) => f(i + 1)).join(''));

// Realistic dates: a mailbox filled over years, one message every 17 min 23 s or so, in a
// few time zones, so every date of a period is distinct (no cache sees a date twice in a row
// of 10,000) and day numbers below 10 take RFC 3501's date-day-fixed SP padding.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ZONES = [['+0530', 330], ['+0000', 0], ['-0800', -480], ['+0100', 60]];
const pad2 = (n) => String(n).padStart(2, '0');

function messageDate(i) {
  const [zone, minutes] = ZONES[i % ZONES.length];
  const d = new Date(Date.UTC(2011, 0, 14, 8, 0, 0) + i * 1_043_000 + (i % 7) * 13_000 + minutes * 60_000);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return { d, zone, time };
}

/** date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE. */
function internalDate(i) {
  const { d, zone, time } = messageDate(i);
  return `${String(d.getUTCDate()).padStart(2, ' ')}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${time} ${zone}`;
}

/** An RFC 5322 Date: header, as ENVELOPE carries it. */
function headerDate(i) {
  const { d, zone, time } = messageDate(i);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} ${zone}`;
}

/** FETCH (FLAGS UID RFC822.SIZE INTERNALDATE) for 100,000 messages (10,000 distinct dates). */
export function fetchFlags() {
  const flags = ['\\Seen', '\\Seen \\Answered', '', '\\Flagged \\Seen $Forwarded'];
  const period = lines(10_000, (i) =>
    `* ${i} FETCH (FLAGS (${flags[i % 4]}) UID ${i + 40000} RFC822.SIZE ${1000 + ((i * 7919) % 90_000)} INTERNALDATE "${internalDate(i)}")\r\n`);
  return { name: 'FETCH FLAGS/UID/SIZE/DATE x100k', prefix: Buffer.alloc(0), period, repeats: 10, suffix: DONE, responses: 100_001 };
}

/** FETCH (ENVELOPE BODYSTRUCTURE) for 50,000 messages (5,000 distinct dates). */
export function envelopeBodystructure() {
  const period = lines(5000, (i) =>
    `* ${i} FETCH (UID ${i} ENVELOPE ("${headerDate(i)}" "Test message number ${i} about \\"quotes\\"" (("support team" NIL "examplesupport" "gmail.com")) (("support team" NIL "examplesupport" "gmail.com")) (("support team" NIL "examplesupport" "gmail.com")) ((NIL NIL "test77" "webdemo.com")) NIL NIL NIL "<AANLkTim${i}@mail.gmail.com>") ` +
    `BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" ${100 + i} 3 NIL NIL NIL NIL)("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" ${300 + i} 5 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "90e6ba53a4f47aa2e40499e0b764") NIL NIL NIL))\r\n`);
  return { name: 'FETCH ENVELOPE+BODYSTRUCTURE x50k', prefix: Buffer.alloc(0), period, repeats: 10, suffix: DONE, responses: 50_001 };
}

function mailText(size, seed) {
  const line = `Received: by 10.231.14.${seed} with HTTP; Sat, 15 Jan 2011 03:18:56 -0800 (PST) lorem ipsum\r\n`;
  return Buffer.alloc(size, line);
}

/** BODY[] literals of 512 KiB, 200 MiB in all (400 messages). */
export function bodyLiterals() {
  const size = 512 * 1024;
  const msgs = [];
  for (let i = 1; i <= 8; i++) {
    msgs.push(Buffer.from(`* ${i} FETCH (UID ${i} BODY[] {${size}}\r\n`), mailText(size, i), Buffer.from(')\r\n'));
  }
  return { name: 'BODY[] literals 512 KiB, 200 MiB', prefix: Buffer.alloc(0), period: Buffer.concat(msgs), repeats: 50, suffix: DONE, responses: 401 };
}

/** A 100 MiB POP3 RETR, one line in 20 dot-stuffed. */
export function pop3Retr() {
  const period = lines(1000, (i) => (i % 20 === 0 ? `..stuffed line ${i} of a long message body, padded to about eighty\r\n` : `Line ${i} of a long message body, padded to about eighty bytes per line......\r\n`));
  const repeats = Math.ceil((100 * 1024 * 1024) / period.length);
  return { name: 'POP3 RETR 100 MiB dot-stuffed', prefix: Buffer.from(`+OK ${period.length * repeats} octets\r\n`), period, repeats, suffix: Buffer.from('.\r\n'), responses: 1 };
}

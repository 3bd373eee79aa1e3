// Benchmark inputs, generated in memory. Each is a prefix, a period of whole responses
// repeated, and a suffix, cut into chunks of a fixed size (64 KiB, like a socket read)
// wherever the cut falls. Only one period is held in memory, so RSS measures the reader.

export const CHUNK = 64 * 1024;

/** Yields `chunkSize` chunks of prefix + period x repeats + suffix (fresh buffers only at wraps). */
export function* chunked({ prefix, period, repeats, suffix }, chunkSize = CHUNK) {
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

/** FETCH (FLAGS UID RFC822.SIZE INTERNALDATE) for 100,000 messages. */
export function fetchFlags() {
  const flags = ['\\Seen', '\\Seen \\Answered', '', '\\Flagged \\Seen $Forwarded'];
  const period = lines(1000, (i) =>
    `* ${i} FETCH (FLAGS (${flags[i % 4]}) UID ${i + 40000} RFC822.SIZE ${1000 + i * 7} INTERNALDATE "14-Jan-2011 13:${String(i % 60).padStart(2, '0')}:25 +0530")\r\n`);
  return { name: 'FETCH FLAGS/UID/SIZE/DATE x100k', prefix: Buffer.alloc(0), period, repeats: 100, suffix: DONE, responses: 100_001 };
}

/** FETCH (ENVELOPE BODYSTRUCTURE) for 50,000 messages. */
export function envelopeBodystructure() {
  const period = lines(500, (i) =>
    `* ${i} FETCH (UID ${i} ENVELOPE ("Sat, 15 Jan 2011 10:50:12 +0530" "Test message number ${i} about \\"quotes\\"" (("support team" NIL "examplesupport" "gmail.com")) (("support team" NIL "examplesupport" "gmail.com")) (("support team" NIL "examplesupport" "gmail.com")) ((NIL NIL "test77" "webdemo.com")) NIL NIL NIL "<AANLkTim${i}@mail.gmail.com>") ` +
    `BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" ${100 + i} 3 NIL NIL NIL NIL)("TEXT" "HTML" ("CHARSET" "ISO-8859-1") NIL NIL "7BIT" ${300 + i} 5 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "90e6ba53a4f47aa2e40499e0b764") NIL NIL NIL))\r\n`);
  return { name: 'FETCH ENVELOPE+BODYSTRUCTURE x50k', prefix: Buffer.alloc(0), period, repeats: 100, suffix: DONE, responses: 50_001 };
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

// What `:save --decode` does with one body: undo its Content-Transfer-Encoding (RFC 2045 6),
// keep it as received (BINARY already decoded, a 7bit part), or refuse in one line that says
// how to get on. Where the encoding comes from, first found first: the same FETCH response
// (BODYSTRUCTURE, BODY or BODY[n.MIME]), the BODYSTRUCTURE seen for that message in this
// selection, the encoding the user named (--decode=base64).
import type { ImapValue } from '../protocol/imap/types.js';
import { partEncoding } from '../mime/part-encoding.js';
import { DECODED_TRANSFER_ENCODINGS, IDENTITY_TRANSFER_ENCODINGS, transferDecoder, type TransferDecoder } from '../mime/transfer-decoder.js';
import { itemLabel, wholePart, type BodyOrigin, type FetchedItem } from './body-origin.js';

/** `--decode` alone (undefined `named`), or `--decode=ENCODING`. */
export interface DecodeRequest {
  named?: string;
}

export type DecodePlan =
  | { kind: 'decode'; encoding: string; decoder: TransferDecoder; notes: string[] }
  | { kind: 'as-is'; notes: string[] }
  | { kind: 'refuse'; reason: string }
  /** A part whose encoding nothing said yet: a BODYSTRUCTURE later in the same response may. */
  | { kind: 'unknown'; reason: string };

export type StructureLookup = (msn: number | undefined, uid: number | undefined) => ImapValue | undefined;

const ENCODING_NAMES = DECODED_TRANSFER_ENCODINGS.join(' or ');

/** The one-line reason a `:save` argument cannot be taken; undefined when it can. */
export function badDecodeArgument(named: string): string | undefined {
  if (DECODED_TRANSFER_ENCODINGS.includes(named.toLowerCase())) return undefined;
  return `--decode=${named}: ENCODING is ${ENCODING_NAMES}`;
}

const WHOLE_MESSAGE = '--decode undoes the Content-Transfer-Encoding of one MIME part, and a whole message has none';

export function decodePlan(origin: BodyOrigin, request: DecodeRequest, lookup: StructureLookup): DecodePlan {
  if (origin.kind === 'pop3') return { kind: 'refuse', reason: `${WHOLE_MESSAGE}: POP3 gives whole messages (RETR, TOP); fetch the part over IMAP with BODY.PEEK[n]` };
  if (origin.kind === 'other') return { kind: 'refuse', reason: '--decode undoes a MIME part\'s encoding: the last literal was no FETCH BODY[n]' };
  return fetchedPlan(origin, request, lookup);
}

function fetchedPlan(item: FetchedItem, request: DecodeRequest, lookup: StructureLookup): DecodePlan {
  const label = itemLabel(item);
  // RFC 3516 4.2: BINARY[n] is the content with its encoding removed by the server.
  if (item.item === 'BINARY') return { kind: 'as-is', notes: [`${label} came decoded by the server (RFC 3516): saved as received, --decode had nothing to undo`] };
  const part = item.item === 'BODY' ? wholePart(item.section) : undefined;
  if (!part) {
    const whole = item.item === 'RFC822' || (item.item === 'BODY' && item.section?.trim() === '');
    if (whole) return { kind: 'refuse', reason: `${WHOLE_MESSAGE}: ${label} is the whole message; fetch one part, BODY.PEEK[n]` };
    return { kind: 'refuse', reason: `--decode needs a part's content, BODY[n] (BODY[1.2]...): ${label} is not one` };
  }
  if (item.origin !== undefined && item.origin > 0) {
    return { kind: 'refuse', reason: `--decode needs the part from its start: ${label} begins inside it; fetch BODY.PEEK[${item.section}] whole` };
  }
  const known = item.encodingHere ?? bodyStructureEncoding(item, part, lookup);
  if (known === undefined) {
    if (request.named) return decoding(request.named, []);
    return { kind: 'unknown', reason: unknownEncoding(item) };
  }
  const notes = request.named && request.named.toLowerCase() !== known ? [`--decode=${request.named} not used: the server says ${label} is ${known}`] : [];
  if (IDENTITY_TRANSFER_ENCODINGS.includes(known)) return { kind: 'as-is', notes: [...notes, `${label} is ${known}: nothing to decode, saved as received`] };
  if (!transferDecoder(known)) {
    return { kind: 'refuse', reason: `${label} is ${known}, which --decode cannot undo (it knows ${ENCODING_NAMES}); :save without --decode keeps it as received` };
  }
  return decoding(known, notes);
}

function bodyStructureEncoding(item: FetchedItem, part: number[], lookup: StructureLookup): string | undefined {
  const structure = lookup(item.msn, item.uid);
  return structure ? partEncoding(structure, part) : undefined;
}

function decoding(encoding: string, notes: string[]): DecodePlan {
  const decoder = transferDecoder(encoding);
  return decoder ? { kind: 'decode', encoding: encoding.toLowerCase(), decoder, notes } : { kind: 'as-is', notes };
}

function unknownEncoding(item: FetchedItem): string {
  const message = item.msn ?? 'N';
  return `the Content-Transfer-Encoding of ${itemLabel(item)} is not known: fetch ${message} bodystructure first, give --decode=ENCODING (${ENCODING_NAMES}), or use BINARY.PEEK[${item.section}] if the server offers BINARY`;
}

/** The line a decoded save ends with. */
export function decodedSummary(written: number, path: string, encoding: string, received: number): string {
  return `saved ${written} bytes to ${path}, decoded from ${encoding} (${received} bytes as received)`;
}

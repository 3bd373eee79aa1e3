// RFC 3501 date-time ("14-Jan-2011 13:33:25 +0530") and date ("14-Jan-2011"), the two date
// forms of INTERNALDATE, APPEND and SEARCH. Kept as text plus the instant, so a seeded
// message shows its internal date in its own zone, as the server that stored it did.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface InternalDate {
  /** The date-time as sent in FETCH INTERNALDATE. */
  text: string;
  /** Milliseconds since the epoch. */
  ms: number;
  /** The calendar day in the date-time's own zone, as days since the epoch (SEARCH BEFORE/ON/SINCE). */
  day: number;
}

const DATE_TIME = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const DATE = /^"?(\d{1,2})-([A-Za-z]{3})-(\d{4})"?$/;

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.toLowerCase() === name.toLowerCase());
}

/** Parses an RFC 3501 date-time; undefined when it breaks the grammar. */
export function parseDateTime(text: string): InternalDate | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, dd, mon, yyyy, hh, mi, ss, sign, zh, zm] = m;
  const month = monthIndex(mon);
  if (month < 0) return undefined;
  const day = Date.UTC(+yyyy, month, +dd) / 86_400_000;
  const offset = (sign === '-' ? -1 : 1) * (+zh * 60 + +zm);
  const ms = Date.UTC(+yyyy, month, +dd, +hh, +mi, +ss) - offset * 60_000;
  if (Number.isNaN(ms) || +hh > 23 || +mi > 59 || +ss > 60 || +dd > 31) return undefined;
  const canonical = `${dd.padStart(2, '0')}-${MONTHS[month]}-${yyyy} ${hh}:${mi}:${ss} ${sign}${zh}${zm}`;
  return { text: canonical, ms, day };
}

/** Parses an RFC 3501 `date` (SEARCH keys) as days since the epoch. */
export function parseSearchDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const month = monthIndex(m[2]);
  if (month < 0) return undefined;
  return Date.UTC(+m[3], month, +m[1]) / 86_400_000;
}

/** Formats an instant as an RFC 3501 date-time in UTC (the demo server's zone). */
export function formatDateTime(date: Date): InternalDate {
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ` +
    `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
  return parseDateTime(text)!;
}

/** The UTC calendar day of an instant, for SENTBEFORE/SENTON/SENTSINCE on the Date header. */
export function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

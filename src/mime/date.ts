// RFC 5322 section 3.3 date-time, with the obsolete forms of section 4.3 that real mail
// still carries: two- and three-digit years, alphabetic zones (UT, GMT, EST...), military
// zones, missing seconds, missing day-of-week, comments, and any amount of whitespace.

export interface MessageDate {
  /** The instant. */
  date: Date;
  /** The zone offset written in the header, in minutes east of UTC. */
  offsetMinutes: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 5322 section 4.3 obs-zone. Military zones carry no reliable meaning (RFC 1123 got
// their sign wrong), so, like any other unknown name, they count as -0000.
const NAMED_ZONES: Record<string, number> = {
  ut: 0, gmt: 0, z: 0,
  edt: -4 * 60, est: -5 * 60, cdt: -5 * 60, cst: -6 * 60,
  mdt: -6 * 60, mst: -7 * 60, pdt: -7 * 60, pst: -8 * 60,
};

const DATE_TIME =
  /^(?:[a-z]+\s*,?\s*)?(\d{1,2})\s*-?\s*([a-z]{3})[a-z]*\s*-?\s*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*([+-]\d{4}|[a-z]+)?/;

export function parseMessageDate(text: string): MessageDate | undefined {
  const cleaned = text.replace(/\([^()]*\)/g, ' ').trim().toLowerCase();
  const m = DATE_TIME.exec(cleaned);
  if (!m) return undefined;
  const [, day, monthName, yearText, hour, minute, second, zone] = m;
  const month = MONTHS.indexOf(monthName);
  const offsetMinutes = zoneOffset(zone);
  if (month < 0) return undefined;
  if (+day > 31 || +hour > 23 || +minute > 59 || +(second ?? 0) > 60) return undefined;
  const utc = Date.UTC(fullYear(yearText), month, +day, +hour, +minute, +(second ?? 0));
  return { date: new Date(utc - offsetMinutes * 60_000), offsetMinutes };
}

// RFC 5322 section 4.3: a two-digit year below 50 is 20xx, otherwise 19xx; three digits add 1900.
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  if (text.length === 3) return 1900 + year;
  return year;
}

function zoneOffset(zone: string | undefined): number {
  if (zone === undefined) return 0;
  if (/^[+-]\d{4}$/.test(zone)) {
    const minutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
    return zone[0] === '-' ? -minutes : minutes;
  }
  // Unknown alphabetic zones SHOULD be taken as -0000 (RFC 5322 section 4.3).
  return NAMED_ZONES[zone] ?? 0;
}

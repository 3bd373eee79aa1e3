// RFC 2047 decoding for display: the examples of RFC 2047 section 8, and the cases real mail has.
import { describe, expect, it } from 'vitest';
import { decodeEncodedWords } from '../../src/mime/encoded-words.js';

describe('decodeEncodedWords', () => {
  // RFC 2047 section 8: encoded form, displayed form.
  const RFC_2047_SECTION_8: [string, string][] = [
    ['=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>', 'Keith Moore <moore@cs.utk.edu>'],
    ['=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>', 'Keld Jørn Simonsen <keld@dkuug.dk>'],
    ['=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>', 'André Pirard <PIRARD@vm1.ulg.ac.be>'],
    [
      '=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=',
      'If you can read this you understand the example.',
    ],
    ['Nathaniel Borenstein <nsb@thumper.bellcore.com> (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)', 'Nathaniel Borenstein <nsb@thumper.bellcore.com> (םולש ןב ילטפנ)'],
    ['(=?ISO-8859-1?Q?a?=)', '(a)'],
    ['(=?ISO-8859-1?Q?a?= b)', '(a b)'],
    ['(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)', '(ab)'],
    ['(=?ISO-8859-1?Q?a_b?=)', '(a b)'],
    ['(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)', '(a b)'],
  ];
  for (const [encoded, shown] of RFC_2047_SECTION_8) {
    it(`RFC 2047 section 8: ${JSON.stringify(encoded)}`, () => expect(decodeEncodedWords(encoded)).toBe(shown));
  }

  const MORE: [string, string, string][] = [
    ['UTF-8 B', '=?UTF-8?B?RW50d8O8cmZl?=', 'Entwürfe'],
    ['lower-case q and charset', '=?utf-8?q?caf=C3=A9?=', 'café'],
    ['a multi-byte character split across two words', '=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=', 'éé'],
    ['split UTF-8 sequence joined before decoding', '=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=', 'é'],
    ['KOI8-R', '=?KOI8-R?B?8NLJ18XU?=', 'Привет'],
    ['windows-1252', '=?windows-1252?Q?=93quoted=94?=', '“quoted”'],
    ['ISO-8859-15 euro', '=?ISO-8859-15?Q?=A4?=', '€'],
    ['RFC 2231 language suffix', '=?UTF-8*en?Q?hello?=', 'hello'],
    ['text between words is kept', '=?UTF-8?Q?a?= and =?UTF-8?Q?b?=', 'a and b'],
    ['unknown charset left as is', '=?x-unknown?Q?abc?=', '=?x-unknown?Q?abc?='],
    ['bad Q escape left as is', '=?UTF-8?Q?a=ZZ?=', '=?UTF-8?Q?a=ZZ?='],
    ['bad base64 left as is', '=?UTF-8?B?a*b=?=', '=?UTF-8?B?a*b=?='],
    ['bytes invalid in the charset left as is', '=?UTF-8?Q?=FF?=', '=?UTF-8?Q?=FF?='],
    ['unknown encoding left as is', '=?UTF-8?X?abc?=', '=?UTF-8?X?abc?='],
    ['plain text untouched', 'TESTING IMAP COMMANDS TELNET', 'TESTING IMAP COMMANDS TELNET'],
    ['valid word next to an invalid one', '=?UTF-8?Q?ok?= =?nope?Q?x?=', 'ok =?nope?Q?x?='],
  ];
  for (const [name, encoded, shown] of MORE) {
    it(name, () => expect(decodeEncodedWords(encoded)).toBe(shown));
  }
});

// A mailing-list conversation in the class account's INBOX (student@example.com), so SORT and
// THREAD (RFC 5256) have something to teach on the first run. The tutorial's account keeps
// the tutorial's mail only: its sessions, and the transcripts recorded from them, stay as they
// are. Each message shows one step of the REFERENCES algorithm:
//   1 starts a thread;
//   2 replies to 1 (In-Reply-To only: step 1 takes the first In-Reply-To msg-id);
//   3 replies to 2 (References lists 1 and 2);
//   4 forwards 2, citing only 2 in References (nested under 2, beside 3);
//   5 starts another topic;
//   6 has the same base subject as 5 behind a list tag, and no references: only step 5
//     (grouping by base subject, RFC 5256 2.1) puts it with 5.
// Sent dates are out of arrival order on purpose, so SORT (DATE) and SORT (ARRIVAL) differ.
import type { SeedMessage } from './seed-messages.js';

/** The account these messages are seeded for, in addition to the common seed. */
export const CLASS_THREAD_USER = 'student@example.com';

interface Post {
  from: string;
  date: string;
  subject: string;
  id: string;
  inReplyTo?: string;
  references?: string[];
  body: string;
  arrived: string;
}

const POSTS: Post[] = [
  { from: 'Ana Lima <ana@lists.example.edu>', date: 'Mon, 17 Jan 2011 09:12:00 +0100', subject: 'Printer on the 3rd floor',
    id: 'p1.ana@lists.example.edu', body: 'The printer on the 3rd floor jams on every second page. Anyone else?', arrived: '17-Jan-2011 09:12:05 +0100' },
  { from: 'Bo Chen <bo@lists.example.edu>', date: 'Mon, 17 Jan 2011 09:40:00 +0100', subject: 'Re: Printer on the 3rd floor',
    id: 'p2.bo@lists.example.edu', inReplyTo: 'p1.ana@lists.example.edu', body: 'Same here. Tray 2 works.', arrived: '17-Jan-2011 09:40:02 +0100' },
  { from: 'Ana Lima <ana@lists.example.edu>', date: 'Mon, 17 Jan 2011 10:05:00 +0100', subject: 'Re: Re: Printer on the 3rd floor',
    id: 'p3.ana@lists.example.edu', references: ['p1.ana@lists.example.edu', 'p2.bo@lists.example.edu'], body: 'Thanks, tray 2 it is.', arrived: '17-Jan-2011 10:05:09 +0100' },
  { from: 'Cem Aydin <cem@lists.example.edu>', date: 'Mon, 17 Jan 2011 09:55:00 +0100', subject: 'Fwd: Re: Printer on the 3rd floor',
    id: 'p4.cem@lists.example.edu', references: ['p2.bo@lists.example.edu'], body: 'Forwarding to facilities.', arrived: '17-Jan-2011 11:20:40 +0100' },
  { from: 'Dee Okafor <dee@lists.example.edu>', date: 'Tue, 18 Jan 2011 12:00:00 +0100', subject: 'Lunch on Friday?',
    id: 'p5.dee@lists.example.edu', body: 'Pizza after the lab on Friday?', arrived: '18-Jan-2011 12:00:03 +0100' },
  { from: 'Bo Chen <bo@lists.example.edu>', date: 'Tue, 18 Jan 2011 08:30:00 +0100', subject: '[class] Lunch on Friday?',
    id: 'p6.bo@lists.example.edu', body: 'Is lunch on Friday still on?', arrived: '18-Jan-2011 12:31:00 +0100' },
];

function text(p: Post): string {
  const headers = [
    'List-Id: Class of 2011 <class.lists.example.edu>',
    `From: ${p.from}`,
    'To: class@lists.example.edu',
    `Subject: ${p.subject}`,
    `Date: ${p.date}`,
    `Message-ID: <${p.id}>`,
    ...(p.inReplyTo ? [`In-Reply-To: <${p.inReplyTo}>`] : []),
    ...(p.references ? [`References: ${p.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
  ];
  return [...headers, '', p.body, ''].join('\r\n');
}

export const CLASS_THREAD: SeedMessage[] = POSTS.map((p) => ({ mailbox: 'INBOX', flags: [], internalDate: p.arrived, raw: text(p) }));

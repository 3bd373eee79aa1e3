// RFC 5256 section 2.1 base subject extraction, step by step, and the reply-or-forward
// verdict the REFERENCES algorithm's step 5 uses.
import { describe, expect, it } from 'vitest';
import { baseSubject, extractBaseSubject } from '../../src/mime/base-subject.js';

describe('extractBaseSubject', () => {
  it.each([
    // (1) encoded words decoded, tabs and runs of spaces made one space
    ['=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=', 'Grüße aus Köln', false],
    ['=?ISO-8859-1?Q?Re=3A_K=F6ln?=', 'Köln', true],
    ['hello\t\tbig   world', 'hello big world', false],
    ['folded\r\n line', 'folded line', false],
    // (2) subj-trailer: "(fwd)" and WSP at the end, repeatedly
    ['meeting (fwd)', 'meeting', true],
    ['meeting (FWD) (fwd)  ', 'meeting', true],
    ['meeting(fwd)', 'meeting', true],
    // (3) subj-leader: Re / Fw / Fwd with optional blob before the colon, blobs before it
    ['Re: hello', 'hello', true],
    ['RE: re: Fwd: FW: hello', 'hello', true],
    ['Re : hello', 'hello', true],
    ['Re[2]: hello', 'hello', true],
    ['Re [2]: hello', 'hello', true],
    ['[list] Re: hello', 'hello', true],
    ['[a][b] Fwd: hello', 'hello', true],
    ['Re: [list] Re: hello', 'hello', true],
    // not a subj-refwd: the word must be exactly re, fw or fwd before the colon
    ['Ref: hello', 'Ref: hello', false],
    ['Reply: hello', 'Reply: hello', false],
    ['Fwd hello', 'Fwd hello', false],
    // (4) a leading blob goes only when a non-empty subj-base remains
    ['[PATCH] fix the parser', 'fix the parser', false],
    ['[PATCH 1/2] [v2] fix', 'fix', false],
    ['[just a blob]', '[just a blob]', false],
    ['Re: [just a blob]', '[just a blob]', true],
    ['[a] [b]', '[b]', false],
    // (6) "[fwd: ...]" wrappers, repeated from step (2)
    ['[Fwd: hello]', 'hello', true],
    ['[fwd: [FWD: Re: hello]]', 'hello', true],
    ['Re: [Fwd: hello] (fwd)', 'hello', true],
    ['[Fwd: hello] trailing', 'trailing', false],
    // nothing to remove
    ['hello', 'hello', false],
    ['', '', false],
    ['   ', '', false],
    ['Re:', '', true],
  ])('%j -> %j (reply or forward: %s)', (subject, base, replyOrForward) => {
    expect(extractBaseSubject(subject)).toEqual({ baseSubject: base, replyOrForward });
  });

  it('keeps the case as written; SORT compares case-insensitively, not this module', () => {
    expect(baseSubject('RE: Hello World')).toBe('Hello World');
  });
});

// RFC 5256 section 2.1: the "base subject" SORT SUBJECT and THREAD compare, the subject with
// the artifacts mail software adds removed: "Re:", "Fwd:", "[list-name]" blobs, "(fwd)"
// trailers and "[Fwd: ...]" wrappers. The RFC fixes the procedure ("All servers and
// disconnected clients MUST use exactly this algorithm"), so the steps below are its steps.
// The same section says when a message counts as a reply or forward (REFERENCES step 5).

import { decodeEncodedWords } from './encoded-words.js';

export interface BaseSubject {
  /** The base subject, case as written (SORT compares it with i;ascii-casemap). */
  baseSubject: string;
  /** Extraction removed a subj-refwd, a "(fwd)" subj-trailer, or a subj-fwd-hdr and subj-fwd-trl. */
  replyOrForward: boolean;
}

// RFC 5256 section 5, as patterns over the text of step (1) (only single spaces remain):
//   subj-blob    = "[" *BLOBCHAR "]" *WSP          BLOBCHAR: any CHAR except "[" and "]"
//   subj-refwd   = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
//   subj-leader  = (*subj-blob subj-refwd) / WSP
//   subj-trailer = "(fwd)" / WSP
//   subj-fwd-hdr = "[fwd:"   subj-fwd-trl = "]"
// ABNF literals are case-insensitive.
const SUBJ_BLOB = String.raw`\[[^[\]]*\][ \t]*`;
const SUBJ_REFWD = String.raw`(?:re|fwd?)[ \t]*(?:${SUBJ_BLOB})?:`;
const SUBJ_LEADER_REFWD = new RegExp(`^(?:${SUBJ_BLOB})*${SUBJ_REFWD}`, 'i');
const SUBJ_BLOB_PREFIX = new RegExp(`^${SUBJ_BLOB}`);
const FWD_TRAILER = /\(fwd\)$/i;
const SUBJ_FWD_HDR = /^\[fwd:/i;

export function extractBaseSubject(subject: string): BaseSubject {
  const state = { text: normalizeSpace(decodeEncodedWords(subject)), replyOrForward: false };
  for (;;) {
    removeTrailers(state);
    while (removeLeader(state) || removeBlob(state)) {
      // (5) Repeat (3) and (4) until no matches remain.
    }
    if (!removeFwdWrapper(state)) break;
  }
  return { baseSubject: state.text, replyOrForward: state.replyOrForward };
}

/** Convenience: only the base subject. */
export function baseSubject(subject: string): string {
  return extractBaseSubject(subject).baseSubject;
}

type State = { text: string; replyOrForward: boolean };

// (1) After decoding encoded words: tabs and continuations become a space, runs of spaces one.
function normalizeSpace(text: string): string {
  return text.replace(/\r?\n/g, '').replace(/[\t\r\n]/g, ' ').replace(/ {2,}/g, ' ');
}

// (2) Remove trailing subj-trailer text, repeatedly.
function removeTrailers(state: State): void {
  for (;;) {
    if (state.text.endsWith(' ')) state.text = state.text.slice(0, -1);
    else if (FWD_TRAILER.test(state.text)) {
      state.text = state.text.slice(0, -'(fwd)'.length);
      state.replyOrForward = true;
    } else return;
  }
}

// (3) Remove prefix text matching subj-leader: blobs then Re:/Fw:/Fwd:, or one space.
function removeLeader(state: State): boolean {
  if (state.text.startsWith(' ') || state.text.startsWith('\t')) {
    state.text = state.text.slice(1);
    return true;
  }
  const m = SUBJ_LEADER_REFWD.exec(state.text);
  if (!m) return false;
  state.text = state.text.slice(m[0].length);
  state.replyOrForward = true;
  return true;
}

// (4) Remove a leading subj-blob, but only when a non-empty subj-base is left after it.
function removeBlob(state: State): boolean {
  const m = SUBJ_BLOB_PREFIX.exec(state.text);
  if (!m || m[0].length === state.text.length) return false;
  state.text = state.text.slice(m[0].length);
  return true;
}

// (6) "[fwd: ...]" around the whole text: remove both ends and repeat from step (2).
function removeFwdWrapper(state: State): boolean {
  if (!SUBJ_FWD_HDR.test(state.text) || !state.text.endsWith(']')) return false;
  state.text = state.text.slice('[fwd:'.length, -1);
  state.replyOrForward = true;
  return true;
}

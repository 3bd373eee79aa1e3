// What `:caps` compares after STARTTLS/STLS: the list known before the upgrade. With none asked
// before (RFC 3501 6.2.1, RFC 2595 4: the client discards what it knew), there is no list to
// compare with, and nothing is "added".
import { describe, expect, it } from 'vitest';
import { ImapConversation } from '../../src/session/imap-conversation.js';
import { Pop3Conversation } from '../../src/session/pop3-conversation.js';

const pop3Ok = (text: string, lines?: string[]) => ({ kind: 'response' as const, ok: true, text, lines: lines?.map((l) => Buffer.from(l)), raw: Buffer.from('') });

describe('capabilities before and after an upgrade', () => {
  it('POP3: STLS with no CAPA before leaves no previous list; with one, that list is the previous', () => {
    const fresh = new Pop3Conversation();
    fresh.onEvent(pop3Ok('ready'));
    fresh.forgetCapabilities();
    fresh.submit('CAPA');
    fresh.onEvent(pop3Ok('Capability list follows', ['TOP', 'USER']));
    expect(fresh.previousCapabilities).toBeUndefined();

    const asked = new Pop3Conversation();
    asked.onEvent(pop3Ok('ready'));
    asked.submit('CAPA');
    asked.onEvent(pop3Ok('Capability list follows', ['STLS', 'TOP']));
    asked.forgetCapabilities();
    asked.submit('CAPA');
    asked.onEvent(pop3Ok('Capability list follows', ['TOP', 'USER']));
    expect([...(asked.previousCapabilities ?? [])]).toEqual(['STLS', 'TOP']);
  });

  it('IMAP: STARTTLS with no capabilities known before leaves no previous list', () => {
    const c = new ImapConversation();
    c.tracker.forgetCapabilities();
    c.onResponse({ kind: 'data', name: 'CAPABILITY', values: [{ type: 'atom', value: 'IMAP4rev1' }] });
    expect(c.tracker.previousCapabilities).toBeUndefined();
  });
});

// The lookup functions other layers call (index.ts).
import { describe, expect, it } from 'vitest';
import {
  aclRight, capability, capabilityAnnounced, fetchItem, fetchItemBaseName, flagOrAttribute,
  flagsAndAttributes, imapCommand, isImapCommandName, pop3Command, pop3ExpectsMultiline,
  pop3ResponseCode, responseCode,
} from '../../src/registry/index.js';

describe('isImapCommandName / imapCommand', () => {
  it.each(['select', 'SELECT', 'Uid', 'uid fetch', 'UID  MOVE', 'xlist', 'done'])('knows %s', (w) => {
    expect(isImapCommandName(w)).toBe(true);
  });
  it.each(['.', 'a1', 'selct', 'X<atom>', 'XFOO', ''])('rejects %j', (w) => {
    expect(isImapCommandName(w)).toBe(false);
  });
  it('finds two-word UID forms', () => {
    expect(imapCommand('uid expunge')?.requires).toEqual(['UIDPLUS']);
  });
});

describe('pop3ExpectsMultiline (RFC 1939 section 3)', () => {
  it.each<[string, string[], boolean]>([
    ['LIST', [], true],
    ['list', ['1'], false],
    ['UIDL', [], true],
    ['UIDL', ['2'], false],
    ['RETR', ['1'], true],
    ['TOP', ['1', '0'], true],
    ['CAPA', [], true],
    ['AUTH', [], true],
    ['AUTH', ['PLAIN'], false],
    ['STAT', [], false],
    ['USER', ['bob'], false],
    ['NOSUCH', [], false],
  ])('%s %j -> %s', (name, args, multi) => {
    expect(pop3ExpectsMultiline(name, args)).toBe(multi);
  });
  it('treats blank arguments as absent', () => {
    expect(pop3ExpectsMultiline('LIST', [''])).toBe(true);
  });
  it('knows POP3 commands case-insensitively', () => {
    expect(pop3Command('retr')?.name).toBe('RETR');
  });
});

describe('capability', () => {
  it('knows what Dovecot 2.3 announces beside PREVIEW: the draft\'s PREVIEW=FUZZY, not a family member of PREVIEW', () => {
    expect(capability('PREVIEW=FUZZY')?.entry.name).toBe('PREVIEW=FUZZY');
    expect(capability('PREVIEW=FUZZY')?.entry.obsolete).toMatch(/RFC 8970/);
  });

  it('finds exact names whatever the case', () => {
    expect(capability('imap4REV1')?.entry.name).toBe('IMAP4rev1');
  });
  it('matches a family and adds the SASL mechanism', () => {
    const found = capability('AUTH=XOAUTH2');
    expect(found?.entry.name).toBe('AUTH=XOAUTH2');
    expect(found?.mechanism?.name).toBe('XOAUTH2');
    const family = capability('auth=scram-sha-512');
    expect(family?.familyOnly).toBe(true);
    expect(family?.entry.name).toBe('AUTH=');
    expect(family?.value).toBe('SCRAM-SHA-512');
    expect(family?.mechanism?.name).toBe('SCRAM-SHA-512');
  });
  it.each(['THREAD=NEWALGO', 'SORT=X', 'COMPRESS=ZSTD', 'I18NLEVEL=3', 'CONTEXT=OTHER', 'APPENDLIMIT=35651584', 'RIGHTS=TEXK'])(
    'treats %s as a family member',
    (name) => {
      expect(capability(name)?.familyOnly).toBe(true);
    },
  );
  it('knows vendor names', () => {
    expect(capability('ACL2=UNION')?.entry.vendor).toBe('Courier');
    expect(capability('X-GM-EXT-1')?.entry.vendor).toBe('Gmail');
  });
  it('returns undefined for unknown names', () => {
    expect(capability('FROBNICATE')).toBeUndefined();
  });
  it('counts IMAP4rev2 as announcing what it includes, and families by prefix', () => {
    expect(capabilityAnnounced(new Set(['IMAP4REV2']), 'IDLE')).toBe(true);
    expect(capabilityAnnounced(new Set(['IMAP4REV1']), 'IDLE')).toBe(false);
    expect(capabilityAnnounced(new Set(['THREAD=REFERENCES']), 'THREAD=')).toBe(true);
  });
});

describe('responseCode, flags, rights, fetch items', () => {
  it('reads a code name out of brackets and arguments', () => {
    expect(responseCode('[UIDVALIDITY 1294991877]')?.name).toBe('UIDVALIDITY');
    expect(responseCode('[PERMANENTFLAGS (\\* \\Seen)]')?.name).toBe('PERMANENTFLAGS');
    expect(responseCode('trycreate')?.name).toBe('TRYCREATE');
    expect(pop3ResponseCode('[sys/temp]')?.name).toBe('SYS/TEMP');
  });
  it('tells a flag from an attribute when a name is both', () => {
    expect(flagsAndAttributes('\\flagged').map((f) => f.kind)).toEqual(['system-flag', 'special-use']);
    expect(flagOrAttribute('\\Flagged', 'attribute')?.kind).toBe('special-use');
    expect(flagOrAttribute('\\Flagged', 'flag')?.kind).toBe('system-flag');
    expect(flagOrAttribute('nonjunk')?.name).toBe('NonJunk');
  });
  it('finds ACL letters, digits and obsolete letters', () => {
    expect(aclRight('l')?.explanation).toMatch(/lookup/);
    expect(aclRight('7')?.letter).toBe('0-9');
    expect(aclRight('c')?.obsolete).toBeDefined();
    expect(aclRight('z')).toBeUndefined();
  });
  it('strips sections and partials from fetch items', () => {
    expect(fetchItemBaseName('body.peek[HEADER.FIELDS (FROM TO)]<0.100>')).toBe('BODY.PEEK[]');
    expect(fetchItemBaseName('RFC822.SIZE')).toBe('RFC822.SIZE');
    expect(fetchItem('binary[1.2]')?.name).toBe('BINARY[]');
    expect(fetchItem('ALL')?.expands).toEqual(['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE']);
  });
});

import { describe, expect, it } from 'vitest';
import { apopDigest, greetingTimestamp } from '../../src/protocol/sasl/index.js';

describe('APOP (RFC 1939 §7)', () => {
  it('computes the RFC example digest', () => {
    expect(apopDigest('<1896.697170952@dbc.mtview.ca.us>', 'tanstaaf')).toBe('c4c9334bac560ecc979e58001b3e22fb');
  });
  it('finds the timestamp in the RFC example greeting', () => {
    expect(greetingTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe('<1896.697170952@dbc.mtview.ca.us>');
  });
  it('finds no timestamp in a greeting without one, or with brackets but no @', () => {
    expect(greetingTimestamp('Dovecot ready.')).toBeUndefined();
    expect(greetingTimestamp('<ready>')).toBeUndefined();
  });
});

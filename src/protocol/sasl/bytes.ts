// Byte helpers shared by the mechanisms. SASL messages are UTF-8 text in every mechanism we
// support (RFC 4616 §2, RFC 5802 §5.1, RFC 7628 §3.1), so decoding for display is safe.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const REDACTED = '***redacted***';

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

export function empty(): Buffer {
  return Buffer.alloc(0);
}

/** JSON-quoted, so control characters (NUL, ^A) show escaped. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

export function hmac(hash: string, key: Uint8Array, data: Uint8Array | string): Buffer {
  return createHmac(hash, key).update(data).digest();
}

export function digest(hash: string, data: Uint8Array | string): Buffer {
  return createHash(hash).update(data).digest();
}

/** Constant-time comparison, so a server check does not leak how many bytes matched. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sameText(a: string, b: string): boolean {
  return sameBytes(digest('sha256', a), digest('sha256', b));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/** Display of bytes that are not one of the mechanism's messages: printable text or a count. */
export function describeText(bytes: Uint8Array): string {
  if (bytes.length === 0) return '(empty)';
  return quote(text(bytes));
}

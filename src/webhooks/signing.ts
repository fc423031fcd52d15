import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(key, part1 + part2 + …)), the parts hashed as their UTF-8 (strings) or raw (Buffers) bytes. */
export function hmacBase64(key: string, parts: readonly (string | Buffer)[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('base64');
}

/** Compares a received signature with the expected one in constant time (for equal lengths; a length says nothing secret). */
export function isSameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received.trim(), 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A fixed-size digest (SHA-256, base64url: 43 characters) of the parts, each preceded by its length so that no two
 * different lists of parts share a digest. What the replay memory keeps instead of a vendor's value of any size.
 */
export function digestOf(parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('base64url');
}

/** Whether `at` (epoch ms) lies within `windowMs` of `now`, either side: old ones are replays, far-future ones forged or skewed. */
export function isWithinWindow(at: number, now: number, windowMs: number): boolean {
  return Number.isFinite(at) && Math.abs(now - at) <= windowMs;
}

/** Whether `at` (epoch ms) is at most `maxAgeMs` old and at most `skewMs` ahead of `now`. */
export function isFresh(at: number, now: number, { maxAgeMs, skewMs }: { maxAgeMs: number; skewMs: number }): boolean {
  return Number.isFinite(at) && now - at <= maxAgeMs && at - now <= skewMs;
}

// A JSON string (escapes included) or a number token; outside strings, digits only occur in numbers.
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Parses JSON, keeping integers too large for a double as digit strings. Shopify's ids (and other vendors')
 * may exceed 2^53, and `JSON.parse` would silently round them to a different record's id.
 * Throws a SyntaxError as `JSON.parse` does.
 */
export function parseJsonKeepingBigIds(text: string): unknown {
  const safe = text.replace(STRING_OR_NUMBER, (token) =>
    token.startsWith('"') || !/^-?\d+$/.test(token) || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
  );
  return JSON.parse(safe) as unknown;
}

/** A vendor integer id (number or digit string) as a string; null for anything else. */
export function idString(value: unknown): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  if (typeof value === 'string' && /^\d{1,30}$/.test(value.trim())) return value.trim();
  return null;
}

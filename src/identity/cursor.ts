import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A signed, opaque paging cursor: the client cannot forge or edit one, and a bad one is refused. */
export interface CursorCodec<T> {
  encode(value: T): string;
  /** The value, or null when the cursor was not minted by this codec. */
  decode(cursor: string): T | null;
}

/** Creates a cursor codec for values of `schema`, tagged with HMAC-SHA256 under `key`. */
export function createCursorCodec<T>(key: Buffer, schema: z.ZodType<T>): CursorCodec<T> {
  const tag = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 12);
  return {
    encode(value) {
      const body = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
      return `${body}.${tag(body).toString('base64url')}`;
    },
    decode(cursor) {
      if (cursor.length > 2048) return null;
      const [body, mac, extra] = cursor.split('.');
      if (!body || !mac || extra !== undefined) return null;
      const given = Buffer.from(mac, 'base64url');
      const expected = tag(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const parsed = schema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}

import { randomFillSync } from 'node:crypto';

/** Where an event sits in "newest first" order: its time, then its id. */
export interface EventKey {
  at: string;
  id: string;
}

/** Largest page `eventsFor` serves. */
export const MAX_PAGE = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// Random bytes for the ids, drawn 4 KiB at a time (as randomUUID does): a `randomBytes(16)` per event cost more than
// the rest of the key.
const pool = Buffer.alloc(4096);
let drawn = pool.length;
function random16(): Buffer {
  if (drawn + 16 > pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  drawn += 16;
  return Buffer.from(pool.subarray(drawn - 16, drawn));
}

/**
 * Issues event keys in commit order: `at` never goes backwards within a process, and the id is a UUIDv7 whose
 * 12-bit sequence orders events of the same millisecond, so (at, id) sorts exactly as the events were committed.
 */
export function createEventClock(now: () => number = Date.now): () => EventKey {
  let lastMs = 0;
  let sequence = 0;
  return () => {
    let ms = Math.max(now(), lastMs);
    if (ms === lastMs) {
      sequence += 1;
      // 4096 events in one millisecond: borrow the next millisecond rather than break the order.
      if (sequence > 0xfff) [ms, sequence] = [ms + 1, 0];
    } else {
      sequence = 0;
    }
    lastMs = ms;
    const bytes = random16();
    bytes.writeUIntBE(ms, 0, 6);
    bytes.writeUInt16BE(0x7000 | sequence, 6);
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { at: new Date(ms).toISOString(), id };
  };
}

/** The opaque cursor after `key`: base64url of `[at, id]`. */
export function encodeCursor(key: EventKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');
}

/** Reads a cursor made by encodeCursor; anything else throws a RangeError naming the argument. */
export function parseCursor(cursor: string): EventKey {
  const invalid = new RangeError('after: not a cursor returned by auditEvents');
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid;
  const [at, id] = decoded as unknown[];
  if (typeof at !== 'string' || !ISO_MS.test(at) || !sameInstant(at)) throw invalid;
  if (typeof id !== 'string' || !UUID.test(id)) throw invalid;
  return { at, id };
}

// Rejects calendar overflow such as 02-30, which Date would quietly roll into March.
function sameInstant(at: string): boolean {
  const time = Date.parse(at);
  return !Number.isNaN(time) && new Date(time).toISOString() === at;
}

/** Checks `eventsFor`'s arguments; a bad one throws a RangeError naming it. */
export function checkPage(customerId: string, first: number): void {
  if (typeof customerId !== 'string' || customerId.length === 0 || customerId.length > 512) {
    throw new RangeError('customerId: must be a customer id of 1 to 512 characters');
  }
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new RangeError(`first: must be an integer from 1 to ${MAX_PAGE}: ${String(first)}`);
  }
}

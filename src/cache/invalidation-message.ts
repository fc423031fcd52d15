import { z } from 'zod';
import type { Sealer } from '../config/index.js';
import { SOURCES, type Source } from '../model/index.js';

/** What one replica tells the others on `<prefix>invalidate` after dropping records. */
export interface InvalidationMessage {
  /** The replica that sent it (it has already dropped its own entries). */
  origin: string;
  source: Source;
  ids: string[];
}

const messageSchema = z.object({
  origin: z.string().min(1).max(100),
  source: z.enum(SOURCES as [Source, ...Source[]]),
  ids: z.array(z.string().min(1).max(500)).max(10_000),
});

/** The channel invalidations travel on. */
export const invalidationChannel = (prefix: string) => `${prefix}invalidate`;

/**
 * The exact payload `RecordInvalidator.invalidate` publishes: sealed under the cache's key, since the ids are record
 * ids (a subscriber without GATEWAY_SECRET reads nothing, and cannot forge an invalidation).
 */
export function encodeInvalidation(message: InvalidationMessage, sealer: Sealer): string {
  return sealer.seal({ origin: message.origin, source: message.source, ids: message.ids });
}

/** Opens and parses a payload from the channel; null for anything malformed or not sealed under the key (ignored, never trusted). */
export function parseInvalidation(payload: string, sealer: Sealer): InvalidationMessage | null {
  const parsed = messageSchema.safeParse(sealer.open(payload));
  return parsed.success ? parsed.data : null;
}

import { z } from 'zod';
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

/** The exact payload `RecordInvalidator.invalidate` publishes. */
export function encodeInvalidation(message: InvalidationMessage): string {
  return JSON.stringify({ origin: message.origin, source: message.source, ids: message.ids });
}

/** Parses a payload from the channel; null for anything malformed (it is ignored, never trusted). */
export function parseInvalidation(payload: string): InvalidationMessage | null {
  try {
    const parsed = messageSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

import type { RecordInvalidator } from '../cache/index.js';
import type { Source, System } from '../model/index.js';
import type { EventIdStore } from './event-id-store.js';
import { digestOf } from './signing.js';
import type { WebhookEvent } from './types.js';

/** What applying a delivery's events did. */
export interface Applied {
  /** Events in the delivery. */
  received: number;
  /** Events seen before (redeliveries): acknowledged, not applied again. */
  duplicates: number;
  /** Record ids handed to the invalidator. */
  invalidated: number;
}

/** What applying events needs. */
export interface ApplyOptions {
  system: System;
  seen: EventIdStore;
  invalidator: RecordInvalidator;
  /** Upper bound of the invalidation, so the vendor is answered before it gives up on the delivery. */
  timeoutMs: number;
  /** Told of the records named by first-time events once they are invalidated (the suppression list checks them). */
  onRecordsChanged?: (source: Source, recordIds: string[]) => void;
}

/** The invalidation did not finish in time; the vendor should retry. */
export class InvalidationTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`record invalidation did not finish within ${timeoutMs} ms`);
    this.name = 'InvalidationTimeout';
  }
}

function bounded<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvalidationTimeout(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Claims each event id (as a fixed-size digest), then invalidates the records named by the events seen for the first time, one call per
 * silo. When the invalidation fails the claims are given back and the error propagates: the vendor gets a 5xx and
 * retries, and the retry is applied. Events that name no record are not claimed (there is nothing to repeat).
 */
export async function applyEvents(events: readonly WebhookEvent[], { system, seen, invalidator, timeoutMs, onRecordsChanged }: ApplyOptions): Promise<Applied> {
  const claimed: string[] = [];
  const bySource = new Map<Source, Set<string>>();
  let duplicates = 0;
  for (const event of events) {
    if (event.recordIds.length === 0) continue;
    // The store keeps a digest, never the vendor's value: an id of any size costs the same 43 characters.
    const key = digestOf([event.id]);
    if (!(await seen.firstTime(system, key))) {
      duplicates += 1;
      continue;
    }
    claimed.push(key);
    const ids = bySource.get(event.source) ?? new Set<string>();
    for (const id of event.recordIds) ids.add(id);
    bySource.set(event.source, ids);
  }
  try {
    await bounded(Promise.all([...bySource].map(([source, ids]) => invalidator.invalidate(source, [...ids]))), timeoutMs);
  } catch (error) {
    await Promise.all(claimed.map((id) => seen.release?.(system, id))).catch(() => undefined);
    throw error;
  }
  for (const [source, ids] of bySource) onRecordsChanged?.(source, [...ids]);
  const invalidated = [...bySource.values()].reduce((sum, ids) => sum + ids.size, 0);
  return { received: events.length, duplicates, invalidated };
}

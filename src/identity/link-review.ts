import { createHmac } from 'node:crypto';
import type { Source } from '../model/index.js';
import type { LinkAlarm } from './resolve.js';

/** One entry of the link review: a value that stopped linking, or a customer cut at its weakest link. Never a value. */
export type LinkReviewEntry =
  | {
      kind: 'SHARED_VALUE';
      source: Source;
      field: 'EMAIL' | 'PHONE';
      /** A keyed hash of the normalised value: the same value always gives the same hash, and it cannot be reversed. */
      valueHash: string;
      /** The most distinct names seen behind it in one look-up. */
      names: number;
      occurrences: number;
      firstSeen: string;
      lastSeen: string;
    }
  | { kind: 'OVERSIZED_CLUSTER'; customerId: string; size: number; cutOff: number; occurrences: number; firstSeen: string; lastSeen: string };

/**
 * The link review: what identity resolution refused to trust, for admin and privacy officers. Kept in this replica's
 * memory, bounded (the least recently seen entry goes first), and holding hashes only, never a value. A plain Map
 * in insertion order is the whole LRU here: entries are few and written rarely, so lru-cache's machinery buys nothing.
 */
export class LinkReview {
  private readonly entries = new Map<string, LinkReviewEntry>();

  constructor(
    private readonly maxEntries: number,
    private readonly hash: (value: string) => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a resolution's alarms; `customerId` names the customer a cut cluster is anchored at. */
  report(alarms: readonly LinkAlarm[], customerId: string): void {
    for (const alarm of alarms) {
      const fresh = this.entryOf(alarm, customerId);
      const key = keyOf(fresh);
      const held = this.entries.get(key);
      this.entries.delete(key);
      this.entries.set(key, held ? merged(held, fresh) : fresh);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  /** One customer's alarms as review entries: as held, or as new when this replica has not kept them. */
  explain(alarms: readonly LinkAlarm[], customerId: string): LinkReviewEntry[] {
    return alarms.map((alarm) => {
      const fresh = this.entryOf(alarm, customerId);
      return this.entries.get(keyOf(fresh)) ?? fresh;
    });
  }

  private entryOf(alarm: LinkAlarm, customerId: string): LinkReviewEntry {
    const at = new Date(this.now()).toISOString();
    return alarm.kind === 'SHARED_VALUE'
      ? { kind: alarm.kind, source: alarm.source, field: alarm.field, valueHash: this.hash(alarm.value), names: alarm.names, occurrences: 1, firstSeen: at, lastSeen: at }
      : { kind: alarm.kind, customerId, size: alarm.size, cutOff: alarm.cutOff, occurrences: 1, firstSeen: at, lastSeen: at };
  }

  /** The entries, most recently seen first. */
  list(first: number): LinkReviewEntry[] {
    return [...this.entries.values()].reverse().slice(0, first);
  }
}

function keyOf(entry: LinkReviewEntry): string {
  return entry.kind === 'SHARED_VALUE' ? `v|${entry.source}|${entry.field}|${entry.valueHash}` : `c|${entry.customerId}`;
}

function merged(held: LinkReviewEntry, fresh: LinkReviewEntry): LinkReviewEntry {
  const seen = { occurrences: held.occurrences + 1, firstSeen: held.firstSeen, lastSeen: fresh.lastSeen };
  if (held.kind === 'SHARED_VALUE' && fresh.kind === 'SHARED_VALUE') return { ...fresh, ...seen, names: Math.max(held.names, fresh.names) };
  return { ...fresh, ...seen };
}

/** The link review of a replica: values hashed with HMAC-SHA-256 under `key` (derived from GATEWAY_SECRET), base64url. */
export function createLinkReview(key: Buffer, maxEntries: number, now?: () => number): LinkReview {
  return new LinkReview(maxEntries, (value) => createHmac('sha256', key).update(value).digest('base64url'), now);
}

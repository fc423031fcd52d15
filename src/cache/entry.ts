import type { Source } from '../model/index.js';

/** A cached value, when the silo read that produced it started, and the records whose change voids it. */
export interface Entry<V = unknown> {
  /** Epoch ms at which the upstream read began (so a read older than an invalidation is recognisable). */
  at: number;
  /** `SOURCE|recordId` of every record or item this entry was built from. */
  deps: readonly string[];
  value: V;
}

/** An entry as read, and whether it is past its lifetime (but inside the stale window). */
export interface Found<V = unknown> {
  entry: Entry<V>;
  stale: boolean;
}

/** Taken before a silo read: when it began, and the silo's invalidation count then (a newer one voids the answer). */
export interface Stamp {
  at: number;
  generation: number;
}

/** How long entries live: per silo, plus the stale window; and the clock they are measured by. */
export interface Lifetimes {
  ttlMs(source: Source): number;
  staleMs: number;
  now(): number;
}

/** Whether an entry is fresh, inside its stale window, or past any use. */
export function lifetimeOf(entry: Entry, source: Source, lifetimes: Lifetimes): 'fresh' | 'stale' | 'expired' {
  const ttl = lifetimes.ttlMs(source);
  const age = lifetimes.now() - entry.at;
  if (ttl <= 0) return 'expired';
  if (age < ttl) return 'fresh';
  return age < ttl + lifetimes.staleMs ? 'stale' : 'expired';
}

/** The key an entry is filed under in this replica, `SOURCE|kind|id` (Redis holds it under an HMAC of this). */
export const entryKey = (source: Source, kind: EntryKind, id: string) => `${source}|${kind}|${id}`;

/** Records (`r`), look-ups (`k`), contact list pages (`l`), facet pages (`f`) and single orders, sales or tickets (`o`). */
export type EntryKind = 'r' | 'k' | 'l' | 'f' | 'o';

/** The key records and items are indexed under (and, as an HMAC, their tombstones in Redis): `SOURCE|recordId`. */
export const depKey = (source: Source, id: string) => `${source}|${id}`;

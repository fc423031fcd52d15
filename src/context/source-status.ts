import { isSourceError, SOURCES, type SkippedRecord, type Source, type SourceErrorCode } from '../model/index.js';
import type { CacheOutcome } from '../cache/index.js';

/** A silo's state in one response, as `extensions.sources` reports it. */
export type SourceStatus = 'OK' | 'PARTIAL' | 'UNAVAILABLE' | 'UNAUTHORIZED' | 'TIMEOUT' | 'RATE_LIMITED' | 'BAD_RESPONSE' | 'CIRCUIT_OPEN';

/** One entry of `extensions.sources`. */
export interface SourceReport {
  source: Source;
  status: SourceStatus;
  /** The slowest call to the silo in this request (they run in parallel with the other silos'). */
  latencyMs: number;
  /** Whether every answer came from the record cache. */
  cached: boolean;
  /** Whether any cached answer was past its lifetime (served while being refreshed, or while the silo failed). */
  stale: boolean;
}

const STATUS_OF: Readonly<Record<SourceErrorCode, SourceStatus>> = {
  SOURCE_UNAVAILABLE: 'UNAVAILABLE',
  SOURCE_UNAUTHORIZED: 'UNAUTHORIZED',
  SOURCE_TIMEOUT: 'TIMEOUT',
  SOURCE_RATE_LIMITED: 'RATE_LIMITED',
  SOURCE_BAD_RESPONSE: 'BAD_RESPONSE',
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
};

interface Tally {
  ok: number;
  failed: number;
  lastError?: SourceErrorCode;
  latencyMs: number;
  cached: number;
  stale: number;
}

/** Records every silo call of one request and reports each silo's status. */
export interface SourceTracker {
  /** Runs one silo call; it may say, through `noteCache`, that the record cache answered it (and whether stale). */
  track<T>(source: Source, call: (noteCache: (outcome: CacheOutcome) => void) => Promise<T>): Promise<T>;
  /** Counts a fresh answer of the silo's that no call was made for: it came from what the record cache holds (a kept resolution). */
  noteCached(source: Source): void;
  report(): SourceReport[];
  /** Notes a record a silo answered with that had to be left out of the answer. */
  skip(record: SkippedRecord): void;
  /** The records left out in this request, each once, at most `MAX_SKIPPED_REPORTED`. */
  skipped(): readonly SkippedRecord[];
}

/**
 * How many left-out records one response names at most, so that a page of unusable records cannot drown the answer;
 * records beyond them are left out all the same, unnamed (the silo's own record needs fixing either way).
 */
export const MAX_SKIPPED_REPORTED = 20;

/** Creates a tracker for one request. */
export function createSourceTracker(): SourceTracker {
  const tallies = new Map<Source, Tally>();
  const skipped = new Map<string, SkippedRecord>();
  const tally = (source: Source) => {
    let t = tallies.get(source);
    if (!t) tallies.set(source, (t = { ok: 0, failed: 0, latencyMs: 0, cached: 0, stale: 0 }));
    return t;
  };
  return {
    skip(record) {
      const key = JSON.stringify([record.source, record.recordId, record.field]);
      if (!skipped.has(key) && skipped.size < MAX_SKIPPED_REPORTED) skipped.set(key, record);
    },
    skipped: () => [...skipped.values()],
    async track(source, call) {
      const t = tally(source);
      const started = performance.now();
      const told: { outcome?: CacheOutcome } = {};
      try {
        const result = await call((outcome) => {
          told.outcome = outcome;
        });
        t.ok += 1;
        // Only a call that succeeded counts as answered by the cache.
        if (told.outcome?.cached) t.cached += 1;
        if (told.outcome?.stale) t.stale += 1;
        return result;
      } catch (error) {
        t.failed += 1;
        if (isSourceError(error)) t.lastError = error.code;
        throw error;
      } finally {
        t.latencyMs = Math.max(t.latencyMs, Math.round(performance.now() - started));
      }
    },
    noteCached(source) {
      const t = tally(source);
      t.ok += 1;
      t.cached += 1;
    },
    report() {
      return SOURCES.filter((s) => tallies.has(s)).map((source) => {
        const t = tallies.get(source) as Tally;
        const status: SourceStatus =
          t.failed === 0 ? 'OK' : t.ok > 0 ? 'PARTIAL' : t.lastError ? STATUS_OF[t.lastError] : 'UNAVAILABLE';
        const calls = t.ok + t.failed;
        return { source, status, latencyMs: t.latencyMs, cached: calls > 0 && t.cached === calls, stale: t.stale > 0 };
      });
    },
  };
}

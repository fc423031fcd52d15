import type { Context } from '@opentelemetry/api';
import type { CacheOutcome } from '../cache/index.js';
import type { SkippedRecord, Source, SourceError } from '../model/index.js';

/** What the tracker stage needs of a request's tracker (src/context's `SourceTracker` is one). */
export interface CallTracker {
  /** Runs one silo call; it may say, through `noteCache`, that the record cache answered it (and whether stale). */
  track<T>(source: Source, call: (noteCache: (outcome: CacheOutcome) => void) => Promise<T>): Promise<T>;
  /** Notes a record the silo answered with that the connector left out (see `SkippedRecord`). */
  skip?(record: SkippedRecord): void;
}

/** How long each silo call may take: the request's deadline, and a per-call cap inside it. */
export interface CallBudget {
  deadline: number;
  siloTimeoutMs: number;
}

/** One request's hold on the silo-call path: its tracker, its time, and the silos that already failed in it. */
export interface RequestScope extends CallBudget {
  tracker: CallTracker;
  /** Silos that timed out or dropped the connection in this request: they are asked nothing more in it. */
  down: Map<Source, SourceError>;
  /** The trace context of the request's operation span, parent of its silo calls' spans; absent when tracing is off. */
  trace?: Context;
}

/** Creates the scope of one request; every silo call of the request passes it as `{ request }` in its options. */
export function createRequestScope(tracker: CallTracker, budget: CallBudget, trace?: Context): RequestScope {
  return { tracker, deadline: budget.deadline, siloTimeoutMs: budget.siloTimeoutMs, down: new Map(), ...(trace ? { trace } : {}) };
}

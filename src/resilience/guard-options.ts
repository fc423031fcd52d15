import { BULKHEAD_DEFAULTS } from '../config/index.js';
import { MAX_TIMER_LATE_MS, type Source, type SourceErrorCode } from '../model/index.js';
import type { BreakerOptions, BreakerState } from './breaker.js';
import type { BulkheadOptions } from './bulkhead.js';
import type { Clock } from './clock.js';

/** How one guarded connector call ended, for metrics. */
export interface SiloCallOutcome {
  source: Source;
  /** The connector method (`findContacts`, `ordersFor`, …): a small fixed set. */
  method: string;
  outcome: 'OK' | SourceErrorCode | 'ERROR';
  durationMs: number;
}

/** Breaker and bulkhead settings, the same for every silo, and observers. */
export interface GuardOptions {
  breaker?: Partial<Omit<BreakerOptions, 'onStateChange'>>;
  bulkhead?: Partial<Omit<BulkheadOptions, 'clock'>>;
  /** The clock of the deadlines, the bulkhead queues and (unless `breaker.now` says otherwise) the breakers. */
  clock?: Clock;
  onStateChange?: (source: Source, state: BreakerState) => void;
  onOutcome?: (outcome: SiloCallOutcome) => void;
  /**
   * A call that reaches the silo with less time than this before its deadline (the request spent it elsewhere) and
   * times out says nothing about the silo: it does not count toward opening the circuit. Default 250 ms.
   */
  minFairTimeoutMs?: number;
  /**
   * A call made for a request times out against the silo only when it got its slot with at least this share of the
   * silo's per-call limit (`SILO_TIMEOUT_MS`) before its deadline: one whose time the request's own deadline or a wait
   * for a bulkhead slot cut shorter says nothing about the silo. Default 0.9.
   */
  fairShare?: number;
  /**
   * A timeout noticed more than this after the call's deadline is blamed on the gateway: its event loop was busy when
   * the time ran out, so the silo's answer may have been sitting unread in the socket. Default 100 ms.
   */
  maxLateMs?: number;
}

/** The breaker defaults: open when more than half of at least 5 calls in 2 s failed; probe again after 5 s. */
export const DEFAULT_BREAKER = { failureRate: 0.5, samplingMs: 2000, minCalls: 5, halfOpenAfterMs: 5000 } as const;

/** The bulkhead defaults, the settings' (`BULKHEAD_DEFAULTS` in src/config, which says why): 64 calls in flight per silo, 256 waiting. */
export const DEFAULT_BULKHEAD = BULKHEAD_DEFAULTS;

/** The shortest time a call must reach the silo with for its timeout to count against the silo. */
export const DEFAULT_MIN_FAIR_TIMEOUT_MS = 250;

/** The share of the silo's per-call limit a request's call must reach the silo with for its timeout to count. */
export const DEFAULT_FAIR_SHARE = 0.9;

/** How late after its deadline a timeout may be noticed and still count against the silo. */
export const DEFAULT_MAX_LATE_MS = MAX_TIMER_LATE_MS;

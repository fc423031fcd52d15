import { CircuitState, type IBreaker } from 'cockatiel';
import { CircuitOpen, SourceBadResponse, SourceTimeout, SourceUnavailable, type Source } from '../model/index.js';
import { blameGateway, isBlamedOnGateway } from './blame.js';
import { FailureRateBreaker } from './failure-rate-breaker.js';

/** A circuit's state as /readyz and /metrics report it. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** When a silo's circuit opens and when it is tried again. */
export interface BreakerOptions {
  /** Share of the calls in the sampling window that must fail (more than it) to open the circuit, in (0, 1). */
  failureRate: number;
  /** The sampling window. */
  samplingMs: number;
  /** Calls the window must hold before the circuit can open, so a quiet silo is not judged on one or two. */
  minCalls: number;
  /** How long an open circuit sheds calls before one probe call may test the silo. */
  halfOpenAfterMs: number;
  /** Another cockatiel breaker (e.g. `new ConsecutiveBreaker(5)`) instead of the sampling one: a fresh one per silo. */
  breaker?: () => IBreaker;
  onStateChange?: (state: BreakerState) => void;
  /** The clock of the sampling window and the half-open delay (tests inject one; default `Date.now`). */
  now?: () => number;
}

/** One silo's circuit breaker. */
export interface SiloBreaker {
  /**
   * Runs `fn`, or throws `CircuitOpen` at once, without calling it, while the circuit is open or probing.
   * A failure after `signal` aborted is the caller's doing and does not count.
   */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  state(): BreakerState;
}

/**
 * Determines if an error is the silo's fault and so counts toward opening its circuit: it failed, timed out or
 * answered garbage. Rate limits (it is alive, just busy), requests it rejected as bad (4xx: ours to fix), the
 * gateway's own shedding and cancellations by the caller do not count.
 */
export function isSiloFault(error: unknown): boolean {
  if (isBlamedOnGateway(error)) return false;
  if (error instanceof SourceUnavailable || error instanceof SourceTimeout) return true;
  if (error instanceof SourceBadResponse) return error.status === undefined || error.status < 400 || error.status >= 500;
  return false;
}

/**
 * Creates a silo's breaker: closed, open (every call shed at once) and, after `halfOpenAfterMs`, half-open, when
 * one probe call tests the silo and every other caller fails fast with `CircuitOpen` (cockatiel's policy makes them
 * wait for the probe instead). Which failures open the circuit is the `IBreaker`'s call (`FailureRateBreaker` by
 * default, or any cockatiel breaker); the states are kept here because cockatiel's policy reads `Date.now()` itself,
 * so no test could drive it with a clock of its own.
 */
export function createSiloBreaker(source: Source, options: BreakerOptions): SiloBreaker {
  const now = options.now ?? Date.now;
  // A failure rate rather than N consecutive failures: under load, a stall (GC, a CPU spike) times out every call
  // in flight at once, which is N consecutive failures of a healthy silo; a share of a window's calls is not.
  const judge = options.breaker?.()
    ?? new FailureRateBreaker({ threshold: options.failureRate, windowMs: options.samplingMs, minCalls: options.minCalls, now });
  const seconds = Math.ceil(options.halfOpenAfterMs / 1000);
  let state: BreakerState = 'closed';
  let openedAt = 0;
  const current = (): BreakerState => state;
  const enter = (next: BreakerState) => {
    if (next === 'open') openedAt = now();
    state = next;
    options.onStateChange?.(next);
  };
  // A failure after the caller cancelled is the caller's doing: it is marked so that it does not count.
  const attempt = async <T>(fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw signal?.aborted && error instanceof Error ? blameGateway(error) : error;
    }
  };

  async function probe<T>(fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    enter('half-open');
    try {
      const result = await attempt(fn, signal);
      judge.success(CircuitState.HalfOpen);
      if (state === 'half-open') enter('closed');
      return result;
    } catch (error) {
      if (isSiloFault(error)) {
        judge.failure(CircuitState.HalfOpen);
        if (state !== 'open') enter('open');
      } else if (state === 'half-open') {
        // Not the silo's fault (a rate limit, a bad request): it answered, so it is back.
        enter('closed');
      }
      throw error;
    }
  }

  return {
    async run(fn, signal) {
      if (state === 'half-open') throw new CircuitOpen(source, 'circuit half-open: one probe call is testing the silo');
      if (state === 'open') {
        if (now() - openedAt < options.halfOpenAfterMs) {
          throw new CircuitOpen(source, `circuit open after repeated failures; calls are shed for up to ${seconds} s`);
        }
        return probe(fn, signal);
      }
      try {
        const result = await attempt(fn, signal);
        judge.success(CircuitState.Closed);
        return result;
      } catch (error) {
        // Another call may have opened it meanwhile (or started a probe, which this failure then overrules).
        if (isSiloFault(error) && judge.failure(CircuitState.Closed) && current() !== 'open') enter('open');
        throw error;
      }
    },
    state: current,
  };
}

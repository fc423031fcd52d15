import {
  BrokenCircuitError,
  CircuitState,
  IsolatedCircuitError,
  circuitBreaker,
  handleWhen,
  type IBreaker,
} from 'cockatiel';
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

const STATE: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Creates a silo's breaker over cockatiel's. While half-open, cockatiel lets one probe through and makes every
 * other caller wait for its outcome; here they fail fast with `CircuitOpen` instead, so no caller waits on a silo
 * that is probably still down.
 */
export function createSiloBreaker(source: Source, options: BreakerOptions): SiloBreaker {
  const policy = circuitBreaker(handleWhen(isSiloFault), {
    halfOpenAfter: options.halfOpenAfterMs,
    // A failure rate rather than N consecutive failures: under load, a stall (GC, a CPU spike) times out every call
    // in flight at once, which is N consecutive failures of a healthy silo; a share of a window's calls is not.
    breaker: options.breaker?.() ?? new FailureRateBreaker({ threshold: options.failureRate, windowMs: options.samplingMs, minCalls: options.minCalls }),
  });
  policy.onStateChange((state) => options.onStateChange?.(STATE[state]));
  const seconds = Math.ceil(options.halfOpenAfterMs / 1000);

  return {
    async run(fn, signal) {
      if (policy.state === CircuitState.HalfOpen) throw new CircuitOpen(source, 'circuit half-open: one probe call is testing the silo');
      try {
        return await policy.execute(async () => {
          try {
            return await fn();
          } catch (error) {
            throw signal?.aborted && error instanceof Error ? blameGateway(error) : error;
          }
        });
      } catch (error) {
        if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
          throw new CircuitOpen(source, `circuit open after repeated failures; calls are shed for up to ${seconds} s`);
        }
        throw error;
      }
    },
    state: () => STATE[policy.state],
  };
}

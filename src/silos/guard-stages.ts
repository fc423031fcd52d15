import { GatewayStalled, SOURCES, SourceTimeout, isSourceError, type Source } from '../model/index.js';
import {
  DEFAULT_BREAKER,
  DEFAULT_BULKHEAD,
  DEFAULT_FAIR_SHARE,
  DEFAULT_MAX_LATE_MS,
  DEFAULT_MIN_FAIR_TIMEOUT_MS,
  blameGateway,
  shedByGateway,
  systemClock,
  createBulkhead,
  createSiloBreaker,
  type BreakerState,
  type Bulkhead,
  type GuardOptions,
  type SiloBreaker,
} from '../resilience/index.js';
import type { SiloCallOptions, SiloStage } from './silo-stage.js';

/** The circuit breaker and bulkhead stages, one breaker and one bulkhead per silo shared by every path. */
export interface GuardStages {
  breaker: SiloStage;
  bulkhead: SiloStage;
  breakerStates(): Record<Source, BreakerState>;
}

const bySource = <T>(make: (source: Source) => T) => new Map<Source, T>(SOURCES.map((source) => [source, make(source)]));

/**
 * Creates the guard: per silo, a circuit breaker (open: `CircuitOpen` at once, the silo not called) and then a
 * bulkhead (a bounded number of calls in flight, a bounded queue that no call waits in past its deadline). The breaker
 * stage also gives a call its operation's default priority and reports how each call ended (`onOutcome`). The retry
 * and request budgets sit below, in each connector's HTTP client (`createSiloBudgets`).
 */
export function createGuardStages(options: GuardOptions = {}): GuardStages {
  const clock = options.clock ?? systemClock;
  const breakers = bySource((source) => createSiloBreaker(source, {
    ...DEFAULT_BREAKER,
    now: clock.now,
    ...options.breaker,
    onStateChange: (state) => options.onStateChange?.(source, state),
  }));
  const bulkheads = bySource((source) => createBulkhead(source, { ...DEFAULT_BULKHEAD, ...options.bulkhead, clock }));
  const minFairTimeoutMs = options.minFairTimeoutMs ?? DEFAULT_MIN_FAIR_TIMEOUT_MS;
  const fairShare = options.fairShare ?? DEFAULT_FAIR_SHARE;
  const maxLateMs = options.maxLateMs ?? DEFAULT_MAX_LATE_MS;
  // Whether a call that timed out had a fair chance on the wire: the time from its slot to its deadline was not cut
  // short by the gateway (the request's own deadline, a wait for a slot), i.e. at least `minFairTimeoutMs` and, for a
  // call made for a request, `fairShare` of the silo's per-call limit. Only then does its timeout say the silo is slow.
  const hadFairChance = (onWireMs: number, siloTimeoutMs: number | undefined) =>
    onWireMs >= minFairTimeoutMs && (siloTimeoutMs === undefined || onWireMs >= fairShare * siloTimeoutMs);

  const breaker: SiloStage = {
    name: 'breaker',
    step({ source, operation, plan }) {
      const circuit = breakers.get(source) as SiloBreaker;
      return async ({ args, options: given }, next) => {
        const call: SiloCallOptions = { ...given, priority: given.priority ?? plan.priority };
        const started = performance.now();
        try {
          // A call that arrives with no time left is not the silo's failure, and must not spend a half-open probe.
          if (call.deadline !== undefined && call.deadline <= clock.now()) throw shedByGateway(new SourceTimeout(source, 'request deadline passed'));
          const result = await circuit.run(() => next({ args, options: call }), call.signal);
          options.onOutcome?.({ source, method: operation, outcome: 'OK', durationMs: performance.now() - started });
          return result;
        } catch (error) {
          options.onOutcome?.({ source, method: operation, outcome: isSourceError(error) ? error.code : 'ERROR', durationMs: performance.now() - started });
          throw error;
        }
      };
    },
  };

  const bulkhead: SiloStage = {
    name: 'bulkhead',
    step({ source }) {
      const slots = bulkheads.get(source) as Bulkhead;
      return ({ args, options: { siloTimeoutMs, ...options } }, next) => slots.run(async () => {
        // A timeout the call was not given a fair chance to avoid (its slot came with too little of its time left:
        // the request spent it, or it waited in the queue) is blamed on the gateway: it says nothing about the silo.
        const onWireMs = options.deadline === undefined ? Number.POSITIVE_INFINITY : options.deadline - clock.now();
        try {
          return await next({ args, options });
        } catch (error) {
          if (!(error instanceof SourceTimeout) || error instanceof GatewayStalled) throw error;
          // Its time ran out while the gateway's event loop was busy elsewhere (the timeout was noticed late): an
          // answer may have been waiting in its socket, unread. The gateway's own queue, not the silo's. (The transport tells
          // which it was where it can, as `GatewayStalled`, which passes through.)
          const late = options.deadline !== undefined && clock.now() - options.deadline > maxLateMs;
          throw late || !hadFairChance(onWireMs, siloTimeoutMs) ? blameGateway(error) : error;
        }
      }, options.deadline, options.signal);
    },
  };

  return {
    breaker,
    bulkhead,
    breakerStates: () => Object.fromEntries(SOURCES.map((s) => [s, (breakers.get(s) as SiloBreaker).state()])) as Record<Source, BreakerState>,
  };
}

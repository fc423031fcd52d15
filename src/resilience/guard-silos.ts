import { isSourceError, SOURCES, SourceTimeout, type CallOptions, type Source, type SourceErrorCode } from '../model/index.js';
import type { PrivacySilos, Silos } from '../silos/index.js';
import { blameGateway } from './blame.js';
import { createSiloBreaker, type BreakerOptions, type BreakerState, type SiloBreaker } from './breaker.js';
import { createBulkhead, type Bulkhead, type BulkheadOptions } from './bulkhead.js';

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
  bulkhead?: Partial<BulkheadOptions>;
  onStateChange?: (source: Source, state: BreakerState) => void;
  onOutcome?: (outcome: SiloCallOutcome) => void;
  /**
   * A call that reaches the silo with less time than this before its deadline (the request spent it elsewhere) and
   * times out says nothing about the silo: it does not count toward opening the circuit. Default 250 ms.
   */
  minFairTimeoutMs?: number;
}

/** Silos behind breakers and bulkheads, with their circuits' states. */
export interface GuardedSilos extends Silos {
  /** The silos' data-subject operations behind the same breakers, when given. */
  privacy?: PrivacySilos;
  breakerStates(): Record<Source, BreakerState>;
}

// The connector methods that call a silo, and where each takes its CallOptions. Others pass through unguarded.
const OPTIONS_AT: Readonly<Record<string, number>> = {
  getContacts: 1, findContacts: 1, listContacts: 1, ordersFor: 2, getOrder: 1, transactionsFor: 2, getTransaction: 1,
  ticketsFor: 2, getTicket: 1,
  // HubSpot extras (src/privacy and consent use them).
  getContactByEmail: 1, associationsFor: 2, emailConsent: 1, eraseContact: 1,
  // Data-subject operations (src/privacy).
  eraseRecord: 1, recordPresence: 1, writeEmailConsent: 2,
};

/** The breaker defaults: open when more than half of at least 5 calls in 2 s failed; probe again after 5 s. */
export const DEFAULT_BREAKER = { failureRate: 0.5, samplingMs: 2000, minCalls: 5, halfOpenAfterMs: 5000 } as const;

// Listing every record is what BI crawls do: it yields to interactive calls unless the caller says otherwise.
const DEFAULT_PRIORITY: Readonly<Record<string, CallOptions['priority']>> = { listContacts: 'bulk' };

interface Guard {
  breaker: SiloBreaker;
  bulkhead: Bulkhead;
}

/**
 * Wraps every connector call so that, per silo, it passes a circuit breaker (open: `CircuitOpen` at once, the silo
 * not called) and then a bulkhead (a bounded number of calls in flight, a bounded queue that no call waits in past
 * its deadline). The retry and request budgets sit below, in each connector's HTTP client (`createSiloBudgets`).
 */
export function guardSilos(silos: Silos & { privacy?: PrivacySilos }, options: GuardOptions = {}): GuardedSilos {
  const guards = new Map<Source, Guard>(SOURCES.map((source) => [source, {
    breaker: createSiloBreaker(source, {
      ...DEFAULT_BREAKER,
      ...options.breaker,
      onStateChange: (state) => options.onStateChange?.(source, state),
    }),
    bulkhead: createBulkhead(source, { maxConcurrent: options.bulkhead?.maxConcurrent ?? 16, maxQueued: options.bulkhead?.maxQueued ?? 64 }),
  }]));

  async function guarded<T>(source: Source, method: string, opts: CallOptions | undefined, invoke: (opts: CallOptions) => Promise<T>): Promise<T> {
    const { breaker, bulkhead } = guards.get(source) as Guard;
    const call: CallOptions = { ...opts, priority: opts?.priority ?? DEFAULT_PRIORITY[method] ?? 'interactive' };
    const started = performance.now();
    try {
      // A call that arrives with no time left is not the silo's failure, and must not spend a half-open probe.
      if (call.deadline !== undefined && call.deadline <= Date.now()) throw blameGateway(new SourceTimeout(source, 'request deadline passed'));
      const result = await breaker.run(() => bulkhead.run(() => judged(call, invoke), call.deadline, call.signal), call.signal);
      options.onOutcome?.({ source, method, outcome: 'OK', durationMs: performance.now() - started });
      return result;
    } catch (error) {
      options.onOutcome?.({ source, method, outcome: isSourceError(error) ? error.code : 'ERROR', durationMs: performance.now() - started });
      throw error;
    }
  }

  /** Runs the call; a timeout it was never given a fair chance to avoid is blamed on the gateway. */
  async function judged<T>(call: CallOptions, invoke: (opts: CallOptions) => Promise<T>): Promise<T> {
    const given = call.deadline === undefined ? Number.POSITIVE_INFINITY : call.deadline - Date.now();
    try {
      return await invoke(call);
    } catch (error) {
      throw error instanceof SourceTimeout && given < (options.minFairTimeoutMs ?? 250) ? blameGateway(error) : error;
    }
  }

  function wrap<T extends object>(source: Source, connector: T): T {
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(connector, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        const at = typeof prop === 'string' ? OPTIONS_AT[prop] : undefined;
        if (typeof value !== 'function' || at === undefined) return value;
        if (!wrapped.has(prop)) {
          const fn = value as (...args: unknown[]) => Promise<unknown>;
          wrapped.set(prop, (...args: unknown[]) =>
            guarded(source, prop as string, args[at] as CallOptions | undefined, (call) => {
              const next = [...args];
              next[at] = call;
              return fn.apply(target, next);
            }));
        }
        return wrapped.get(prop);
      },
    });
  }

  return {
    contacts: Object.fromEntries(SOURCES.map((s) => [s, wrap(s, silos.contacts[s])])) as unknown as Silos['contacts'],
    orders: wrap('ECOMMERCE', silos.orders),
    pos: wrap('POS', silos.pos),
    tickets: wrap('SUPPORT', silos.tickets),
    ...(silos.privacy ? { privacy: Object.fromEntries(SOURCES.map((s) => [s, wrap(s, (silos.privacy as PrivacySilos)[s])])) as unknown as PrivacySilos } : {}),
    breakerStates: () => Object.fromEntries(SOURCES.map((s) => [s, (guards.get(s) as Guard).breaker.state()])) as Record<Source, BreakerState>,
  };
}

import { Counter, Gauge, type Registry } from 'prom-client';
import { SOURCES, type Source } from '../model/index.js';
import type { BreakerState, CredentialState } from '../resilience/index.js';

const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/** Read at scrape time: the circuits' states and the cache's running totals. */
export interface StateSources {
  breakerStates?: () => Record<Source, BreakerState>;
  /** Whether each silo took the gateway's credentials on its last answered call. */
  credentialStates?: () => Record<Source, CredentialState>;
  /** The record cache's hits and misses since start (e.g. `cacheLayer.stats`); null when there is no cache. */
  cacheStats?: () => { hits: number; misses: number } | null;
  /** The audit trail's CPU since start, in ms, on the event loop and in the embedded database's worker (null: none). */
  auditCpuMs?: () => { eventLoop: number; database: number | null };
  /** The embedded database's worker's memory in bytes (null: none, or not known yet). */
  auditDatabaseMemory?: () => { heap: number; webAssembly: number | null } | null;
}

/** Circuit-state and cache series, read from callbacks when scraped. */
export function createStateMetrics(registry: Registry, prefix: string) {
  const registers = [registry];
  const read: StateSources = {};
  const cache = () => read.cacheStats?.() ?? null;

  new Gauge({
    name: `${prefix}circuit_state`,
    help: 'Circuit breaker state per silo: 1 for the current state, 0 for the others',
    labelNames: ['source', 'state'] as const,
    registers,
    collect() {
      const states = read.breakerStates?.();
      if (!states) return;
      for (const source of SOURCES) for (const state of STATES) this.set({ source, state }, states[source] === state ? 1 : 0);
    },
  });
  new Gauge({
    name: `${prefix}silo_credentials_refused`,
    help: "1 while a silo refuses the gateway's credentials (its last answered call was SOURCE_UNAUTHORIZED: HTTP 401 or 403), else 0",
    labelNames: ['source'] as const,
    registers,
    collect() {
      const states = read.credentialStates?.();
      if (!states) return;
      for (const source of SOURCES) this.set({ source }, states[source] === 'refused' ? 1 : 0);
    },
  });
  const transitions = new Counter({
    name: `${prefix}circuit_transitions_total`,
    help: 'Circuit breaker state changes per silo, by the state entered',
    labelNames: ['source', 'state'] as const,
    registers,
  });
  // Running totals the cache keeps itself: each scrape reports them as they are.
  for (const [field, help] of [['hits', 'Record cache hits (keys answered from the cache)'], ['misses', 'Record cache misses (keys fetched from a silo)']] as const) {
    new Counter({
      name: `${prefix}cache_${field}_total`,
      help,
      registers,
      collect() {
        const stats = cache();
        this.reset();
        if (stats) this.inc(stats[field]);
      },
    });
  }
  new Gauge({
    name: `${prefix}cache_hit_ratio`,
    help: 'Record cache hits / (hits + misses) since start',
    registers,
    collect() {
      const stats = cache();
      const total = stats ? stats.hits + stats.misses : 0;
      this.set(stats && total > 0 ? stats.hits / total : 0);
    },
  });

  new Counter({
    name: `${prefix}audit_cpu_seconds_total`,
    help: "CPU time the audit trail cost the gateway since start: thread=\"event-loop\" (committing and handing over events), thread=\"database\" (the embedded database's worker; absent with PostgreSQL)",
    labelNames: ['thread'] as const,
    registers,
    collect() {
      const cpu = read.auditCpuMs?.();
      this.reset();
      if (!cpu) return;
      this.inc({ thread: 'event-loop' }, cpu.eventLoop / 1000);
      if (cpu.database !== null) this.inc({ thread: 'database' }, cpu.database / 1000);
    },
  });

  new Gauge({
    name: `${prefix}audit_database_memory_bytes`,
    help: 'Memory of the embedded audit database (absent with PostgreSQL), as of its latest reply: kind="heap" (its worker thread\'s V8 heap in use), kind="webassembly" (PGlite\'s WebAssembly memory, which never shrinks)',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const memory = read.auditDatabaseMemory?.() ?? null;
      this.reset();
      if (!memory) return;
      this.set({ kind: 'heap' }, memory.heap);
      if (memory.webAssembly !== null) this.set({ kind: 'webassembly' }, memory.webAssembly);
    },
  });

  return {
    /** For the guard's `onStateChange`. */
    onBreakerStateChange(source: Source, state: BreakerState): void {
      transitions.inc({ source, state });
    },
    /** Says where the scrape-time values come from; call again to replace them. */
    track(sources: StateSources): void {
      Object.assign(read, sources);
    },
  };
}

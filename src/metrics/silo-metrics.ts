import { Counter, Histogram, type Registry } from 'prom-client';
import type { CallEvent } from '../model/index.js';
import type { SiloCallOutcome } from '../resilience/index.js';
import type { StageTiming } from '../silos/index.js';

// Silo calls take milliseconds (cache-warm vendors) to the whole request deadline (seconds).
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
// A stage's own time runs from microseconds (a cache hit, an open circuit) to seconds (a bulkhead queue, a vendor).
const STAGE_SECONDS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

/** `2xx`, `4xx`, `5xx`… of an HTTP status, or `error` when no answer came. */
export function statusClass(status: number | 'error'): string {
  return status === 'error' ? 'error' : `${Math.floor(status / 100)}xx`;
}

/** The silo series: upstream attempts (the connectors' `onCall`), guarded calls and the time in each pipeline stage (the silo pipeline). */
export function createSiloMetrics(registry: Registry, prefix: string) {
  const registers = [registry];
  const requests = new Counter({
    name: `${prefix}upstream_requests_total`,
    help: 'HTTP attempts sent to each silo, retries included, by HTTP method and status class',
    labelNames: ['source', 'method', 'status_class'] as const,
    registers,
  });
  const latency = new Histogram({
    name: `${prefix}upstream_request_duration_seconds`,
    help: 'Duration of one HTTP attempt to a silo',
    labelNames: ['source', 'status_class'] as const,
    buckets: SECONDS,
    registers,
  });
  const retries = new Counter({ name: `${prefix}upstream_retries_total`, help: 'HTTP attempts that were retries', labelNames: ['source'] as const, registers });
  const calls = new Counter({
    name: `${prefix}silo_calls_total`,
    help: 'Connector calls through the breaker and bulkhead, by method and outcome (OK or an error code)',
    labelNames: ['source', 'method', 'outcome'] as const,
    registers,
  });
  const callLatency = new Histogram({
    name: `${prefix}silo_call_duration_seconds`,
    help: 'Duration of one connector call, pacing, queueing and retries included (a shed call takes ~0)',
    labelNames: ['source'] as const,
    buckets: SECONDS,
    registers,
  });
  const errors = new Counter({ name: `${prefix}silo_errors_total`, help: 'Failed connector calls by error code', labelNames: ['source', 'code'] as const, registers });
  const stages = new Histogram({
    name: `${prefix}silo_stage_duration_seconds`,
    help: 'Time one silo call spent in one stage of the silo pipeline itself, the stages after it excluded (connector: the vendor call, pacing and retries included)',
    labelNames: ['source', 'stage', 'operation'] as const,
    buckets: STAGE_SECONDS,
    registers,
  });

  return {
    /** For `createSilos`: one observed upstream attempt. The path is never used (it may hold ids). */
    onCall(event: CallEvent): void {
      const cls = statusClass(event.status);
      requests.inc({ source: event.source, method: event.method, status_class: cls });
      latency.observe({ source: event.source, status_class: cls }, event.durationMs / 1000);
      if (event.attempt > 1) retries.inc({ source: event.source });
    },
    /** For the guard's `onOutcome`: one connector call and how it ended. */
    observeSiloCall(outcome: SiloCallOutcome): void {
      calls.inc({ source: outcome.source, method: outcome.method, outcome: outcome.outcome });
      callLatency.observe({ source: outcome.source }, outcome.durationMs / 1000);
      if (outcome.outcome !== 'OK') errors.inc({ source: outcome.source, code: outcome.outcome });
    },
    /** For the silo pipeline's `onStage`: the time one call spent in one stage. */
    observeStage(timing: StageTiming): void {
      stages.observe({ source: timing.source, stage: timing.stage, operation: timing.operation }, timing.durationMs / 1000);
    },
  };
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { UnreachableCaseError } from '../model/index.js';
import type { SlotEvent, SlotStats } from '../resilience/index.js';

/** The GraphQL admission gate's series: requests admitted, queued and shed, and the gate's state when scraped. */
export function createAdmissionMetrics(registry: Registry, prefix: string) {
  const registers = [registry];
  let read: (() => SlotStats) | undefined;
  const admitted = new Counter({ name: `${prefix}admission_admitted_total`, help: 'GraphQL requests admitted (at once or after waiting in the queue)', registers });
  const queued = new Counter({ name: `${prefix}admission_queued_total`, help: 'GraphQL requests that had to wait in the admission queue', registers });
  const shed = new Counter({
    name: `${prefix}admission_shed_total`,
    help: 'GraphQL requests refused with 503 OVERLOADED, by reason: full (queue full), late (no room expected in time), expired (waited out), cancelled (client left)',
    labelNames: ['reason'] as const,
    registers,
  });
  const waited = new Histogram({
    name: `${prefix}admission_wait_seconds`,
    help: 'Time a queued GraphQL request waited for admission',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers,
  });
  const gauges = [
    ['in_progress', 'active', 'GraphQL requests in progress'],
    ['waiting', 'queued', 'GraphQL requests waiting for admission'],
    ['limit', 'maxActive', 'The adaptive limit of GraphQL requests in progress'],
  ] as const;
  for (const [name, field, help] of gauges) {
    new Gauge({
      name: `${prefix}admission_${name}`,
      help,
      registers,
      collect() {
        this.set(read?.()[field] ?? 0);
      },
    });
  }
  return {
    /** For the admission gate's `onEvent`. */
    observeAdmission(event: SlotEvent): void {
      switch (event.kind) {
        case 'admitted':
          admitted.inc();
          if (event.waitedMs > 0) waited.observe(event.waitedMs / 1000);
          return;
        case 'queued':
          queued.inc();
          return;
        case 'refused':
          shed.inc({ reason: event.reason });
          return;
        default:
          throw new UnreachableCaseError(event);
      }
    },
    /** Where the gate's state is read at scrape time. */
    trackAdmission(stats: () => SlotStats): void {
      read = stats;
    },
  };
}

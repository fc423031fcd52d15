/**
 * Prometheus metrics (prom-client, a registry of the gateway's own): per-silo upstream requests, latency, retries,
 * errors, circuit states and time in each stage of the silo pipeline, record cache hits, GraphQL requests and their
 * admission (admitted, queued, shed), the newest data-quality report's counts;
 * served by `GET /metrics`.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createAdmissionMetrics } from './admission-metrics.js';
import { createDataQualityMetrics } from './data-quality-metrics.js';
import { createGraphqlMetrics } from './graphql-metrics.js';
import { createSiloMetrics } from './silo-metrics.js';
import { createStateMetrics } from './state-metrics.js';

export { statusClass } from './silo-metrics.js';
export type { StateSources } from './state-metrics.js';
export type { DataQualityCount } from './data-quality-metrics.js';

/** What `/metrics` serves, and the hooks that feed it. */
export interface Metrics extends ReturnType<typeof createSiloMetrics>, ReturnType<typeof createStateMetrics>, ReturnType<typeof createAdmissionMetrics>, ReturnType<typeof createDataQualityMetrics> {
  registry: Registry;
  /** The registry's content type for the text exposition format. */
  contentType: string;
  render(): Promise<string>;
  /** Counts and times GraphQL requests. */
  apolloPlugin: ApolloServerPlugin<BaseContext>;
}

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /** Prefix of the gateway's own series (default `c360_`). */
  prefix?: string;
  /** Node process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

/** Creates the metrics registry with every series the gateway exposes. */
export function createMetrics({ prefix = 'c360_', processMetrics = true }: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    ...createSiloMetrics(registry, prefix),
    ...createStateMetrics(registry, prefix),
    ...createAdmissionMetrics(registry, prefix),
    ...createDataQualityMetrics(registry, prefix),
    apolloPlugin: createGraphqlMetrics(registry, prefix).plugin,
  };
}

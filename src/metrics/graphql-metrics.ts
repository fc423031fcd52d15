import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

// Operation names are chosen by clients: only well-formed ones, and no more than this many distinct, become labels.
const MAX_OPERATION_NAMES = 50;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** GraphQL request series, fed by an Apollo Server plugin. */
export function createGraphqlMetrics(registry: Registry, prefix: string) {
  const registers = [registry];
  const requests = new Counter({
    name: `${prefix}graphql_requests_total`,
    help: 'GraphQL requests by operation type, operation name and result (ok, partial: data with errors, error: no data)',
    labelNames: ['operation_type', 'operation', 'result'] as const,
    registers,
  });
  const duration = new Histogram({
    name: `${prefix}graphql_request_duration_seconds`,
    help: 'GraphQL request duration, from receipt to response',
    labelNames: ['operation_type'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers,
  });
  const seen = new Set<string>();
  const operationLabel = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'other';
    if (!seen.has(name) && seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(name);
    return name;
  };

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const type = operation?.operation ?? 'unknown';
          let result = 'ok';
          if (response.body.kind === 'single' && response.body.singleResult.errors?.length) {
            result = response.body.singleResult.data ? 'partial' : 'error';
          }
          requests.inc({ operation_type: type, operation: operationLabel(operation ? operationName : null), result });
          duration.observe({ operation_type: type }, (performance.now() - started) / 1000);
        },
      };
    },
  };
  return { plugin };
}

import { context, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { SYSTEM_OF, type Source } from '../model/index.js';
import { inSpan, markSiloSpan, SPAN_ATTRIBUTES as A } from '../tracing/index.js';
import type { OperationName } from './silo-operations.js';
import type { Next } from './silo-stage.js';

/** Where a traced chain runs: one operation of one silo on one path. */
export interface TracedSite {
  source: Source;
  operation: OperationName;
  path: string;
}

/**
 * The chain with a span around every call: the silo, its vendor, the operation and path, how many items it asked
 * for, and whether the record cache answered it (the cache stage says so through `onCache`); the connector's HTTP
 * client adds its attempts (`noteAttempt`). The parent is the active span (an identity round), else the request's.
 */
export function traced<F>(tracer: Tracer, site: TracedSite, next: Next<F>): Next<F> {
  const name = `${site.source} ${site.operation}`;
  return (call) => {
    const active = context.active();
    const parent = trace.getSpan(active) ? active : (call.options.request?.trace ?? active);
    const first: unknown = call.args[0];
    const attributes = {
      [A.source]: site.source,
      [A.vendor]: SYSTEM_OF[site.source],
      [A.operation]: site.operation,
      [A.path]: site.path,
      [A.cached]: false,
      [A.attempts]: 0,
      ...(Array.isArray(first) ? { [A.batchSize]: first.length } : {}),
    };
    return inSpan(tracer, name, { kind: SpanKind.INTERNAL, attributes, parent }, (span) => {
      if (!span) return next(call);
      markSiloSpan(span);
      const heard = call.options.onCache;
      return next({
        args: call.args,
        options: {
          ...call.options,
          onCache: (outcome) => {
            span.setAttributes({ [A.cached]: outcome.cached, [A.stale]: outcome.stale });
            heard?.(outcome);
          },
        },
      });
    });
  };
}

import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/** The tracing settings (src/config's `tracingSettings`). */
export interface TracingSettings {
  /** The collector's OTLP/HTTP traces URL; absent: tracing is off. */
  tracesUrl?: string | undefined;
  serviceName: string;
}

/** What the environment cannot carry. */
export interface TracingOptions {
  /** Receives the spans instead of the OTLP exporter, each as it ends (tests pass an in-memory one). */
  exporter?: SpanExporter;
  /** The service.version resource attribute. */
  serviceVersion?: string;
}

/** The gateway's tracing: its tracer, or none when off. */
export interface Tracing {
  /** Absent when tracing is off: callers then make no span at all. */
  readonly tracer: Tracer | undefined;
  /** Ends tracing: the spans still queued are exported first. */
  close(): Promise<void>;
}

/** Tracing turned off: no provider, no tracer, nothing registered. */
export const NO_TRACING: Tracing = { tracer: undefined, close: async () => {} };

/**
 * Creates the gateway's tracing. Without a traces URL it is `NO_TRACING`. With one, a tracer provider exports every
 * span (by OTLP/HTTP in batches, or to `options.exporter` one by one) and is registered with the OpenTelemetry API,
 * which also gives it the async-context manager that carries a span into the calls it awaits. `close()` flushes it
 * and, when it was this provider that the API held, unregisters it.
 */
export function createTracing(settings: TracingSettings, options: TracingOptions = {}): Tracing {
  if (!settings.tracesUrl) return NO_TRACING;
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName, ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}) }),
    spanProcessors: [processor],
  });
  provider.register();
  const registered = trace.getTracerProvider();
  return {
    tracer: provider.getTracer('customer-360-gateway', options.serviceVersion),
    async close() {
      await provider.shutdown();
      // Another provider registered first keeps its place (two stacks in one test process).
      if (registered === trace.getTracerProvider() && isDelegatingTo(registered, provider)) {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}

function isDelegatingTo(global: unknown, provider: NodeTracerProvider): boolean {
  const delegate = (global as { getDelegate?: () => unknown }).getDelegate?.();
  return delegate === provider;
}

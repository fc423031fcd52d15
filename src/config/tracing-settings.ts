import { z } from 'zod';

/** The OTLP path of traces under a collector's base URL, as the OpenTelemetry specification appends it. */
const TRACES_PATH = 'v1/traces';

const collectorUrl = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL of an OTLP/HTTP collector, e.g. http://127.0.0.1:4318' })
  .optional();

/**
 * Traces (OpenTelemetry): OTEL_EXPORTER_OTLP_ENDPOINT turns them on and says where spans go (OTLP over HTTP, to its
 * `/v1/traces`), OTEL_SERVICE_NAME names the service. Unset, no tracer provider exists and no span is made.
 */
export const tracingSettings = z
  .object({
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    OTEL_SERVICE_NAME: z.string().trim().min(1).default('customer-360-gateway'),
  })
  .transform((s) => ({
    /** Where the exporter posts spans; absent: tracing is off. */
    tracesUrl: s.OTEL_EXPORTER_OTLP_ENDPOINT ? new URL(TRACES_PATH, s.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/*$/, '/')).toString() : undefined,
    serviceName: s.OTEL_SERVICE_NAME,
  }));

/**
 * Traces (OpenTelemetry): the gateway's tracer when OTEL_EXPORTER_OTLP_ENDPOINT turns it on, spans that cost nothing
 * when it is off, and the names of every attribute the gateway's spans carry.
 */
export { createTracing, NO_TRACING, type Tracing, type TracingOptions, type TracingSettings } from './create-tracing.js';
export { errorType, failSpan, inSpan, type OperationTrace, type SpanStart } from './in-span.js';
export { SPAN_ATTRIBUTES } from './attributes.js';
export { markSiloSpan, noteAttempt } from './attempts.js';

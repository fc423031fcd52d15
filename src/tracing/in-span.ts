import { context, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';
import { SPAN_ATTRIBUTES } from './attributes.js';

/** One request's operation span and the context its identity rounds and silo calls are made under. */
export interface OperationTrace {
  span: Span;
  context: Context;
}

/** Where a span starts: its kind, its first attributes and, when not the active context, its parent. */
export interface SpanStart {
  kind?: SpanKind;
  attributes?: Attributes;
  parent?: Context;
}

/** The code of an error (`SOURCE_TIMEOUT`…) or its class name: never its message, which may quote an upstream. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}

/** Marks a span failed with the error's type only. */
export function failSpan(span: Span, error: unknown): void {
  span.setAttribute(SPAN_ATTRIBUTES.errorType, errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `work` inside a span, the span active for everything it awaits, ended when it settles (failed with the
 * error's type when it throws). Without a tracer (tracing off) `work` runs as it is: no span object is made.
 */
export async function inSpan<T>(tracer: Tracer | undefined, name: string, start: SpanStart, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!tracer) return work(undefined);
  const parent = start.parent ?? context.active();
  const span = tracer.startSpan(name, { ...(start.kind !== undefined ? { kind: start.kind } : {}), ...(start.attributes ? { attributes: start.attributes } : {}) }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

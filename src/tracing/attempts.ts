import { trace, type Span } from '@opentelemetry/api';
import type { CallEvent } from '../model/index.js';
import { SPAN_ATTRIBUTES as A } from './attributes.js';

const siloSpans = new WeakSet<Span>();
const attemptsOf = new WeakMap<Span, number>();

/** Marks a span as one silo call's, whose HTTP attempts `noteAttempt` records. */
export function markSiloSpan(span: Span): void {
  siloSpans.add(span);
}

/**
 * For the connectors' `onCall`: records one HTTP attempt on the silo call's span that is active around it, as an
 * event (endpoint template, method, status or error, resend count), and leaves the span the last attempt's endpoint
 * and status and the number of attempts. The path itself is never recorded (it may hold an id or an email).
 */
export function noteAttempt(event: CallEvent): void {
  const span = trace.getActiveSpan();
  if (!span || !siloSpans.has(span)) return;
  const outcome = event.status === 'error' ? { [A.errorType]: 'transport' } : { [A.httpStatus]: event.status };
  const attempt = { [A.urlTemplate]: event.endpoint, [A.httpMethod]: event.method, [A.resendCount]: event.attempt - 1, ...outcome };
  span.addEvent('http.attempt', attempt);
  const attempts = (attemptsOf.get(span) ?? 0) + 1;
  attemptsOf.set(span, attempts);
  span.setAttributes({ ...attempt, [A.attempts]: attempts });
}

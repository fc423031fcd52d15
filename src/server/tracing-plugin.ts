import type { ApolloServerPlugin } from '@apollo/server';
import { context, propagation, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import type { RequestContext } from '../context/index.js';
import { failSpan, SPAN_ATTRIBUTES as A, type OperationTrace } from '../tracing/index.js';

/** The span name the GraphQL semantic conventions give an operation whose type is not known (yet). */
const UNKNOWN_OPERATION = 'GraphQL Operation';

/** What the tracing plugin reads of a request's context. */
type TracedContext = Pick<RequestContext, 'operationTrace'>;

/**
 * Starts a request's operation span (SERVER), a child of the caller's W3C `traceparent` when it sends one. Named and
 * given its type and name once the operation is resolved; never the document or the variables.
 */
export function startOperationTrace(tracer: Tracer, headers: Readonly<Record<string, string | string[] | undefined>>): OperationTrace {
  const parent = propagation.extract(context.active(), headers);
  const span = tracer.startSpan(UNKNOWN_OPERATION, { kind: SpanKind.SERVER }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Names the operation span by the semantic conventions (`query CustomerView`), marks it failed on errors, ends it with the response. */
export const tracingPlugin: ApolloServerPlugin<TracedContext> = {
  async requestDidStart({ contextValue }) {
    const span = contextValue.operationTrace?.span;
    if (!span) return {};
    return {
      async didResolveOperation({ operation, operationName }) {
        if (!operation) return;
        const type = operation.operation;
        span.setAttribute(A.operationType, type);
        if (operationName) span.setAttribute(A.operationName, operationName);
        span.updateName(operationName ? `${type} ${operationName}` : type);
      },
      async didEncounterErrors({ errors }) {
        // The first error's code (FORBIDDEN, SOURCE_TIMEOUT…), never its message or path.
        const first = errors[0];
        failSpan(span, { code: first?.extensions?.code ?? 'GRAPHQL_ERROR' });
      },
      async willSendResponse() {
        span.end();
      },
    };
  },
};

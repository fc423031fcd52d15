import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';

/** What one request's completion line says besides id, status and duration. Nothing in it is personal data. */
interface RequestNote {
  sub?: string;
  roles?: readonly string[];
  operation?: string | null;
  /** Each silo touched, with its status. */
  sources?: Record<string, string>;
  /** Records a silo answered with that were left out: silo, vendor id and the field at fault, never a value. */
  skippedRecords?: readonly { source: string; recordId: string | null; field: string }[];
  errorCodes: string[];
}

/** The part of the request context the log reads. */
export interface LoggedContext {
  principal: { sub: string; roles: readonly string[] };
  sources?: {
    report(): readonly { source: string; status: string }[];
    skipped?(): readonly { source: string; recordId: string | null; field: string }[];
  };
}

const NOTE = Symbol('requestNote');
const notes = new WeakMap<FastifyRequest, RequestNote>();
// A GraphQL Name: an operation name from the body is logged only when it is one, never free text.
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

function codesOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  const codes = (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
  return [...new Set(codes)].sort();
}

/** The codes of an error-only body (status ≥ 400 carries no data, so parsing it reads no personal data). */
function codesInErrorBody(payload: string): string[] {
  try {
    const body = JSON.parse(payload) as { errors?: { extensions?: Record<string, unknown> }[] };
    return Array.isArray(body.errors) ? codesOf(body.errors) : [];
  } catch {
    return [];
  }
}

/**
 * Echoes the request id (`x-request-id`) and writes one line per request when it completes: request id,
 * method, route (never the URL, whose query string may hold a GET query's variables), status, duration,
 * the caller's `sub` and roles, the operation name, each silo's status, the error codes, and the records a silo
 * answered with that were left out (silo, vendor id and field: no value).
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    notes.set(request, { errorCodes: [] });
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const note = notes.get(request);
    if (note && note.errorCodes.length === 0 && reply.statusCode >= 400 && typeof payload === 'string') note.errorCodes = codesInErrorBody(payload);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const note = notes.get(request) ?? { errorCodes: [] };
    request.log.info({
      method: request.method,
      route: request.routeOptions.url ?? null,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      sub: note.sub ?? null,
      roles: note.roles ?? [],
      operation: note.operation ?? null,
      sources: note.sources ?? {},
      errorCodes: note.errorCodes,
      ...(note.skippedRecords ? { skippedRecords: note.skippedRecords } : {}),
    }, 'request completed');
  });
}

/**
 * Wraps Apollo's context function so the completion line knows the caller. Apollo hands plugins a
 * shallow copy of the context, so the note travels as a symbol-keyed property rather than by identity.
 */
export function withRequestLog<C extends LoggedContext>(
  create: (request: FastifyRequest, reply: FastifyReply) => Promise<C>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<C> {
  return async (request, reply) => {
    const context = await create(request, reply);
    const note = notes.get(request);
    if (note) {
      note.sub = context.principal.sub;
      note.roles = [...context.principal.roles];
      Object.assign(context, { [NOTE]: note });
    }
    return context;
  };
}

/** Adds the operation name, each silo's status and the error codes of the response to the request's note. */
export const requestLogPlugin: ApolloServerPlugin<LoggedContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response, operationName, request }) {
        const note = (contextValue as { [NOTE]?: RequestNote })[NOTE];
        if (!note) return;
        const name = operationName ?? request.operationName;
        note.operation = typeof name === 'string' && NAME.test(name) ? name : null;
        note.sources = Object.fromEntries((contextValue.sources?.report() ?? []).map((s) => [s.source, s.status]));
        const skipped = contextValue.sources?.skipped?.() ?? [];
        if (skipped.length > 0) note.skippedRecords = skipped.map(({ source, recordId, field }) => ({ source, recordId, field }));
        if (response.body.kind === 'single') note.errorCodes = codesOf(response.body.singleResult.errors);
      },
    };
  },
};

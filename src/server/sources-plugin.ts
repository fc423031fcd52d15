import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/index.js';

/** Adds `extensions.sources`: every silo the request touched, with status, latency and cache flags. */
export const sourcesPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const sources = contextValue.sources?.report() ?? [];
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sources };
      },
    };
  },
};

/** Writes the request's audit event (queued, off the critical path) once the response is decided. */
export const auditPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operationName }) {
        contextValue.audit?.commit(operationName ?? null);
      },
    };
  },
};

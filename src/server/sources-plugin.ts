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

/**
 * `Cache-Control: no-store` on every GraphQL answer: they carry personal data, which no cache between may keep. Apollo
 * Server's cache-control plugin would say the same (the schema gives no cache hints), but computes a policy on every
 * field of every answer to get there; it is turned off (`ApolloServerPluginCacheControlDisabled`) in its favour.
 */
export const noStorePlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

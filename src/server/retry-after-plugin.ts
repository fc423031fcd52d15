import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** The `Retry-After` of an answer some of whose fields the gateway shed (its own queue for a silo was full). */
export const FIELD_RETRY_AFTER_SECONDS = 1;

/**
 * Adds `Retry-After` to a GraphQL answer that carries OVERLOADED on a field: the gateway had no room to call a silo
 * for it, so the caller learns when to ask again, as a request refused whole at the admission gate does.
 */
export const retryAfterPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((error) => error.extensions?.code === 'OVERLOADED')) return;
        if (!response.http.headers.has('retry-after')) response.http.headers.set('retry-after', String(FIELD_RETRY_AFTER_SECONDS));
      },
    };
  },
};

import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../context/index.js';
import type { ErrorCode } from '../errors/index.js';
import type { SkippedRecord } from '../model/index.js';

const SKIPPED: ErrorCode = 'SOURCE_RECORD_SKIPPED';

/** The error entry of a record left out of the answer: the silo, the record's id and the field at fault, no value. */
export function skippedRecordError(record: SkippedRecord): GraphQLFormattedError {
  const which = record.recordId === null ? 'a record without a usable id' : `record ${record.recordId}`;
  return {
    message: `${record.source}: ${which} was left out of the answer: its field ${record.field} is missing or not of the type the API documents`,
    extensions: { code: SKIPPED, source: record.source, recordId: record.recordId, field: record.field },
  };
}

/**
 * Adds `extensions.sources`: every silo the request touched, with status, latency and cache flags; and an error
 * entry (`SOURCE_RECORD_SKIPPED`) for every record a silo answered with that had to be left out of the answer.
 */
export const sourcesPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const sources = contextValue.sources?.report() ?? [];
        result.extensions = { ...result.extensions, sources };
        const skipped = contextValue.sources?.skipped() ?? [];
        if (skipped.length > 0) result.errors = [...(result.errors ?? []), ...skipped.map(skippedRecordError)];
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

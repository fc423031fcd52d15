import type { PersistedQueryOptions } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentNotTrusted, replyWithGraphQLError } from '../errors/index.js';
import { documentHash, type TrustedManifest, type TrustedOperation } from './trusted-manifest.js';

/** The request parameters trusted-documents mode reads: from a POST's JSON body or a GET's query string. */
interface RequestParams {
  documentId?: unknown;
  query?: unknown;
  extensions?: unknown;
}

/** Trusted-documents mode (`TRUSTED_DOCUMENTS`): the manifest, the hook that resolves ids, and the per-role admission. */
export interface TrustedDocuments {
  /**
   * Apollo Server's `persistedQueries`: the manifest as a read-only cache. Apollo looks up APQ hashes in it and its
   * writes go nowhere, so APQ cannot register a document even if a request got past the hook.
   */
  persistedQueries: PersistedQueryOptions;
  /** Resolves `documentId` and APQ hashes on the GraphQL route before Apollo Server reads the request, and refuses unknown ones. */
  register(app: FastifyInstance, graphqlPath: string): void;
  /** Throws DOCUMENT_NOT_TRUSTED for document text the manifest does not list, unless the caller is an admin. */
  admit(request: FastifyRequest, roles: readonly string[]): void;
}

const DOCUMENT_ID = /^sha256:([0-9a-f]{64})$/;
const APQ_PREFIX = 'apq:';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parameters of a GraphQL request, or null for one the hook leaves to Apollo Server (no body, a batch, unreadable extensions). */
function paramsOf(request: FastifyRequest): RequestParams | null {
  if (request.method === 'POST') return isRecord(request.body) ? request.body : null;
  if (request.method !== 'GET' || !isRecord(request.query)) return null;
  const { documentId, query, extensions } = request.query;
  if (typeof extensions !== 'string') return { documentId, query, extensions };
  try {
    return { documentId, query, extensions: JSON.parse(extensions) as unknown };
  } catch {
    return null;
  }
}

/** The document a request names by id (a `sha256:` documentId, APQ's sha256Hash, or both agreeing), or why it cannot name one. */
function requestedId(params: RequestParams): { id: string } | { refusal: string } | null {
  const { documentId } = params;
  const persisted = isRecord(params.extensions) ? params.extensions.persistedQuery : undefined;
  if (documentId === undefined && persisted === undefined) return null;
  const hash = isRecord(persisted) ? persisted.sha256Hash : persisted;
  let id: string | undefined;
  if (documentId !== undefined) {
    const match = typeof documentId === 'string' ? DOCUMENT_ID.exec(documentId) : null;
    if (!match?.[1]) return { refusal: 'documentId must be a SHA256 hex document identifier: sha256: and 64 lower-case hex digits.' };
    id = match[1];
  }
  if (persisted !== undefined) {
    if (typeof hash !== 'string') return { refusal: 'extensions.persistedQuery.sha256Hash must be a string of 64 lower-case hex digits.' };
    if (id !== undefined && id !== hash) return { refusal: 'documentId and extensions.persistedQuery.sha256Hash name different documents; send one of them.' };
    id = hash;
  }
  return id === undefined ? null : { id };
}

/** The request rewritten to name the document by APQ's extension, which Apollo Server resolves through `persistedQueries`. */
function asPersistedQuery(request: FastifyRequest, params: RequestParams, id: string): void {
  const extensions = isRecord(params.extensions) ? params.extensions : {};
  const persistedQuery = isRecord(extensions.persistedQuery) ? extensions.persistedQuery : { version: 1, sha256Hash: id };
  const rewritten = { ...extensions, persistedQuery };
  if (request.method === 'POST' && isRecord(request.body)) {
    delete request.body.documentId;
    request.body.extensions = rewritten;
    return;
  }
  // A GET reaches Apollo Server as its URL's query string (the Fastify integration reads request.url, i.e. raw.url).
  const url = new URL(request.raw.url ?? '/', 'http://gateway.invalid');
  url.searchParams.delete('documentId');
  url.searchParams.set('extensions', JSON.stringify(rewritten));
  request.raw.url = `${url.pathname}${url.search}`;
}

/**
 * Builds trusted-documents mode over a manifest. Only the manifest's documents run for every role: named by
 * `documentId` (`sha256:<hex>`, the GraphQL-over-HTTP persisted-documents convention) or APQ's `sha256Hash`, or sent
 * as their exact text. An unknown id and an APQ request that would register a document are refused before
 * authentication; other document text (ad-hoc documents: the explorer, hand-written queries) runs for admin only.
 */
export function createTrustedDocuments(manifest: TrustedManifest): TrustedDocuments {
  const byId = new Map<string, TrustedOperation>(manifest.operations.map((op) => [op.id, op]));
  // Requests whose document the manifest lists, as the hook found them; anything else is ad-hoc.
  const trusted = new WeakSet<FastifyRequest>();

  const refuse = (reply: FastifyReply, message: string) => replyWithGraphQLError(reply, 'DOCUMENT_NOT_TRUSTED', message);

  return {
    persistedQueries: {
      cache: {
        async get(key) {
          return byId.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key)?.body;
        },
        async set() {},
        async delete() {
          return false;
        },
      },
    },
    register(app, graphqlPath) {
      app.addHook('preHandler', async (request, reply) => {
        if (request.routeOptions.url !== graphqlPath) return;
        const params = paramsOf(request);
        if (!params) return;
        const named = requestedId(params);
        if (named === null) {
          if (typeof params.query === 'string' && byId.has(documentHash(params.query))) trusted.add(request);
          return;
        }
        if ('refusal' in named) return refuse(reply, named.refusal);
        const operation = byId.get(named.id);
        if (!operation) {
          return refuse(reply, typeof params.query === 'string'
            ? 'This gateway runs trusted documents only, and APQ cannot register new ones: the document is not in its manifest.'
            : `No trusted document has the id sha256:${named.id}; the gateway runs only the documents of its manifest.`);
        }
        if (params.query !== undefined && params.query !== operation.body) {
          return refuse(reply, `The query text is not the document sha256:${named.id} names; send the id alone.`);
        }
        asPersistedQuery(request, params, named.id);
        trusted.add(request);
      });
    },
    admit(request, roles) {
      if (trusted.has(request) || roles.includes('admin')) return;
      throw new DocumentNotTrusted('This gateway runs trusted documents only: send a registered document by its documentId (sha256:…) or APQ sha256Hash. Ad-hoc documents, the explorer\'s included, run for admin only.');
    },
  };
}

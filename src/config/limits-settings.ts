import { z } from 'zod';
import { count } from './setting-values.js';

/** What one GraphQL request may ask for: MAX_BODY_BYTES, MAX_QUERY_*, ALLOW_INTROSPECTION and TRUSTED_DOCUMENTS (the manifest of the only documents that run). */
export const limitsSettings = z
  .object({
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(262_144),
    MAX_QUERY_DEPTH: count.min(1).default(8),
    MAX_QUERY_ALIASES: count.default(30),
    MAX_QUERY_TOKENS: count.min(1).default(2000),
    MAX_QUERY_DIRECTIVES: count.default(50),
    MAX_QUERY_FIELDS: count.min(1).default(500),
    MAX_QUERY_COST: count.min(1).default(20_000),
    ALLOW_INTROSPECTION: z.stringbool().default(false),
    TRUSTED_DOCUMENTS: z.string().trim().min(1).optional(),
  })
  .transform((s) => ({
    bodyBytes: s.MAX_BODY_BYTES,
    /** The path of the trusted documents' manifest; unset, any document runs and APQ is Apollo Server's default. */
    trustedDocumentsFile: s.TRUSTED_DOCUMENTS,
    query: {
      maxDepth: s.MAX_QUERY_DEPTH,
      maxAliases: s.MAX_QUERY_ALIASES,
      maxTokens: s.MAX_QUERY_TOKENS,
      maxDirectives: s.MAX_QUERY_DIRECTIVES,
      maxFields: s.MAX_QUERY_FIELDS,
      maxCost: s.MAX_QUERY_COST,
      allowIntrospection: s.ALLOW_INTROSPECTION,
    },
  }));

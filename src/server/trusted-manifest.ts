import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, validate, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { z } from 'zod';

/** One registered operation: its document's SHA-256 (lower-case hex), name, type and exact text. */
export interface TrustedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/**
 * The manifest of trusted documents, in Apollo's persisted query manifest format (what its client tooling reads and
 * writes), so clients built with that tooling send the same ids.
 */
export interface TrustedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: TrustedOperation[];
}

/** A manifest or an operation file that cannot be trusted; the message names the file (and entry) at fault. */
export class TrustedManifestError extends Error {
  override readonly name = 'TrustedManifestError';
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({
    id: z.string().regex(SHA256_HEX, '64 lower-case hex digits (the SHA-256 of body)'),
    name: z.string().min(1),
    type: z.enum(['query', 'mutation', 'subscription']),
    body: z.string().min(1),
  })),
});

/** The SHA-256 of a document's source text as lower-case hex: APQ's `sha256Hash`, and the payload of a `sha256:` documentId. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An error's message with where it points in the document, e.g. `Cannot query field "x" … (2:3)`. */
function located(error: GraphQLError): string {
  const at = error.locations?.[0];
  return at ? `${error.message} (${at.line}:${at.column})` : error.message;
}

/** The one operation of a document, or why it cannot be a persisted operation; never throws on bad syntax (it reports it). */
function operationOf(body: string, schema: GraphQLSchema): OperationDefinitionNode | string {
  let errors: readonly GraphQLError[];
  let operations: OperationDefinitionNode[];
  try {
    const document = parse(body);
    errors = validate(schema, document);
    operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch (error) {
    return located(error as GraphQLError);
  }
  if (errors.length > 0) return errors.map(located).join('; ');
  const [operation, ...more] = operations;
  if (!operation || more.length > 0) return `a persisted operation holds exactly one operation (and the fragments it uses); found ${operations.length}`;
  if (!operation.name) return 'the operation has no name; name it (query Agent { … }), the manifest lists operations by name';
  return operation;
}

/**
 * Builds a manifest from every `.graphql` file of a folder (in name order), each one named operation that validates
 * against the schema; the first bad file stops it with an error naming the file. A document's id is the SHA-256 of
 * the file's exact text, which is what clients send (or its `sha256:` documentId).
 */
export function buildTrustedManifest(folder: string, schema: GraphQLSchema): TrustedManifest {
  const files = readdirSync(folder).filter((f) => f.endsWith('.graphql')).sort();
  if (files.length === 0) throw new TrustedManifestError(`${folder} holds no .graphql operation files`);
  const byName = new Map<string, string>();
  const operations = files.map((file): TrustedOperation => {
    const path = join(folder, file);
    const body = readFileSync(path, 'utf8');
    const operation = operationOf(body, schema);
    if (typeof operation === 'string') throw new TrustedManifestError(`${path}: ${operation}`);
    const name = operation.name?.value ?? '';
    const other = byName.get(name);
    if (other) throw new TrustedManifestError(`${path}: operation ${name} is also in ${other}; operation names must be unique`);
    byName.set(name, path);
    return { id: documentHash(body), name, type: operation.operation, body };
  });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/**
 * Reads and checks a manifest file at start-up: its shape, each id against its body's SHA-256, and each body against
 * the schema (a document the schema no longer accepts would fail every client that sends it). Errors name the file
 * and the entry, never a body.
 */
export function readTrustedManifest(path: string, schema: GraphQLSchema): TrustedManifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TrustedManifestError(`TRUSTED_DOCUMENTS ${path} cannot be read as JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new TrustedManifestError(`TRUSTED_DOCUMENTS ${path} is not a persisted query manifest (npm run trusted-documents writes one): ${issues}`);
  }
  parsed.data.operations.forEach((op, i) => {
    const at = `TRUSTED_DOCUMENTS ${path}: operations.${i} (${op.name})`;
    if (documentHash(op.body) !== op.id) throw new TrustedManifestError(`${at}: id is not the SHA-256 of body`);
    const operation = operationOf(op.body, schema);
    if (typeof operation === 'string') throw new TrustedManifestError(`${at} no longer validates against the schema: ${operation}`);
  });
  return parsed.data;
}

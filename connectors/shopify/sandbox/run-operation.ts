import type { DocumentNode, ExecutionResult, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import { costExtension, throttledAnswer } from './answers.js';
import type { CostBucket } from './cost-bucket.js';
import type { ErasureQueue } from './erasure-queue.js';
import { GraphQLError, execute, getOperationAST, getVariableValues, parse, validate } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { actualCost, analyseQuery, type CostAnalysis } from './query-cost.js';
import type { SandboxContext } from './sandbox-context.js';
import type { ShopifyStore } from './store.js';

/** A GraphQL request as posted to `graphql.json`. */
export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** What executing a request needs: the schema, the data, pending erasures, the cost bucket and the single-query cost cap. */
export interface Engine {
  schema: GraphQLSchema;
  store: ShopifyStore;
  erasures: ErasureQueue;
  bucket: CostBucket;
  maxQueryCost: number;
}

// Invalid queries are answered like Shopify does: HTTP 200, `errors`, no `data`.
const errorsOnly = (errors: readonly GraphQLError[]): VendorAnswer => ({ status: 200, body: { errors: errors.map((e) => e.toJSON()) } });

function maxCostError(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`Query cost is ${cost}, which exceeds the single query max cost limit (${maxCost}).`, {
    extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost, documentation: 'https://shopify.dev/api/usage/rate-limits' },
  });
}

function parseDocument(query: string): DocumentNode | GraphQLError {
  try {
    return parse(query);
  } catch (error) {
    return error instanceof GraphQLError ? error : new GraphQLError('Unparseable query');
  }
}

/**
 * A query text parsed and validated: its document and, per operation name, the operation compiled to a function
 * (graphql-jit; `null` where it could not be, which graphql-js then executes) or the time graphql-js has spent
 * running it so far; or the errors that refuse it.
 */
type Prepared = { document: DocumentNode; compiled: Map<string, CompiledQuery | null | number>; costs: Map<string, CostAnalysis> } | { errors: readonly GraphQLError[] };
type Runnable = Exclude<Prepared, { errors: readonly GraphQLError[] }>;

// A query text against one schema always parses and validates the same way, so, like a GraphQL server's document
// cache, the result is kept for the texts seen last (clients send the same few queries with other variables).
const PREPARED_LIMIT = 500;
const preparedBySchema = new WeakMap<GraphQLSchema, Map<string, Prepared>>();

function prepare(schema: GraphQLSchema, query: string): Prepared {
  let cache = preparedBySchema.get(schema);
  if (!cache) preparedBySchema.set(schema, (cache = new Map()));
  const known = cache.get(query);
  if (known) {
    // Re-inserted, so the map's order is least recently used first.
    cache.delete(query);
    cache.set(query, known);
    return known;
  }
  const document = parseDocument(query);
  const invalid = document instanceof GraphQLError ? [document] : validate(schema, document);
  const prepared: Prepared = invalid.length > 0 || document instanceof GraphQLError ? { errors: invalid } : { document, compiled: new Map(), costs: new Map() };
  if (cache.size >= PREPARED_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(query, prepared);
  return prepared;
}

// graphql-js walks the schema's types for every field of every answer (a BI page of 100 customers with their orders
// is tens of thousands of fields, ~40 ms); graphql-jit compiles a validated operation into a function that does only
// what the operation asks (~13 ms for that page), with the same resolvers, leaf serialisation and errors. Compiling
// costs 20–180 ms, so an operation is compiled only once graphql-js has spent that long on it: a hot BI page after a
// few runs, a one-off search (many alias patterns, each its own text) never.
const COMPILE_AFTER_MS = 200;

async function execution(schema: GraphQLSchema, prepared: Runnable, request: OperationRequest, context: SandboxContext): Promise<ExecutionResult> {
  const key = request.operationName ?? '';
  const known = prepared.compiled.get(key) ?? 0;
  if (typeof known === 'object' && known !== null) return known.query(undefined, context, request.variables ?? {});
  const started = performance.now();
  const result = await execute({
    schema, document: prepared.document, contextValue: context, operationName: request.operationName, variableValues: request.variables ?? {},
  });
  if (known === null) return result;
  const spent = known + performance.now() - started;
  if (spent < COMPILE_AFTER_MS) prepared.compiled.set(key, spent);
  else {
    const made = compileQuery(schema, prepared.document, request.operationName ?? undefined);
    prepared.compiled.set(key, isCompiledQuery(made) ? made : null);
  }
  return result;
}

// The cost walk reads of the variables only numbers (page sizes) and list lengths (`ids`), so operations whose
// variables agree in those cost the same and break the same limits: the analysis is kept per such shape.
const COSTS_PER_DOCUMENT = 64;
function costShape(operationName: string | undefined, variables: Record<string, unknown>): string {
  let key = operationName ?? '';
  for (const name in variables) {
    const value = variables[name];
    key += `|${name}:${typeof value === 'number' ? value : Array.isArray(value) ? `[${value.length}]` : value == null ? '-' : '*'}`;
  }
  return key;
}

function costOf(engine: Engine, prepared: Runnable, operation: OperationDefinitionNode, operationName: string | undefined, variables: Record<string, unknown>): CostAnalysis {
  const key = costShape(operationName, variables);
  let cost = prepared.costs.get(key);
  if (!cost) {
    const fragments = new Map(
      prepared.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]),
    );
    cost = analyseQuery(engine.schema, operation, fragments, variables);
    if (prepared.costs.size >= COSTS_PER_DOCUMENT) prepared.costs.clear();
    prepared.costs.set(key, cost);
  }
  return cost;
}

/** Parses, validates, costs, throttles and executes one request against the sandbox schema. */
export async function runOperation(engine: Engine, request: OperationRequest): Promise<VendorAnswer> {
  const { schema, store, bucket } = engine;
  const prepared = prepare(schema, request.query);
  if ('errors' in prepared) return errorsOnly(prepared.errors);
  const { document } = prepared;
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) return errorsOnly([new GraphQLError('An operation name is required when a query holds several operations, and it must name one of them.')]);
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (variables.errors) return errorsOnly(variables.errors);

  const { requested, errors } = costOf(engine, prepared, operation, request.operationName ?? undefined, variables.coerced);
  if (errors.length > 0) return errorsOnly(errors);
  if (requested > engine.maxQueryCost) return errorsOnly([maxCostError(requested, engine.maxQueryCost)]);
  if (!bucket.take(requested)) return throttledAnswer(requested, bucket.status());

  const context: SandboxContext = { store, erasures: engine.erasures, searches: [] };
  const result = await execution(schema, prepared, request, context);
  const actual = actualCost(result.data, requested);
  bucket.refund(requested - actual);
  const search = context.searches.length > 0 ? { search: context.searches } : {};
  return {
    status: 200,
    body: {
      ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
      data: result.data ?? null,
      extensions: { ...costExtension(requested, actual, bucket.status()), ...search },
    },
  };
}

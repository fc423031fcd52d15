import {
  GraphQLIncludeDirective, GraphQLSkipDirective, Kind, getArgumentValues, getDirectiveValues, getNamedType,
  getNullableType, getOperationAST, getVariableValues, isCompositeType, isListType, isObjectType, visit, BREAK,
  type ASTNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import { DEFAULT_LIST_SIZE, LIST_SIZES, MAX_PAGE_SIZES, SILO_CALL_COST, SILO_CALLS } from './cost-weights.js';

type Variables = Record<string, unknown>;

const PAGE_ARGUMENTS = ['first', 'limit'];
const INTROSPECTION = new Set(['__schema', '__type']);

/** A Relay connection: its `edges`/`nodes` repeat once per item of the page, its `pageInfo` once. */
function isConnection(type: GraphQLCompositeType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection') && 'edges' in type.getFields();
}

function included(node: SelectionNode, variables: Variables): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
  } catch {
    // A variable that does not coerce fails the request at execution; price the field as if it ran.
  }
  return true;
}

/** The page size the field asks for (`first`/`limit`, else the schema's default), or null if it has none. */
function pageArgument(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables): number | null {
  let values: Record<string, unknown> = {};
  try {
    values = getArgumentValues(field, node, variables);
  } catch {
    // Invalid arguments fail at execution; fall back to the schema's defaults below.
  }
  for (const name of PAGE_ARGUMENTS) {
    const value = values[name] ?? field.args.find((a) => a.name === name)?.defaultValue;
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
  }
  return null;
}

/** Coerces the request's variables with the operation's defaults; raw values where they do not coerce. */
function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Variables): Variables {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
  return 'coerced' in result && result.coerced ? result.coerced : raw;
}

// Apollo Server keeps parsed documents (its document store), so the same query text arrives as the same nodes.
const variableDependence = new WeakMap<DocumentNode, boolean>();
const costs = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; cost: number }>();

/**
 * Whether a document's cost can depend on its variables: through `@skip`/`@include` (or any directive) given a
 * variable, or a field that names a page argument (`first`/`limit`) and takes a variable among its arguments
 * (a variable that does not coerce makes `pageArgument` fall back to the defaults). Anywhere else a variable
 * changes nothing: a field without a page argument in the document is priced at the schema's default either way.
 */
function dependsOnVariables(document: DocumentNode): boolean {
  const known = variableDependence.get(document);
  if (known !== undefined) return known;
  let found = false;
  const hasVariable = (node: ASTNode) => {
    let seen = false;
    visit(node, { Variable: () => ((seen = true), BREAK) });
    return seen;
  };
  visit(document, {
    Directive(node) {
      if (!hasVariable(node)) return undefined;
      found = true;
      return BREAK;
    },
    Field(node) {
      const args = node.arguments ?? [];
      if (!args.some((a) => PAGE_ARGUMENTS.includes(a.name.value)) || !args.some(hasVariable)) return undefined;
      found = true;
      return BREAK;
    },
  });
  variableDependence.set(document, found);
  return found;
}

/**
 * The cost of one operation. Every field costs 1. A list multiplies the cost of its selection by its page
 * size (`first`/`limit` or the schema's default, at most what the field serves, MAX_PAGE_SIZES; a
 * connection multiplies only its `edges`/`nodes`, not
 * `pageInfo` or `totalCount`; a list without a page argument uses LIST_SIZES or DEFAULT_LIST_SIZE).
 * A field backed by a silo adds SILO_CALL_COST per call (SILO_CALLS), times its page size where the calls
 * are per item. `@skip`/`@include` are honoured. Introspection (`__schema`, `__type`) costs 1: it reads the
 * schema, not a silo, and is admin-only by default.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, rawVariables: Variables = {}): number {
  // A cost that no variable can change is the same on every request of the document: computed once.
  if (dependsOnVariables(document)) return computeCost(schema, document, operation, rawVariables);
  const known = costs.get(operation);
  if (known?.schema === schema) return known.cost;
  const cost = computeCost(schema, document, operation, rawVariables);
  costs.set(operation, { schema, cost });
  return cost;
}

function computeCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, rawVariables: Variables): number {
  const variables = coerceVariables(schema, operation, rawVariables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();

  // Keyed by page size too: a fragment on a connection repeats its edges as often as the spreading field asks.
  function fragmentCost(name: string, edgesPerPage: number | null): number {
    const key = `${name}|${edgesPerPage}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const def = fragments.get(name);
    const type = def ? schema.getType(def.typeCondition.name.value) : undefined;
    memo.set(key, 0); // a cycle (rejected by validation before this runs) would otherwise recurse forever
    const cost = def && type && isCompositeType(type) ? selectionCost(def.selectionSet, type, edgesPerPage) : 0;
    memo.set(key, cost);
    return cost;
  }

  function fieldCost(node: FieldNode, parent: GraphQLCompositeType, edgesPerPage: number | null): number {
    const name = node.name.value;
    if (name === '__typename' || INTROSPECTION.has(name) || !('getFields' in parent)) return 1;
    const field = parent.getFields()[name];
    if (!field) return 1;
    const type = getNamedType(field.type);
    const key = `${parent.name}.${name}`;
    const repeats = (name === 'edges' || name === 'nodes') && edgesPerPage !== null;
    const asked = pageArgument(field, node, variables);
    const page = asked === null ? null : Math.min(asked, MAX_PAGE_SIZES[key] ?? asked);
    const connection = isCompositeType(type) && isConnection(type);
    const isList = isListType(getNullableType(field.type));
    // How many times the selection below runs, and how many items the field returns.
    const items = repeats ? (edgesPerPage as number) : (page ?? (isList ? LIST_SIZES[key] ?? DEFAULT_LIST_SIZE : 1));
    const silo = SILO_CALLS[key];
    const siloCost = silo ? silo.calls * SILO_CALL_COST * (silo.perItem ? items : 1) : 0;
    if (!node.selectionSet || !isCompositeType(type)) return 1 + siloCost;
    if (connection) return 1 + siloCost + selectionCost(node.selectionSet, type, items);
    return 1 + siloCost + (isList || repeats ? items : 1) * selectionCost(node.selectionSet, type, null);
  }

  function selectionCost(set: SelectionSetNode, parent: GraphQLCompositeType, edgesPerPage: number | null): number {
    let total = 0;
    for (const s of set.selections) {
      if (!included(s, variables)) continue;
      if (s.kind === Kind.FIELD) total += fieldCost(s, parent, edgesPerPage);
      else if (s.kind === Kind.FRAGMENT_SPREAD) total += fragmentCost(s.name.value, edgesPerPage);
      else {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += selectionCost(s.selectionSet, type, edgesPerPage);
      }
    }
    return total;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root, null) : 0;
}

/**
 * The cost of a document under the gateway's cost model (see `operationCost`): of the named operation, of
 * its only one, or the highest of its operations when it has several and no name is given.
 */
export function queryCost(document: DocumentNode, schema: GraphQLSchema, variables: Variables = {}, operationName?: string): number {
  const chosen = getOperationAST(document, operationName);
  const operations = chosen ? [chosen] : document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operations.reduce((max, op) => Math.max(max, operationCost(schema, document, op, variables)), 0);
}

import type { FieldNode, FragmentDefinitionNode, GraphQLCompositeType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { GraphQLError, getArgumentValues, getNamedType, getNullableType, isCompositeType, isLeafType, isListType } from 'graphql';

/** The most items a connection page or a `nodes` call may ask for. */
export const MAX_PAGE_SIZE = 250;

/** A query's calculated cost and the limits it breaks, worked out before it runs. */
export interface CostAnalysis {
  requested: number;
  errors: GraphQLError[];
}

interface Walk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

// Edges and page info are bookkeeping: their content is costed, not the wrapper.
const isWrapper = (name: string) => name.endsWith('Edge') || name === 'PageInfo';

function checkLimits(walk: Walk, node: FieldNode, args: Record<string, unknown>, path: string[]) {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (typeof value === 'number' && value > MAX_PAGE_SIZE) {
      walk.errors.push(new GraphQLError(`The ${name} argument on ${node.name.value} must be at most ${MAX_PAGE_SIZE}, received ${value}.`, {
        nodes: node, path, extensions: { code: 'MAX_PAGE_SIZE_EXCEEDED', maxPageSize: MAX_PAGE_SIZE },
      }));
    }
  }
  if (Array.isArray(args.ids) && args.ids.length > MAX_PAGE_SIZE) {
    walk.errors.push(new GraphQLError(`The ids argument on ${node.name.value} accepts at most ${MAX_PAGE_SIZE} ids, received ${args.ids.length}.`, {
      nodes: node, path, extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED', maxInputSize: MAX_PAGE_SIZE },
    }));
  }
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLCompositeType, path: string[]): number {
  if (node.name.value.startsWith('__') || !('getFields' in parent)) return 0;
  const def = parent.getFields()[node.name.value];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return 0;
  const args = getArgumentValues(def, node, walk.variables);
  const here = [...path, node.alias?.value ?? node.name.value];
  checkLimits(walk, node, args, here);
  const children = node.selectionSet ? selectionCost(walk, node.selectionSet, named, here) : 0;
  if (isWrapper(named.name)) return children;
  // Simple model: an object costs 1, a connection 2 + the page size, a list of ids one per id.
  if (named.name.endsWith('Connection')) return 2 + Number(args.first ?? args.last ?? 0) + children;
  if (isListType(getNullableType(def.type)) && Array.isArray(args.ids)) return args.ids.length + children;
  return 1 + children;
}

function selectionCost(walk: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, path: string[]): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === 'Field') {
      cost += fieldCost(walk, selection, parent, path);
      continue;
    }
    const fragment = selection.kind === 'FragmentSpread' ? walk.fragments.get(selection.name.value) : selection;
    if (!fragment) continue;
    const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : parent;
    if (condition && isCompositeType(condition)) cost += selectionCost(walk, fragment.selectionSet, condition, path);
  }
  return cost;
}

/** Works out the requested cost of an operation and the page-size limits it breaks, with its variables applied. */
export function analyseQuery(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): CostAnalysis {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const walk: Walk = { schema, fragments, variables, errors: [] };
  const requested = root ? selectionCost(walk, operation.selectionSet, root, []) : 0;
  return { requested: operation.operation === 'mutation' ? requested + 10 : requested, errors: walk.errors };
}

/** The cost actually incurred: one point per object returned, never more than was requested. */
export function actualCost(data: unknown, requested: number): number {
  // Counts without allocating, and stops once the count reaches what was requested: a page of orders holds
  // tens of thousands of objects, and only the capped number matters.
  let count = 0;
  const visit = (value: unknown): void => {
    if (count >= requested || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    count += 1;
    for (const key in value) visit((value as Record<string, unknown>)[key]);
  };
  visit(data);
  return Math.min(requested, count);
}

import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** What an operation asks for once every fragment spread is expanded in place. */
export interface OperationMeasures {
  /** Deepest chain of nested fields; `ofType` (a type wrapper, bounded by the schema) does not add a level. */
  depth: number;
  aliases: number;
  directives: number;
  /** Field selections, repeats counted: `{ id id id }` is 3. */
  fields: number;
}

const ZERO: OperationMeasures = { depth: 0, aliases: 0, directives: 0, fields: 0 };
// Fragments spread inside fragments multiply; sums saturate instead of reaching Infinity.
const CAP = 1e15;
const add = (a: number, b: number) => Math.min(CAP, a + b);

function merge(into: OperationMeasures, m: OperationMeasures): void {
  into.depth = Math.max(into.depth, m.depth);
  into.aliases = add(into.aliases, m.aliases);
  into.directives = add(into.directives, m.directives);
  into.fields = add(into.fields, m.fields);
}

/**
 * Measures every operation of a parsed document, fragments expanded. Each fragment is measured once and
 * reused, so a "fragment bomb" (each fragment spreading the next one twice) costs linear time to measure
 * while its measures grow exponentially. This runs before validation, so it tolerates what validation
 * rejects later: a fragment that spreads itself counts as empty, an unknown fragment as empty.
 */
export function measureOperations(document: DocumentNode): OperationMeasures[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const done = new Map<string, OperationMeasures>();
  const inProgress = new Set<string>();

  function fragment(name: string): OperationMeasures {
    const known = done.get(name);
    if (known) return known;
    const def = fragments.get(name);
    if (!def || inProgress.has(name)) return ZERO;
    inProgress.add(name);
    const m = selections(def.selectionSet);
    m.directives = add(m.directives, def.directives?.length ?? 0);
    inProgress.delete(name);
    done.set(name, m);
    return m;
  }

  function selections(set: SelectionSetNode): OperationMeasures {
    const total: OperationMeasures = { ...ZERO };
    for (const s of set.selections) {
      total.directives = add(total.directives, s.directives?.length ?? 0);
      if (s.kind === Kind.FIELD) {
        const below = s.selectionSet ? selections(s.selectionSet) : ZERO;
        const level = s.name.value === 'ofType' ? 0 : 1;
        merge(total, { ...below, depth: below.depth + level, aliases: add(below.aliases, s.alias ? 1 : 0), fields: add(below.fields, 1) });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        merge(total, selections(s.selectionSet));
      } else {
        merge(total, fragment(s.name.value));
      }
    }
    return total;
  }

  return document.definitions.flatMap((d) => {
    if (d.kind !== Kind.OPERATION_DEFINITION) return [];
    const m = selections(d.selectionSet);
    const variableDirectives = (d.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
    m.directives = add(m.directives, (d.directives?.length ?? 0) + variableDirectives);
    return [m];
  });
}

import { Kind, visit, BREAK, type DocumentNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Forbidden } from '../../errors/index.js';

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/** Removes graphql-js's "Did you mean …?" hint, which would reveal field, type and enum names. */
export function hideSuggestions(error: GraphQLError): void {
  if (SUGGESTION.test(error.message)) error.message = error.message.replace(SUGGESTION, '');
}

// Apollo Server keeps parsed documents, so the same query text arrives as the same nodes: each is looked at once.
const introspects = new WeakMap<DocumentNode, boolean>();

/** Determines if a document asks for the schema (`__schema` or `__type`; `__typename` is harmless). */
export function isIntrospection(document: DocumentNode): boolean {
  const known = introspects.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  introspects.set(document, found);
  return found;
}

const SCHEMA_FIELDS = new Set(['__schema', '__type', '__typename']);

/** Determines if an operation asks for nothing but the schema: its root fields are only `__schema`, `__type` and `__typename`. */
export function isIntrospectionOnly(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const seen = new Set<string>();
  const only = (set: SelectionSetNode): boolean => set.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return SCHEMA_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return only(selection.selectionSet);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    seen.add(name);
    const fragment = fragments.get(name);
    return fragment ? only(fragment) : true;
  });
  return only(operation.selectionSet);
}

/**
 * The refusal of introspection for a caller who may not see the whole schema: anonymous, or asking for the schema
 * together with data (a role's own view of the schema is answered from an operation that asks only for it).
 */
export function introspectionForbidden(filtered: boolean): Forbidden {
  return new Forbidden(filtered
    ? 'Introspection (__schema, __type) must be an operation of its own for any role but admin; it then shows the role\'s own view of the schema.'
    : 'Introspection (__schema, __type) is only allowed for the admin role.', { refusesRequest: true });
}

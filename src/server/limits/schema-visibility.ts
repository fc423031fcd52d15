import { visit, BREAK, type DocumentNode, type GraphQLError } from 'graphql';
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

/** The refusal of introspection for a caller who may not see the schema. */
export function introspectionForbidden(): Forbidden {
  return new Forbidden('Introspection (__schema, __type) is only allowed for the admin role.', { refusesRequest: true });
}

import { isObjectType, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import type { Role } from '../auth/index.js';
import type { AccessPolicy } from './policy.js';

/**
 * The schema as a caller with these roles may use it: every field whose rule for them is `deny` is left out, then
 * every type left with no fields, or no longer reachable, goes too (a root type included: marketing has no
 * `Mutation`). Masked, pseudonymised and consent-bound fields stay: they answer, in their reduced form. For
 * introspection only; execution keeps the whole schema, where a denied field is null plus FORBIDDEN.
 */
export function schemaForRoles(schema: GraphQLSchema, policy: AccessPolicy, roles: readonly Role[]): GraphQLSchema {
  const filtered = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) =>
      policy.ruleFor(roles, policy.categoryOf(typeName, fieldName)) === 'deny' ? null : field,
  });
  // mapSchema keeps an object type whose fields are all gone; such a type is invalid, so it goes before pruning.
  const emptied = mapSchema(filtered, {
    [MapperKind.OBJECT_TYPE]: (type) => (isObjectType(type) && Object.keys(type.getFields()).length === 0 ? null : type),
  });
  return pruneSchema(emptied);
}

/** Role-filtered schemas kept per set of roles: there are few sets, and each is built once. */
export function createRoleSchemas(schema: GraphQLSchema, policy: AccessPolicy): (roles: readonly Role[]) => GraphQLSchema {
  const built = new Map<string, GraphQLSchema>();
  return (roles) => {
    const key = [...new Set(roles)].sort().join(',');
    let found = built.get(key);
    if (!found) {
      found = schemaForRoles(schema, policy, roles);
      built.set(key, found);
    }
    return found;
  };
}

import { isObjectType, type GraphQLSchema } from 'graphql';
import { CATEGORIES, CONSENT_CHANNELS, FIELD_CATEGORIES, type Category, type Rule } from '../../schema/access-policy.js';
import type { Role } from '../auth/index.js';
import type { ConsentChannel } from '../model/index.js';

const REVEALING: Readonly<Record<Rule, number>> = { deny: 0, pseudonym: 1, mask: 2, ifConsented: 3, allow: 4 };

/** The policy as the gateway applies it: each field's category, and each role's rule for it. */
export interface AccessPolicy {
  categoryOf(type: string, field: string): Category;
  /** The most revealing rule any of the caller's roles has for the category. */
  ruleFor(roles: readonly Role[], category: Category): Rule;
  isPersonal(category: Category): boolean;
  /** The consent channels whose grant lifts an `ifConsented` rule on the category (empty when none is declared). */
  channelsOf(category: Category): readonly ConsentChannel[];
}

/** A `Type.field` / `Type.*` table's entry for a field: the exact entry wins over its type's `*`. */
export function fieldEntry<T>(table: Readonly<Record<string, T>>, type: string, field: string): T | undefined {
  return table[`${type}.${field}`] ?? table[`${type}.*`];
}

/** Every `Type.field` of the schema that has no rule; the gateway must not start while there is one. */
export function fieldsWithoutRule(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) {
      if (!fieldEntry(FIELD_CATEGORIES, type.name, field)) missing.push(`${type.name}.${field}`);
    }
  }
  return missing;
}

/** Builds the policy for a schema; throws, naming the fields, when any field has no rule. */
export function createAccessPolicy(schema: GraphQLSchema): AccessPolicy {
  const missing = fieldsWithoutRule(schema);
  if (missing.length > 0) throw new Error(`access policy: no rule for ${missing.join(', ')} (add them to schema/access-policy.ts)`);
  const unchanneled = (Object.keys(CATEGORIES) as Category[])
    .filter((c) => Object.values(CATEGORIES[c].rules).includes('ifConsented') && !CONSENT_CHANNELS[c]?.length);
  if (unchanneled.length > 0) throw new Error(`access policy: ifConsented without a consent channel for ${unchanneled.join(', ')} (add them to CONSENT_CHANNELS)`);
  return {
    categoryOf: (type, field) => fieldEntry(FIELD_CATEGORIES, type, field) as Category,
    ruleFor(roles, category) {
      let best: Rule = 'deny';
      for (const role of roles) {
        const rule: Rule = CATEGORIES[category].rules[role];
        if (REVEALING[rule] > REVEALING[best]) best = rule;
      }
      return best;
    },
    isPersonal: (category) => CATEGORIES[category].personal,
    channelsOf: (category) => CONSENT_CHANNELS[category] ?? [],
  };
}

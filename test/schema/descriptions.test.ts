import {
  isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedDirective, isSpecifiedScalarType,
  type GraphQLArgument, type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { createAccessPolicy, enforceAccess } from '../../src/access/index.js';
import { createPlainSchema } from '../../src/server/plain-schema.js';

interface Described {
  /** Where it is, e.g. `Query.customer(id:)`. */
  at: string;
  /** The name a description must do more than spell out. */
  name: string;
  description: string | null | undefined;
}

/** Every type, field, argument, enum value, input field and directive of the project's own, with its description. */
function describedParts(schema: GraphQLSchema): Described[] {
  const parts: Described[] = [];
  const args = (owner: string, list: readonly GraphQLArgument[]) =>
    list.forEach((a) => parts.push({ at: `${owner}(${a.name}:)`, name: a.name, description: a.description }));
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    parts.push({ at: type.name, name: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        parts.push({ at: `${type.name}.${field.name}`, name: field.name, description: field.description });
        args(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) parts.push({ at: `${type.name}.${field.name}`, name: field.name, description: field.description });
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) parts.push({ at: `${type.name}.${value.name}`, name: value.name, description: value.description });
    }
  }
  for (const directive of schema.getDirectives().filter((d) => !isSpecifiedDirective(d))) {
    parts.push({ at: `@${directive.name}`, name: directive.name, description: directive.description });
    args(`@${directive.name}`, directive.args);
  }
  return parts;
}

/** The words of a name or description, lower-case: `createdAt` and "Created at." both give `createdat`. */
const letters = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

const plain = createPlainSchema();
const served = enforceAccess(plain, createAccessPolicy(plain));

describe('schema descriptions', () => {
  it.each([['as defined', plain], ['as served, behind the access rules', served]])(
    'describe every type, field, argument, enum value and input field (%s)',
    (_label, schema) => {
      const parts = describedParts(schema);
      expect(parts.length).toBeGreaterThan(500);
      const missing = parts.filter((p) => !p.description?.trim()).map((p) => p.at);
      expect(missing, `${missing.length} without a description:\n${missing.join('\n')}`).toEqual([]);
    },
  );

  it('say more than the name they describe', () => {
    const restated = describedParts(plain).filter((p) => p.description && letters(p.description) === letters(p.name)).map((p) => p.at);
    expect(restated).toEqual([]);
  });
});

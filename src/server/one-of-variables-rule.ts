import { GraphQLError, Kind, getNamedType, isInputObjectType, isNonNullType, print, type ValidationRule, type VariableDefinitionNode } from 'graphql';

/**
 * Refuses a nullable variable as the one field of a `@oneOf` input, as the spec's "All Variable Usages Are
 * Allowed" asks. graphql-js 16 checks this only where the input's position is nullable; for a `Type! @oneOf`
 * argument such as `requestErasure(subject:)` a null variable would reach execution and fail as an uncoded error.
 */
export const oneOfVariablesRule: ValidationRule = (context) => {
  let definitions = new Map<string, VariableDefinitionNode>();
  return {
    OperationDefinition: {
      enter() {
        definitions = new Map();
      },
      leave(operation) {
        for (const { node, parentType } of context.getRecursiveVariableUsages(operation)) {
          const definition = definitions.get(node.name.value);
          // graphql-js reports the nullable positions itself (VariablesInAllowedPositionRule).
          if (!definition || !parentType || !isNonNullType(parentType)) continue;
          const parent = getNamedType(parentType);
          if (!isInputObjectType(parent) || !parent.isOneOf || definition.type.kind === Kind.NON_NULL_TYPE) continue;
          context.reportError(new GraphQLError(
            `Variable "$${node.name.value}" is of type "${print(definition.type)}" but must be non-nullable to be used for OneOf Input Object "${parent.name}".`,
            { nodes: [definition, node] },
          ));
        }
      },
    },
    VariableDefinition(node) {
      definitions.set(node.variable.name.value, node);
    },
  };
};

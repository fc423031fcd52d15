import type { GraphQLError, ValidationRule } from 'graphql';
import type { QueryLimits } from './query-limits.js';
import { QueryLimitExceeded, type QueryLimitCode } from '../../errors/index.js';
import { shown } from './limit-code.js';
import { measureOperations, type OperationMeasures } from './measure-operations.js';

const CHECKS: readonly [keyof OperationMeasures, keyof QueryLimits, QueryLimitCode, string][] = [
  ['depth', 'maxDepth', 'DEPTH_LIMIT_EXCEEDED', 'The query is nested {n} levels deep'],
  ['aliases', 'maxAliases', 'ALIAS_LIMIT_EXCEEDED', 'The operation uses {n} aliases'],
  ['directives', 'maxDirectives', 'DIRECTIVE_LIMIT_EXCEEDED', 'The operation uses {n} directives'],
  ['fields', 'maxFields', 'FIELD_LIMIT_EXCEEDED', 'The operation selects {n} fields (repeats and fragment spreads counted)'],
];

/** The limit errors of a document's measures: one per limit exceeded, naming the measured value and the limit. */
export function checkMeasures(operations: OperationMeasures[], limits: QueryLimits): GraphQLError[] {
  const worst = (k: keyof OperationMeasures) => operations.reduce((max, m) => Math.max(max, m[k]), 0);
  return CHECKS.flatMap(([measure, limit, code, text]) => {
    const value = worst(measure);
    const max = limits[limit] as number;
    return value > max ? [new QueryLimitExceeded(code, `${text.replace('{n}', shown(value))}; the limit is ${max}.`)] : [];
  });
}

/**
 * A validation rule for the limits that depend on the document alone: depth, aliases, directives and
 * field selections. It measures the whole document once, on entering it; Apollo Server caches documents
 * that pass validation, so a repeated query is not measured again.
 */
export function documentLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => ({
    Document(node) {
      for (const error of checkMeasures(measureOperations(node), limits)) context.reportError(error);
      return false;
    },
  });
}

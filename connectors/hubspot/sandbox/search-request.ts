import { z } from 'zod';
import { HUBSPOT_LIMITS } from '../limits.js';
import { bindingProblem } from './routes-contacts.js';

const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
  highValue: z.string().optional(),
});

const sortSchema = z.union([
  z.string().min(1),
  z.object({ propertyName: z.string().min(1), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);

// The spec marks most fields required, yet HubSpot documents `{}` as a valid search: all optional here.
const searchBodySchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  properties: z.array(z.string()).default([]),
  sorts: z.array(sortSchema).default([]),
  limit: z.number().int().default(10),
  after: z.union([z.string(), z.number().int()]).optional(),
  query: z.string().optional(),
});

/** One search filter. */
export type SearchFilter = z.infer<typeof filterSchema>;
/** A validated search, `after` as an offset. */
export type SearchRequest = Omit<z.infer<typeof searchBodySchema>, 'after'> & { offset: number };

function filterProblem(f: SearchFilter): string | null {
  const many = f.operator === 'IN' || f.operator === 'NOT_IN';
  const presence = f.operator === 'HAS_PROPERTY' || f.operator === 'NOT_HAS_PROPERTY';
  if (many && (f.values === undefined || f.values.length === 0)) return `${f.operator} on ${f.propertyName} needs a non-empty values list`;
  if (many && f.values && f.values.length > HUBSPOT_LIMITS.searchInValues) {
    return `Too many values in ${f.operator} filter on ${f.propertyName}: ${f.values.length}, the maximum is ${HUBSPOT_LIMITS.searchInValues}`;
  }
  if (!many && !presence && f.value === undefined) return `${f.operator} on ${f.propertyName} needs a value`;
  if (f.operator === 'BETWEEN' && f.highValue === undefined) return `BETWEEN on ${f.propertyName} needs a highValue`;
  return null;
}

/** Validates a search body against HubSpot's limits; a string is the `VALIDATION_ERROR` message. */
export function parseSearchRequest(body: unknown): SearchRequest | string {
  const parsed = searchBodySchema.safeParse(body ?? {});
  if (!parsed.success) return bindingProblem(parsed.error, 'PublicObjectSearchRequest');
  const { after, ...search } = parsed.data;
  const groups = search.filterGroups;
  const filters = groups.flatMap((g) => g.filters);
  if (groups.length > HUBSPOT_LIMITS.searchGroups) return `Too many filter groups: ${groups.length}, the maximum is ${HUBSPOT_LIMITS.searchGroups}`;
  if (groups.some((g) => g.filters.length > HUBSPOT_LIMITS.searchFiltersPerGroup)) {
    return `Too many filters in a filter group, the maximum is ${HUBSPOT_LIMITS.searchFiltersPerGroup}`;
  }
  if (filters.length > HUBSPOT_LIMITS.searchFilters) return `Too many filters: ${filters.length}, the maximum is ${HUBSPOT_LIMITS.searchFilters}`;
  const problem = filters.map(filterProblem).find((p) => p !== null);
  if (problem) return problem;
  if (search.limit < 1 || search.limit > HUBSPOT_LIMITS.searchPage) return `limit must be between 1 and ${HUBSPOT_LIMITS.searchPage}, got ${search.limit}`;
  if ((search.query?.length ?? 0) > 3000) return 'query must be at most 3000 characters';
  const offset = after === undefined || after === '' ? 0 : Number(after);
  if (!Number.isSafeInteger(offset) || offset < 0) return 'after must be a paging cursor returned by a previous page';
  if (offset >= HUBSPOT_LIMITS.searchReachable) return `Search results are limited to ${HUBSPOT_LIMITS.searchReachable}`;
  return { ...search, offset };
}

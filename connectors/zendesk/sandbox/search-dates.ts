/** How a search condition compares: `:` for equality (within the span), the others as ordered. */
export type ComparisonOperator = ':' | '<' | '>' | '<=' | '>=';

/** The span of time a `created` search value names, in ms: a whole UTC day for a date, one second for a date-time. */
export interface SearchInstantSpan {
  from: number;
  /** Exclusive. */
  to: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// ISO 8601 with an offset or `Z`, as Zendesk's search reference writes it (`created>2015-09-01T12:00:00-08:00`).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY = 86_400_000;

/**
 * Reads a date search value: `YYYY-MM-DD` is that whole day (the sandbox account's time zone is UTC), an ISO 8601
 * date-time that one second (Zendesk keeps its times in whole seconds); null for anything else.
 */
export function parseSearchInstant(value: string): SearchInstantSpan | null {
  if (DATE.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(from) ? null : { from, to: from + DAY };
  }
  if (!DATE_TIME.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  const from = Math.floor(at / 1000) * 1000;
  return { from, to: from + 1000 };
}

/** Whether a record's time (ISO 8601) satisfies `created<op><value>`, compared in whole seconds as Zendesk serves it. */
export function instantHolds(stored: string, op: ComparisonOperator, wanted: SearchInstantSpan): boolean {
  const at = Math.floor(Date.parse(stored) / 1000) * 1000;
  switch (op) {
    case ':':
      return at >= wanted.from && at < wanted.to;
    case '<':
      return at < wanted.from;
    case '<=':
      return at < wanted.to;
    case '>':
      return at >= wanted.to;
    case '>=':
      return at >= wanted.from;
  }
}

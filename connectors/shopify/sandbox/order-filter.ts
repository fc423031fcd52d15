import type { WorldOrder } from '../../sandbox-kit/index.js';
import { idTerm, ignoredTerm, searchPredicate, timeTerm, type SearchWarning, type Term } from './customer-filter.js';
import type { SearchExpr } from './search-syntax.js';
import { legacyIdOf, shopifyDateTime } from './values.js';

type Predicate = (o: WorldOrder) => boolean;

// Shopify keeps an order's times to the second, as it serves them: a bound taken from a served `createdAt` must find
// that order again, so the sandbox compares the served form, not the world's milliseconds.
const createdAt = (o: WorldOrder) => shopifyDateTime(o.createdAt);
const updatedAt = (o: WorldOrder) => shopifyDateTime(o.updatedAt);

function termPredicate(term: Term, warnings: SearchWarning[]): Predicate {
  switch (term.field) {
    case 'created_at':
    case 'processed_at':
      return timeTerm<WorldOrder>(term, createdAt);
    case 'updated_at':
      return timeTerm<WorldOrder>(term, updatedAt);
    case 'id':
      return idTerm<WorldOrder>(term);
    case 'customer_id':
      return (o) => /^\d+$/.test(term.value) && legacyIdOf(o.customerId) === term.value;
    case 'financial_status':
      return (o) => o.financialStatus.toLowerCase() === term.value.toLowerCase();
    default:
      // Free text and the order fields the world does not hold are ignored with a warning, as Shopify ignores a field it does not know.
      return ignoredTerm(term, warnings);
  }
}

/** Compiles a parsed order search (`Customer.orders(query:)`) into a predicate, collecting warnings about ignored terms. */
export function orderPredicate(expr: SearchExpr, warnings: SearchWarning[]): Predicate {
  return searchPredicate(expr, (term) => termPredicate(term, warnings));
}

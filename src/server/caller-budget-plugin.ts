import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../context/index.js';
import type { ErrorCode } from '../errors/index.js';
import type { BudgetAsk, BudgetKind, CallerBudgets } from '../resilience/index.js';

/**
 * The budget every root field spends one unit of, per alias; null for those that read no customer's data (job
 * status, the record of processing, introspection). Every root field of the schema must be listed (checked at start).
 */
export const ROOT_FIELD_BUDGETS: Readonly<Record<string, BudgetKind | null>> = {
  customer: 'reads',
  customers: 'reads',
  auditEvents: 'reads',
  explainCustomer: 'reads',
  whyNotLinked: 'reads',
  findCustomers: 'lookups',
  customerByOrder: 'lookups',
  customerByTicket: 'lookups',
  requestDataExport: 'privacy',
  requestErasure: 'privacy',
  updateConsent: 'privacy',
  erasureRequest: null,
  erasureRequests: null,
  reappearances: null,
  recordOfProcessing: null,
  linkReview: null,
  // Aggregates only, read from the gateway's own table.
  insightsModel: null,
  // A crawl of every customer: metered as the reads it makes.
  refitInsightsModel: 'reads',
  // Counts only, read from the gateway's own table.
  dataQualityReport: null,
  // A crawl of every customer: metered as the reads it makes.
  runDataQualityReport: 'reads',
  __typename: null,
  __schema: null,
  __type: null,
};

const SETTING: Readonly<Record<BudgetKind, string>> = {
  reads: 'CALLER_READS_PER_MINUTE',
  lookups: 'CALLER_LOOKUPS_PER_MINUTE',
  privacy: 'CALLER_PRIVACY_OPERATIONS_PER_MINUTE',
};
const LABEL: Readonly<Record<BudgetKind, string>> = { reads: 'reads', lookups: 'look-ups', privacy: 'privacy operations' };

/** Fails start-up when a root field of the schema has no budget kind, so a new one cannot go unmetered. */
export function assertBudgetKindsMatchSchema(schema: GraphQLSchema): void {
  const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
  const missing = fields.filter((name) => !(name in ROOT_FIELD_BUDGETS));
  if (missing.length > 0) throw new Error(`root fields without a budget kind: ${missing.join(', ')}; add them to ROOT_FIELD_BUDGETS (src/server/caller-budget-plugin.ts)`);
}

/**
 * What an operation asks of its caller's budgets: one unit per root field of each kind, aliases one by one, through
 * fragment spreads and inline fragments (a field under `@skip` counts too: the ask is decided before execution).
 */
export function budgetAsk(operation: OperationDefinitionNode, document: DocumentNode): BudgetAsk {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const ask: Partial<Record<BudgetKind, number>> = {};
  const visit = (set: SelectionSetNode, seen: ReadonlySet<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const kind = ROOT_FIELD_BUDGETS[selection.name.value];
        if (kind) ask[kind] = (ask[kind] ?? 0) + 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        // Each spread counts again (its fields run again under other aliases); a cycle is refused by validation.
        if (fragment && !seen.has(fragment.name.value)) visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return ask;
}

/**
 * Spends each request's ask from its caller's budgets once the operation is validated and within every query limit,
 * before anything runs. Past a budget the whole request is refused — 429 RATE_LIMITED with `Retry-After` — so none of
 * its aliases runs, nothing is spent, and the refusal is audited (who, which budget, how much; never an argument).
 */
export function callerBudgetPlugin(budgets: CallerBudgets): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, contextValue }) {
          const ask = budgetAsk(operation, document);
          const { principal } = contextValue;
          const result = await budgets.spend(principal.sub, ask);
          if (result.granted) return null;
          const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
          const { kind } = result;
          const asked = ask[kind] ?? 0;
          contextValue.auditTrail.record({
            sub: principal.sub,
            roles: principal.roles,
            action: 'budget.refused',
            outcome: `${kind}: ${asked} asked, ${budgets.perMinute[kind]} per minute; retry after ${seconds} s; nothing run`,
            customerIds: [],
            categories: {},
          });
          const code: ErrorCode = 'RATE_LIMITED';
          const message = `Too many ${LABEL[kind]} from this caller: this request asks ${asked} and the budget is ${budgets.perMinute[kind]} a minute (${SETTING[kind]}). Nothing of it was run; retry after ${seconds} s.`;
          return {
            http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
            body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code } }] } },
          };
        },
      };
    },
  };
}

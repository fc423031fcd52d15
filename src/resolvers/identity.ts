import { BadUserInput } from '../errors/index.js';
import type { LinkReviewEntry as ReviewEntry } from '../identity/index.js';
import type { LinkReviewEntryResolvers, QueryResolvers, RuleEvaluation, SourceRecordInput } from './generated/types.js';
import { pageSize } from './args.js';

function recordArg(argument: string, input: SourceRecordInput): SourceRecordInput {
  if (input.recordId.length === 0 || input.recordId.length > 600) throw new BadUserInput(argument, 'is not a silo record id');
  return input;
}

/** `explainCustomer`, `whyNotLinked` and `linkReview`: identity's reasons, for privacy officers and admins. */
export const IdentityQuery: Pick<QueryResolvers, 'explainCustomer' | 'whyNotLinked' | 'linkReview'> = {
  explainCustomer: async (_root, { id }, ctx) => {
    if (id.length === 0 || id.length > 600) throw new BadUserInput('id', 'is not a customer id');
    const customer = await ctx.identity.byId(id);
    if (!customer) return null;
    ctx.audit.note(customer.id, 'LINKAGE', 'ALLOWED');
    return {
      customerId: customer.id,
      links: customer.records.map(({ record, rule, matchedOn, confidence, comparisons }) => ({
        source: record.provenance.source,
        recordId: record.provenance.recordId,
        rule,
        matchedOn,
        confidence,
        comparisons: [...comparisons],
      })),
      alarms: ctx.linkReview.explain(customer.alarms, customer.id),
    };
  },

  whyNotLinked: async (_root, { a, b }, ctx) => {
    const first = recordArg('a', a);
    const second = recordArg('b', b);
    if (first.source === second.source && first.recordId === second.recordId) throw new BadUserInput('b', 'names the same record as a');
    const pair = await ctx.identity.explainPair(first, second);
    if (!pair) return null;
    for (const id of new Set(pair.customerIds)) ctx.audit.note(id, 'LINKAGE', 'ALLOWED');
    return {
      sameCustomer: pair.sameCustomer,
      customerIdA: pair.customerIds[0],
      customerIdB: pair.customerIds[1],
      comparisons: [...pair.comparisons],
      rules: pair.outcomes.map((o): RuleEvaluation =>
        o.links
          ? { rule: o.rule, links: true, refusedBy: null, matchedOn: [...o.matchedOn], confidence: o.confidence }
          : { rule: o.rule, links: false, refusedBy: o.refusedBy, matchedOn: null, confidence: null }),
    };
  },

  linkReview: (_root, { first }, ctx) => ctx.linkReview.list(pageSize('first', first, 100, 500, 1)),
};

const shared = <T>(e: ReviewEntry, pick: (v: Extract<ReviewEntry, { kind: 'SHARED_VALUE' }>) => T): T | null => (e.kind === 'SHARED_VALUE' ? pick(e) : null);
const oversized = <T>(e: ReviewEntry, pick: (v: Extract<ReviewEntry, { kind: 'OVERSIZED_CLUSTER' }>) => T): T | null => (e.kind === 'OVERSIZED_CLUSTER' ? pick(e) : null);

/** A link review entry on the wire: each kind's own fields, null for the other kind's. */
export const LinkReviewEntry: LinkReviewEntryResolvers = {
  source: (e) => shared(e, (v) => v.source),
  field: (e) => shared(e, (v) => v.field),
  valueHash: (e) => shared(e, (v) => v.valueHash),
  names: (e) => shared(e, (v) => v.names),
  customerId: (e) => oversized(e, (v) => v.customerId),
  size: (e) => oversized(e, (v) => v.size),
  cutOff: (e) => oversized(e, (v) => v.cutOff),
};

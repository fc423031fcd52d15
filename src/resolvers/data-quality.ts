import { dataQualitySettings } from '../config/index.js';
import { customerFindings } from '../data-quality/index.js';
import { InternalServerError } from '../errors/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import type { StoredDataQualityReport } from '../population/index.js';
import { dateTimeArgument, encodeOffset, offsetCursor, pageSize, pastDateTimeArgument } from './args.js';
import type { ResolverContext } from './context.js';
import type { DataQualityFinding, DataQualityReport, MutationResolvers, QueryResolvers, Source } from './generated/types.js';

// Test rigs built without the reports judge staleness by the setting's default.
const DEFAULT_STALE_DAYS = dataQualitySettings.parse({}).staleDays;

/** `Customer.dataQuality`: the customer's findings at `asOf` (default now), from the records it was resolved from. */
export function customerDataQuality(customer: ResolvedCustomer, args: { asOf?: string | null }, ctx: ResolverContext): DataQualityFinding[] {
  const now = dateTimeArgument('asOf', args.asOf, new Date());
  return customerFindings(customer, { now, staleDays: ctx.dataQuality?.staleDays ?? DEFAULT_STALE_DAYS, region: ctx.phoneRegion });
}

/** A stored report as the schema shows it: one page of its counts, of one silo or all. */
function reportView(report: StoredDataQualityReport, args: { source?: Source | null; first?: number | null; after?: string | null }): DataQualityReport {
  const first = pageSize('first', args.first, 50, 100, 1);
  const start = offsetCursor('after', args.after);
  const counts = report.counts.filter((c) => args.source == null || c.source === args.source);
  const page = counts.slice(start, start + first);
  const edges = page.map((node, i) => ({ cursor: encodeOffset(start + i + 1), node: { ...node, exampleRecordIds: [...node.exampleRecordIds] } }));
  return {
    asOf: report.asOf,
    ranAt: report.ranAt,
    staleDays: report.staleDays,
    customers: report.customers,
    records: report.records,
    durationMs: report.durationMs,
    edges,
    pageInfo: { hasNextPage: start + first < counts.length, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** `Query.dataQualityReport`: a page of the newest report's counts; null while none has run. */
export const DataQualityQuery: Pick<QueryResolvers, 'dataQualityReport'> = {
  dataQualityReport: async (_root, args, ctx) => {
    const report = (await ctx.dataQuality?.latest()) ?? null;
    return report ? reportView(report, args) : null;
  },
};

/** `Mutation.runDataQualityReport`: crawls now and returns the report kept; an `asOf` in the future is refused. */
export const DataQualityMutation: Pick<MutationResolvers, 'runDataQualityReport'> = {
  runDataQualityReport: async (_root, { asOf }, ctx) => {
    const at = pastDateTimeArgument('asOf', asOf);
    if (!ctx.dataQuality) throw new InternalServerError();
    return reportView(await ctx.dataQuality.run(at, ctx.principal), {});
  },
};

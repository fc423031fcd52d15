import { z } from 'zod';
import { BadUserInput, PrivacyUnavailable } from '../errors/index.js';
import type { ResolverContext } from './context.js';
import { parseSubject, shownStatus, type ErasureView, type JobRow, type PrivacyOperations, type ReappearanceRow, type StepRow } from '../privacy/index.js';
import type { ErasureRequest, MatchKind, MutationResolvers, QueryResolvers, Reappearance } from './generated/types.js';
import { parseCustomerIdArg } from '../identity/index.js';
import { pageSize } from './args.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KeysetCursor = z.object({ at: z.string().datetime(), id: z.string().regex(UUID) });

/** The privacy operations, or PRIVACY_UNAVAILABLE while their database cannot be used. */
async function privacyOf(ctx: ResolverContext): Promise<PrivacyOperations> {
  const privacy = ctx.privacy;
  if (!privacy) throw new PrivacyUnavailable('privacy operations are not configured on this gateway');
  try {
    await privacy.ready();
  } catch {
    throw new PrivacyUnavailable('privacy operations are unavailable: their database cannot be reached; retry later');
  }
  return privacy;
}

const encodeKeyset = (at: string, id: string) => Buffer.from(JSON.stringify({ at, id })).toString('base64url');
function decodeKeyset(argument: string, after: string | null | undefined) {
  if (after == null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInput(argument, 'is not a cursor this list returned');
  }
  const cursor = KeysetCursor.safeParse(parsed);
  if (!cursor.success) throw new BadUserInput(argument, 'is not a cursor this list returned');
  return cursor.data;
}

function connection<T>(rows: T[], first: number, keyOf: (row: T) => [string, string], hadCursor: boolean) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeKeyset(...keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: hadCursor, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** An erasure job as the API shows it. */
function erasureRequestOf({ job, steps, joinedExisting }: ErasureView): ErasureRequest {
  return {
    id: job.id,
    status: shownStatus(job, steps),
    requestedAt: job.createdAt,
    requestedBy: job.requestedBy,
    completedAt: job.completedAt,
    joinedExisting,
    forReview: job.forReview.map((r) => ({ ...r, matchedOn: r.matchedOn as MatchKind[] })),
    readBack: job.readBack,
    steps: steps.map((s) => ({
      source: s.source,
      status: s.status,
      attempts: s.attempts,
      nextAttemptAt: s.status === 'DONE' || s.status === 'NOTHING_FOUND' ? null : s.nextAttemptAt,
      lastError: s.lastError,
      records: s.records,
      receipts: s.receipts.map((r) => ({ recordId: r.recordId, attempt: r.attempt, vendor: { ...r.vendor, response: JSON.stringify(r.vendor.response) } })),
    })),
  };
}

const reappearanceOf = (r: ReappearanceRow): Reappearance => ({
  id: r.id, source: r.source, recordId: r.recordId, matchedOn: r.kind, erasureRequestId: r.jobId, detectedAt: r.detectedAt,
});

/** Data-subject requests: export links, erasure jobs, consent write-through (privacy and admin, by the access policy). */
export const PrivacyMutation: MutationResolvers = {
  requestDataExport: async (_root, { subject }, ctx) => {
    const selector = parseSubject(subject, ctx.phoneRegion);
    return (await privacyOf(ctx)).exports.issue(ctx, selector);
  },

  requestErasure: async (_root, { subject }, ctx) => {
    const selector = parseSubject(subject, ctx.phoneRegion);
    return erasureRequestOf(await (await privacyOf(ctx)).erasure.request(ctx, selector));
  },

  updateConsent: async (_root, { customerId, emailMarketing }, ctx) => {
    return (await privacyOf(ctx)).updateConsent(ctx, parseCustomerIdArg('customerId', customerId), emailMarketing);
  },
};

/** Reads of erasure jobs, reappearances and the record of processing. */
export const PrivacyQuery: Pick<QueryResolvers, 'erasureRequest' | 'erasureRequests' | 'reappearances' | 'recordOfProcessing'> = {
  recordOfProcessing: async (_root, _args, ctx, info) => (await privacyOf(ctx)).recordOfProcessing(info.schema),

  erasureRequest: async (_root, { id }, ctx) => {
    if (!UUID.test(id)) throw new BadUserInput('id', 'is not an erasure request id');
    const found = await (await privacyOf(ctx)).store.job(id);
    return found ? erasureRequestOf({ ...found, joinedExisting: false }) : null;
  },

  erasureRequests: async (_root, { first, after }, ctx) => {
    const size = pageSize('first', first, 20, 100, 1);
    const cursor = decodeKeyset('after', after);
    const privacy = await privacyOf(ctx);
    const jobs: JobRow[] = await privacy.store.jobs(size + 1, cursor);
    const steps: StepRow[] = await privacy.store.stepsOf(jobs.slice(0, size).map((j) => j.id));
    const views = jobs.map((job) => erasureRequestOf({ job, steps: steps.filter((s) => s.jobId === job.id), joinedExisting: false }));
    return connection(views, size, (v) => [v.requestedAt, v.id], after != null);
  },

  reappearances: async (_root, { first, after }, ctx) => {
    const size = pageSize('first', first, 20, 100, 1);
    const cursor = decodeKeyset('after', after);
    const rows = await (await privacyOf(ctx)).store.reappearances(size + 1, cursor);
    return connection(rows.map(reappearanceOf), size, (r) => [r.detectedAt, r.id], after != null);
  },
};

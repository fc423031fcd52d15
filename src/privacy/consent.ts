import type { RecordInvalidator } from '../cache/index.js';
import type { RequestContext } from '../context/index.js';
import type { Principal } from '../auth/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import { isSourceError, type ConsentDecisionInput, type PrivacyConnector, type Source } from '../model/index.js';
import type { RecordAction } from './erasure.js';
import { REVIEW_BELOW } from './subject.js';

/** One silo record's consent write, as the API shows it. */
export interface ConsentReceiptView {
  source: Source;
  recordId: string;
  outcome: 'WRITTEN' | 'REFUSED' | 'NOT_SUPPORTED' | 'NOT_FOUND' | 'FAILED';
  detail: string;
  vendorReceipts: { operation: string; httpStatus: number; response: string; at: string }[];
}

/** What consent write-through needs. */
export interface ConsentDeps {
  privacy: Readonly<Record<Source, PrivacyConnector>>;
  invalidator: RecordInvalidator;
  /** A fresh context (no request-scoped loader results) to read the customer back in. */
  context: (principal: Principal) => RequestContext;
  recordAction: RecordAction;
  callTimeoutMs: number;
}

/** Writes a marketing email consent decision to every record of the customer, then reads the customer back. */
export function createConsentWriter(deps: ConsentDeps) {
  return async function updateConsent(ctx: RequestContext, customerId: string, decision: ConsentDecisionInput): Promise<{ customer: ResolvedCustomer | null; receipts: ConsentReceiptView[] }> {
    const customer = await ctx.identity.byId(customerId);
    if (!customer?.anchor) {
      deps.recordAction({ sub: ctx.principal.sub, action: 'privacy.consent.updated', outcome: `${decision} nothing found`, customerIds: [customerId] });
      return { customer: null, receipts: [] };
    }
    const linked = customer.records.filter((r) => r.confidence >= REVIEW_BELOW);
    const receipts = await Promise.all(linked.map(async ({ record }): Promise<ConsentReceiptView> => {
      const { source, recordId } = record.provenance;
      try {
        const result = await deps.privacy[source].writeEmailConsent(record, decision, { deadline: Date.now() + deps.callTimeoutMs });
        return {
          source, recordId, outcome: result.state, detail: result.detail,
          vendorReceipts: result.receipts.map((r) => ({ operation: r.operation, httpStatus: r.httpStatus, response: JSON.stringify(r.response), at: r.at })),
        };
      } catch (error) {
        const code = isSourceError(error) ? error.code : 'INTERNAL_ERROR';
        return { source, recordId, outcome: 'FAILED', detail: `${code}: nothing was written; retry the update`, vendorReceipts: [] };
      }
    }));
    await Promise.all(linked.map(({ record }) => deps.invalidator.invalidate(record.provenance.source, [record.provenance.recordId]).catch(() => undefined)));
    const counts = receipts.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.outcome]: (acc[r.outcome] ?? 0) + 1 }), {});
    deps.recordAction({ sub: ctx.principal.sub, action: 'privacy.consent.updated', outcome: `${decision} ${Object.entries(counts).map(([k, v]) => `${k}:${v}`).join(' ')}`, customerIds: [customer.id] });
    const fresh = await deps.context(ctx.principal).identity.byId(customerId);
    return { customer: fresh, receipts };
  };
}

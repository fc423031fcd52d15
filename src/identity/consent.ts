import type { ConsentChannel, ConsentState, Source } from '../model/index.js';
import type { ResolvedCustomer } from './customer.js';

/** One silo's word on one channel. */
export interface ConsentStatement {
  source: Source;
  state: ConsentState;
  updatedAt: string | null;
}

/** A channel's merged consent. */
export interface ConsentDecision {
  state: ConsentState;
  decidedBy: Source | null;
  updatedAt: string | null;
  statements: ConsentStatement[];
}

const STRICTNESS: Readonly<Record<ConsentState, number>> = { DENIED: 2, GRANTED: 1, UNKNOWN: 0 };

/**
 * Merges every silo's statement on a channel: an opt-out anywhere wins, then a grant; among equals the
 * most recent statement decides. UNKNOWN when no silo states anything.
 */
export function mergeConsent(customer: ResolvedCustomer, channel: ConsentChannel): ConsentDecision {
  const statements: ConsentStatement[] = customer.records.flatMap(({ record }) =>
    record.consent
      .filter((c) => c.channel === channel)
      .map((c) => ({ source: record.provenance.source, state: c.state, updatedAt: c.updatedAt })),
  );
  const decisive = statements
    .filter((s) => s.state !== 'UNKNOWN')
    .sort((a, b) => STRICTNESS[b.state] - STRICTNESS[a.state] || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))[0];
  return {
    state: decisive?.state ?? 'UNKNOWN',
    decidedBy: decisive?.source ?? null,
    updatedAt: decisive?.updatedAt ?? null,
    statements,
  };
}

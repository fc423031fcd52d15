import { randomUUID } from 'node:crypto';
import { identityKeys } from '../identity/index.js';
import type { Logger } from '../logging/index.js';
import type { ContactConnector, ContactRecord, Source } from '../model/index.js';
import type { RecordAction } from './erasure.js';
import { hashIdentifiers, type IdentifierKind } from './identifier-hash.js';
import type { PrivacyStore } from './store.js';

/** What checking records against the suppression list needs. */
export interface SuppressionDeps {
  store: PrivacyStore;
  hash: (kind: IdentifierKind, value: string) => string;
  contacts: Readonly<Record<Source, ContactConnector>>;
  region: string;
  recordAction: RecordAction;
  logger: Logger;
  now?: () => number;
}

/**
 * Flags people who reappear after erasure: a record whose email or phone hashes to an entry of the suppression
 * list is recorded once (per record and erasure) for the privacy role. Only keyed hashes are compared.
 */
export function createSuppression(deps: SuppressionDeps) {
  const now = deps.now ?? Date.now;

  async function checkRecords(records: readonly ContactRecord[]): Promise<number> {
    const candidates = records.flatMap((record) => hashIdentifiers(deps.hash, identityKeys(record, deps.region)).map((h) => ({ record, ...h })));
    const listed = await deps.store.suppressed(candidates.map((c) => c.hash));
    let flagged = 0;
    for (const candidate of candidates) {
      const entry = listed.get(candidate.hash);
      if (!entry) continue;
      const { source, recordId } = candidate.record.provenance;
      const fresh = await deps.store.flagReappearance({ id: randomUUID(), source, recordId, kind: candidate.kind, jobId: entry.jobId, detectedAt: new Date(now()).toISOString() });
      if (!fresh) continue;
      flagged += 1;
      deps.recordAction({ sub: 'gateway:suppression-list', action: 'privacy.reappearance.flagged', outcome: `${source}:${recordId} erasure ${entry.jobId}`, customerIds: [] });
      deps.logger.warn({ source, recordId, erasure: entry.jobId, matchedOn: candidate.kind }, 'an erased person reappeared in a silo');
    }
    return flagged;
  }

  return {
    checkRecords,
    /** Reads the records a webhook named and checks them; failures are logged, never thrown (it runs unawaited). */
    async checkChanged(source: Source, recordIds: readonly string[]): Promise<void> {
      try {
        const records = await deps.contacts[source].getContacts(recordIds, { deadline: now() + 10_000, priority: 'bulk' });
        await checkRecords([...records.values()]);
      } catch (error) {
        deps.logger.warn({ source, records: recordIds.length, reason: error instanceof Error ? error.name : 'unknown' }, 'suppression check failed');
      }
    },
  };
}

/** The suppression list's checks. */
export type Suppression = ReturnType<typeof createSuppression>;

import type { ContactRecord, CrossRef, Source, SourceError } from '../model/index.js';
import { compareRecords, type Cluster, type LinkedRecord } from './cluster.js';
import type { CustomerIdCodec } from './customer-id.js';
import type { LinkAlarm, Resolution } from './resolve.js';

/** One customer as resolvers see it: the linked records and what could not be read. */
export interface ResolvedCustomer {
  id: string;
  /** The record the id was minted from; null when its silo could not be read. */
  anchor: ContactRecord | null;
  /** Linked records in the fixed order (CRM first). */
  records: LinkedRecord[];
  /** Silos whose records may be missing, with the reason. */
  failures: ReadonlyMap<Source, SourceError>;
  /** What its resolution refused to trust (shared values ignored as keys, a cut at the weakest link). */
  alarms: readonly LinkAlarm[];
  /** Cross-references of linked records that their resolution read by id and found no record behind (see `orphanedReferences`). */
  orphanedReferences: readonly OrphanedReference[];
}

/** A cross-reference a linked record keeps that resolves to no record: the holder, and the reference. */
export interface OrphanedReference {
  source: Source;
  recordId: string;
  reference: CrossRef;
}

/**
 * The cross-references of the cluster's records whose read by id answered no record. Taken from the answers the
 * resolution already holds (its `reads`), so it costs no call; a reference the resolution did not read (its silo
 * failed, or the rounds ran out first) is not known to be orphaned and is not listed.
 */
export function orphanedReferences(resolution: Pick<Resolution, 'cluster' | 'reads'>): OrphanedReference[] {
  const missing = new Set(resolution.reads.filter((r) => r.kind === 'r' && r.found === null).map((r) => `${r.source}:${r.id}`));
  if (missing.size === 0) return [];
  return sortedMembers(resolution.cluster).flatMap(({ record }) =>
    record.crossRefs
      .filter((ref) => missing.has(`${ref.source}:${ref.recordId}`))
      .map((reference) => ({ source: record.provenance.source, recordId: record.provenance.recordId, reference })),
  );
}

/** Turns a resolved cluster into the customer resolvers work on. */
export function toCustomer(resolution: Resolution, codec: CustomerIdCodec): ResolvedCustomer {
  const { cluster, failures } = resolution;
  const anchor = cluster.anchor;
  return {
    id: codec.encode({ source: anchor.provenance.source, recordId: anchor.provenance.recordId }),
    anchor,
    records: sortedMembers(cluster),
    failures,
    alarms: resolution.alarms,
    orphanedReferences: orphanedReferences(resolution),
  };
}

/** A customer whose anchor silo failed: it exists, but every field must report the failure. */
export function unreadableCustomer(id: string, source: Source, error: SourceError): ResolvedCustomer {
  return { id, anchor: null, records: [], failures: new Map([[source, error]]), alarms: [], orphanedReferences: [] };
}

function sortedMembers(cluster: Pick<Cluster, 'members'>): LinkedRecord[] {
  return [...cluster.members.values()].sort((a, b) => compareRecords(a.record, b.record));
}

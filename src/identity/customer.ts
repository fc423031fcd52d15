import type { ContactRecord, Source, SourceError } from '../model/index.js';
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
  };
}

/** A customer whose anchor silo failed: it exists, but every field must report the failure. */
export function unreadableCustomer(id: string, source: Source, error: SourceError): ResolvedCustomer {
  return { id, anchor: null, records: [], failures: new Map([[source, error]]), alarms: [] };
}

function sortedMembers(cluster: Cluster): LinkedRecord[] {
  return [...cluster.members.values()].sort((a, b) => compareRecords(a.record, b.record));
}

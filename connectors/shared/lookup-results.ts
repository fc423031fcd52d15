import { lookupKeyId, type LookupKey } from '../../src/model/index.js';

/** The answers of one `findContacts` call being gathered: an entry per asked key, each record filed under a key once. */
export interface LookupResults<T> {
  /** Files `record` under `keyId` when that key was asked and the record is not filed there yet; null files nothing. */
  file(keyId: string | null, record: T): void;
  /** Every asked key's records by `lookupKeyId`, in filing order; a key nothing matched has []. */
  readonly byKey: Map<string, T[]>;
}

/**
 * Creates the results of a look-up over `keys`. A search may answer one record many times (several keys in one query,
 * overlapping pages): `idOf` tells the answers of one record apart, so a key lists each record once.
 */
export function createLookupResults<T>(keys: readonly LookupKey[], idOf: (record: T) => string): LookupResults<T> {
  const byKey = new Map<string, T[]>(keys.map((key) => [lookupKeyId(key), []]));
  const filed = new Set<string>();
  return {
    byKey,
    file(keyId, record) {
      const list = keyId === null ? undefined : byKey.get(keyId);
      const entry = `${keyId}\n${idOf(record)}`;
      if (!list || filed.has(entry)) return;
      filed.add(entry);
      list.push(record);
    },
  };
}

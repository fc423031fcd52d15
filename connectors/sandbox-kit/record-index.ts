/**
 * An index of records by the keys they are looked up by (a normalised email, a phone in E.164, a customer id),
 * kept up to date by its owner: `put` after a record is created or changed, `remove` when it is gone. A record may
 * have several keys and a key several records. Lookups answer from the index, never by scanning the records.
 *
 * Hand-written rather than taken from an in-memory database (lokijs, nedb): the sandboxes need only a multimap
 * with re-filing, and their searches keep their vendor's own matching rules, which no such library has.
 */
export class RecordIndex<T> {
  private readonly byKey = new Map<string, Set<T>>();
  private readonly keysOfRecord = new Map<T, readonly string[]>();

  /** `keysOf` gives a record's current keys; an empty list leaves it out of the index. */
  constructor(private readonly keysOf: (record: T) => Iterable<string>, records: Iterable<T> = []) {
    for (const record of records) this.put(record);
  }

  /** Files a record under its current keys, replacing the keys it was filed under before. */
  put(record: T): void {
    this.remove(record);
    const keys = [...new Set(this.keysOf(record))];
    if (keys.length === 0) return;
    this.keysOfRecord.set(record, keys);
    for (const key of keys) {
      const holders = this.byKey.get(key);
      if (holders) holders.add(record);
      else this.byKey.set(key, new Set([record]));
    }
  }

  /** Takes a record out of the index. */
  remove(record: T): void {
    const keys = this.keysOfRecord.get(record);
    if (keys === undefined) return;
    this.keysOfRecord.delete(record);
    for (const key of keys) {
      const holders = this.byKey.get(key);
      holders?.delete(record);
      if (holders?.size === 0) this.byKey.delete(key);
    }
  }

  /** The records filed under a key, in no particular order. */
  get(key: string): readonly T[] {
    const holders = this.byKey.get(key);
    return holders ? [...holders] : [];
  }

  /** The records filed under any of the keys, each once. */
  any(keys: Iterable<string>): T[] {
    const found = new Set<T>();
    for (const key of keys) for (const record of this.byKey.get(key) ?? []) found.add(record);
    return [...found];
  }
}

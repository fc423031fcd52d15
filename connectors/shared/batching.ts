/** Splits a list into consecutive chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer: ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over every item with at most `concurrency` in flight; results keep input order. The first failure stops new calls. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  // Zero workers would resolve at once with an array of holes typed as results.
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer: ${concurrency}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // Once one call failed the caller gets that error: starting more calls would only spend quota.
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Calls `fetchBatch` once per chunk of de-duplicated ids and merges the results. */
export async function inBatches<K, V>(
  ids: readonly K[],
  batchSize: number,
  fetchBatch: (batch: K[]) => Promise<Map<K, V>>,
  concurrency = 4,
): Promise<Map<K, V>> {
  const unique = [...new Set(ids)];
  const parts = await mapConcurrent(chunk(unique, batchSize), concurrency, fetchBatch);
  const merged = new Map<K, V>();
  for (const part of parts) for (const [k, v] of part) merged.set(k, v);
  return merged;
}

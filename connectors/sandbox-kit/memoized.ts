/**
 * Remembers a pure string function's answers (phone parsing, date formatting), so values that every search or
 * page repeats are worked out once. Bounded: past `limit` distinct inputs it starts afresh, which keeps the hot
 * values coming back without an LRU's bookkeeping on every call.
 */
export function memoized<T>(compute: (value: string) => T, limit = 100_000): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    if (cache.has(value)) return cache.get(value) as T;
    if (cache.size >= limit) cache.clear();
    const result = compute(value);
    cache.set(value, result);
    return result;
  };
}

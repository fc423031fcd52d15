/**
 * Answers a connector learned in passing during one request (a vendor's sideload, a nested connection), kept against
 * the request's `CallOptions.scope` so that a later call of the same request is answered without asking the vendor
 * again. Held weakly: the answers go with the request, and are never shared between requests. Without a scope
 * nothing is kept. A WeakMap of Maps is all it takes, so no library is used.
 */
export function createRequestMemo<V>() {
  const byScope = new WeakMap<object, Map<string, V>>();
  return {
    /** Keeps `value` under `key` for the request of `scope`. */
    keep(scope: object | undefined, key: string, value: V): void {
      if (!scope) return;
      let kept = byScope.get(scope);
      if (!kept) byScope.set(scope, (kept = new Map()));
      kept.set(key, value);
    },
    /** What the request of `scope` learned under `key`, if anything. */
    get(scope: object | undefined, key: string): V | undefined {
      return scope ? byScope.get(scope)?.get(key) : undefined;
    },
  };
}

/** A per-request memo of one kind of answer (see `createRequestMemo`). */
export type RequestMemo<V> = ReturnType<typeof createRequestMemo<V>>;

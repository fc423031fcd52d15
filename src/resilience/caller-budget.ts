import { LRUCache } from 'lru-cache';
import type { CallerBudgetSettings } from '../config/index.js';

/** The kinds of work a caller's budgets meter: reads of customers, look-ups by value, privacy operations. */
export type BudgetKind = keyof CallerBudgetSettings;

/** What one request asks of a caller's budgets: units per kind (root fields, aliases counted one by one). */
export type BudgetAsk = Readonly<Partial<Record<BudgetKind, number>>>;

/** Granted (every unit taken), or refused (nothing taken): the kind that ran short and when asking again may succeed. */
export type SpendResult = { granted: true } | { granted: false; kind: BudgetKind; retryAfterMs: number };

/** One bucket's level at a moment. */
export interface BudgetState {
  tokens: number;
  at: number;
}

/** One bucket of an ask: its level, its per-minute capacity and the units wanted. */
export interface BucketAsk {
  kind: BudgetKind;
  state: BudgetState | undefined;
  perMinute: number;
  units: number;
}

const MINUTE_MS = 60_000;

/**
 * Refills each bucket to `now` (a full minute's budget refills over a minute) and takes every unit of the ask from
 * every bucket, or none at all: a request whose aliases cross one budget is refused whole. A request asking more than
 * a budget ever holds is refused with a minute's wait. The Redis script in `redis-caller-budgets.ts` is this function in Lua.
 */
export function spendBudgets(asks: readonly BucketAsk[], now: number): { states: BudgetState[]; result: SpendResult } {
  const states = asks.map(({ state, perMinute }) => {
    const previous = state ?? { tokens: perMinute, at: now };
    const at = Math.max(now, previous.at);
    return { tokens: Math.min(perMinute, previous.tokens + Math.max(0, now - previous.at) * (perMinute / MINUTE_MS)), at };
  });
  for (const [i, ask] of asks.entries()) {
    const level = states[i] as BudgetState;
    if (level.tokens >= ask.units) continue;
    const retryAfterMs = ask.units > ask.perMinute ? MINUTE_MS : Math.ceil((ask.units - level.tokens) / (ask.perMinute / MINUTE_MS));
    return { states, result: { granted: false, kind: ask.kind, retryAfterMs } };
  }
  return { states: states.map((s, i) => ({ tokens: s.tokens - (asks[i]?.units ?? 0), at: s.at })), result: { granted: true } };
}

/** Where callers' buckets live: this process, or Redis shared by every replica. */
export interface CallerBudgetStore {
  /** Takes the ask from the caller's buckets (all or nothing). */
  spend(caller: string, asks: readonly Omit<BucketAsk, 'state'>[]): Promise<SpendResult>;
  close(): Promise<void>;
}

/** Buckets in this process only, at most `maxCallers` callers (the least recently seen forgotten first, as if full). */
export function createLocalCallerBudgetStore(now: () => number = Date.now, maxCallers = 100_000): CallerBudgetStore {
  const buckets = new LRUCache<string, BudgetState>({ max: maxCallers });
  return {
    async spend(caller, asks) {
      const keys = asks.map((a) => `${a.kind}|${caller}`);
      const { states, result } = spendBudgets(asks.map((a, i) => ({ ...a, state: buckets.get(keys[i] as string) })), now());
      if (result.granted) states.forEach((state, i) => buckets.set(keys[i] as string, state));
      return result;
    },
    async close() {
      buckets.clear();
    },
  };
}

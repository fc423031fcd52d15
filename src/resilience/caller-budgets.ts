import type { CallerBudgetSettings } from '../config/index.js';
import { createLocalCallerBudgetStore, type BudgetAsk, type BudgetKind, type CallerBudgetStore, type SpendResult } from './caller-budget.js';
import { createRedisCallerBudgetStore } from './redis-caller-budgets.js';

/** Per-caller budgets (per `sub`) for reads, look-ups and privacy operations, as the gateway spends them. */
export interface CallerBudgets {
  /** The budgets per minute, by kind (0: off). */
  readonly perMinute: CallerBudgetSettings;
  /** Takes every unit the request asks of the caller's budgets, or none (the request is then refused whole). */
  spend(sub: string, ask: BudgetAsk): Promise<SpendResult>;
  /** Resolves once the shared store is connected (true), false without Redis or when it cannot be reached. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** What the budgets run on besides their settings. */
export interface CallerBudgetOptions {
  /** Shared by every replica through Redis (keys are `<prefix>caller:<kind>:<HMAC of the sub>`); in-process otherwise. */
  redis?: { url: string; prefix: string; keySecret: Buffer };
  /** The clock the windows refill by (tests inject one). */
  now?: () => number;
  onError?: (error: Error) => void;
}

/** Creates the per-caller budgets from their settings (`CALLER_*_PER_MINUTE`). */
export function createCallerBudgets(perMinute: CallerBudgetSettings, options: CallerBudgetOptions = {}): CallerBudgets {
  const now = options.now ?? Date.now;
  const shared = options.redis
    ? createRedisCallerBudgetStore({ ...options.redis, now, ...(options.onError ? { onError: options.onError } : {}) })
    : null;
  const store: CallerBudgetStore = shared ?? createLocalCallerBudgetStore(now);
  return {
    perMinute,
    spend(sub, ask) {
      const asks = (Object.keys(perMinute) as BudgetKind[])
        .filter((kind) => perMinute[kind] > 0 && (ask[kind] ?? 0) > 0)
        .map((kind) => ({ kind, perMinute: perMinute[kind], units: ask[kind] ?? 0 }));
      return asks.length === 0 ? Promise.resolve<SpendResult>({ granted: true }) : store.spend(sub, asks);
    },
    ready: () => shared?.ready() ?? Promise.resolve(false),
    close: () => store.close(),
  };
}

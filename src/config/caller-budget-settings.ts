import { z } from 'zod';
import { count } from './setting-values.js';

/**
 * The per-caller budget defaults, per `sub` and minute. An agent's screen is a handful of reads and a look-up or two,
 * so 600 reads and 120 look-ups a minute leave any person at a desk untouched, while a token that guesses at
 * customers (300 look-ups in a burst) meets a 429 past the 120th. An officer files a few privacy requests a day:
 * 30 a minute is a ceiling for a batch of real requests, far below a runaway script's 200 erasures in 9 s.
 */
export const CALLER_BUDGET_DEFAULTS = { reads: 600, lookups: 120, privacy: 30 } as const;

/** What one caller (`sub`) may spend per minute, by kind; 0 turns that budget off. */
export type CallerBudgetSettings = { readonly [K in keyof typeof CALLER_BUDGET_DEFAULTS]: number };

/** The per-caller budgets: CALLER_READS_PER_MINUTE, CALLER_LOOKUPS_PER_MINUTE, CALLER_PRIVACY_OPERATIONS_PER_MINUTE. */
export const callerBudgetSettings = z
  .object({
    CALLER_READS_PER_MINUTE: count.default(CALLER_BUDGET_DEFAULTS.reads),
    CALLER_LOOKUPS_PER_MINUTE: count.default(CALLER_BUDGET_DEFAULTS.lookups),
    CALLER_PRIVACY_OPERATIONS_PER_MINUTE: count.default(CALLER_BUDGET_DEFAULTS.privacy),
  })
  .transform((s): CallerBudgetSettings => ({
    reads: s.CALLER_READS_PER_MINUTE,
    lookups: s.CALLER_LOOKUPS_PER_MINUTE,
    privacy: s.CALLER_PRIVACY_OPERATIONS_PER_MINUTE,
  }));

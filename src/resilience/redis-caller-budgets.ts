import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLocalCallerBudgetStore, type CallerBudgetStore, type SpendResult, type BudgetKind } from './caller-budget.js';

// `spendBudgets` (caller-budget.ts) in Lua, atomic over every bucket of one ask. ARGV: now, then per key its
// per-minute capacity and units. Returns { 1 } when every unit was taken, { 0, index, retryAfterMs } when none was.
// The time comes from the replica asking (so tests can move it): a replica's clock ahead of the others refills its
// callers early by the skew at most, never beyond a full budget.
const SPEND = `
local now = tonumber(ARGV[1])
local levels = {}
for i, key in ipairs(KEYS) do
  local perMinute = tonumber(ARGV[2 * i])
  local units = tonumber(ARGV[2 * i + 1])
  local saved = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(saved[1]) or perMinute
  local at = tonumber(saved[2]) or now
  if now > at then
    tokens = math.min(perMinute, tokens + (now - at) * perMinute / 60000)
    at = now
  end
  if tokens < units then
    if units > perMinute then return { 0, i, 60000 } end
    return { 0, i, math.ceil((units - tokens) / (perMinute / 60000)) }
  end
  levels[i] = { tokens - units, at }
end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'tokens', string.format('%.6f', levels[i][1]), 'at', string.format('%.0f', levels[i][2]))
  redis.call('PEXPIRE', key, 120000)
end
return { 1 }
`;

type WithSpend = Redis & { spendBudgets(...args: (string | number)[]): Promise<number[]> };

/** How to reach the shared budgets. */
export interface RedisCallerBudgetOptions {
  url: string;
  /** Prefix of every key; a bucket is `<prefix>caller:<kind>:<HMAC of the sub>`. */
  prefix: string;
  /** Keys the HMAC (derived from GATEWAY_SECRET), so a Redis dump does not tell who called. */
  keySecret: Buffer;
  /** The clock of this replica (tests inject one). */
  now?: () => number;
  onError?: (error: Error) => void;
}

/**
 * Callers' budgets shared by every replica through Redis (one Lua script per request, atomic over its buckets). When
 * Redis cannot answer at once, this replica's own buckets take over (a caller is then metered per replica) rather
 * than refusing or delaying the request.
 */
export function createRedisCallerBudgetStore(options: RedisCallerBudgetOptions): CallerBudgetStore & { ready(): Promise<boolean> } {
  const now = options.now ?? Date.now;
  // Fail fast rather than queue: a budget must never wait on Redis itself.
  const client = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250, connectTimeout: 2000 }) as WithSpend;
  client.on('error', (error: Error) => options.onError?.(error));
  client.defineCommand('spendBudgets', { lua: SPEND });
  const local = createLocalCallerBudgetStore(now);
  const key = (kind: BudgetKind, caller: string) => `${options.prefix}caller:${kind}:${createHmac('sha256', options.keySecret).update(caller).digest('base64url')}`;
  const connected = new Promise<boolean>((resolve) => {
    client.once('ready', () => resolve(true));
    client.once('error', () => resolve(client.status === 'ready'));
    setTimeout(() => resolve(client.status === 'ready'), 2500).unref();
  });

  return {
    async spend(caller, asks): Promise<SpendResult> {
      if (asks.length === 0) return { granted: true };
      if (client.status !== 'ready') return local.spend(caller, asks);
      try {
        const args = asks.flatMap((a) => [a.perMinute, a.units]);
        const [granted, index, retryAfterMs] = await client.spendBudgets(asks.length, ...asks.map((a) => key(a.kind, caller)), now(), ...args);
        if (granted === 1) return { granted: true };
        const kind = asks[Number(index) - 1]?.kind ?? (asks[0]?.kind as BudgetKind);
        return { granted: false, kind, retryAfterMs: Number(retryAfterMs) };
      } catch (error) {
        options.onError?.(error as Error);
        return local.spend(caller, asks);
      }
    },
    ready: () => connected,
    async close() {
      await local.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

import { Redis } from 'ioredis';
import { createLocalBucketStore, type BucketStore, type TakeRequest, type TakeResult } from './token-bucket.js';

// `takeToken` (token-bucket.ts) in Lua, run atomically per bucket key. Redis's own clock serves every replica, so
// clock skew between them cannot mint tokens. ARGV: capacity, refill per ms, bulk (0/1), bulk reserve, max wait ms.
const TAKE_TOKEN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local bulk = ARGV[3] == '1'
local reserve = tonumber(ARGV[4])
local maxWait = tonumber(ARGV[5])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1]) or capacity
local at = tonumber(saved[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * perMs)
  at = now
end
local granted = 0
local wait = 0
if bulk then
  if tokens - 1 >= reserve then
    tokens = tokens - 1
    granted = 1
  else
    wait = math.ceil((reserve + 1 - tokens) / perMs)
  end
else
  if tokens < 1 then wait = math.ceil((1 - tokens) / perMs) end
  if wait <= maxWait then
    tokens = tokens - 1
    granted = 1
  end
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.0f', at))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 60000)
return { granted, wait }
`;

type WithTake = Redis & { takeToken(key: string, ...args: (string | number)[]): Promise<[number, number]> };

/** How to reach the shared buckets. */
export interface RedisBucketStoreOptions {
  url: string;
  /** Prefix of every key; a bucket is `<prefix>rate:<silo>:<bucket>`. */
  prefix: string;
  onError?: (error: Error) => void;
}

/**
 * Buckets shared by every replica through Redis. When Redis cannot answer at once, the bucket falls back to this
 * process's own (a replica then paces alone, at the full rate) rather than failing or delaying the call.
 */
export function createRedisBucketStore(options: RedisBucketStoreOptions): BucketStore & { ready(): Promise<boolean>; state(): 'ready' | 'unavailable' } {
  // Fail fast rather than queue: pacing must never wait on Redis itself.
  const client = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250, connectTimeout: 2000 }) as WithTake;
  client.on('error', (error: Error) => options.onError?.(error));
  client.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
  const local = createLocalBucketStore();
  const connected = new Promise<boolean>((resolve) => {
    client.once('ready', () => resolve(true));
    // Unreachable at start: say so now; the client keeps reconnecting and the buckets move to Redis once it is up.
    client.once('error', () => resolve(client.status === 'ready'));
    client.once('end', () => resolve(false));
    setTimeout(() => resolve(client.status === 'ready'), 2500).unref();
  });

  return {
    async take(request: TakeRequest): Promise<TakeResult> {
      if (client.status !== 'ready') return local.take(request);
      const { capacity, refillPerSecond, bulkReserve } = request.rule;
      try {
        const [granted, waitMs] = await client.takeToken(
          `${options.prefix}rate:${request.key}`,
          capacity, refillPerSecond / 1000, request.bulk ? 1 : 0, bulkReserve, Math.floor(request.maxWaitMs),
        );
        return { granted: granted === 1, waitMs: Number(waitMs) };
      } catch (error) {
        options.onError?.(error as Error);
        return local.take(request);
      }
    },
    ready: () => connected,
    state: () => (client.status === 'ready' ? 'ready' : 'unavailable'),
    async close() {
      await local.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}

import type { Redis } from 'ioredis';

/**
 * Resolves true once every connection is up and `subscribed` holds; false at the first connection error, or when
 * `timeoutMs` pass first, so a gateway whose Redis is down starts anyway (in-process only) instead of waiting.
 */
export function whenRedisReady(connections: readonly Redis[], subscribed: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const all = Promise.all(connections.map(connected)).then((up) => (up.every(Boolean) ? subscribed : false));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
    void all.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function connected(redis: Redis): Promise<boolean> {
  return new Promise((resolve) => {
    if (redis.status === 'ready') return resolve(true);
    redis.once('ready', () => resolve(true));
    redis.once('error', () => resolve(false));
  });
}

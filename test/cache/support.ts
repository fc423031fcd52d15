import { deriveKey } from '../../src/config/index.js';
import { SOURCES, type Source } from '../../src/model/index.js';
import { createCacheLayer, type CacheCallOptions, type CacheLayer, type CacheLayerOptions, type CacheOutcome } from '../../src/cache/index.js';
import { createSiloPipeline } from '../../src/silos/index.js';
import { createFakeSilos, type FakeSilos } from './fake-silos.js';

/** A cache layer over counting fakes, on a clock the test moves by hand. */
export interface CacheRig {
  fakes: FakeSilos;
  layer: CacheLayer;
  /** The fakes behind the pipeline's cache stage alone. */
  silos: FakeSilos['silos'];
  /** The same cache behind the request tracker too, as a request's loaders use the silos. */
  tracked: FakeSilos['silos'];
  clock: { now: number; advance(seconds: number): void };
}

/** The keys src/app.ts derives for the record cache from a GATEWAY_SECRET (the Redis key HMAC and the value seal). */
export function cacheKeysFor(gatewaySecret: string): { keySecret: Buffer; sealKey: Buffer } {
  const root = Buffer.from(gatewaySecret, 'utf8');
  return { keySecret: deriveKey(root, 'cache-keys'), sealKey: deriveKey(root, 'cache/values') };
}

/** The GATEWAY_SECRET cache rigs with a shared level derive their keys from. */
export const RIG_GATEWAY_SECRET = 'cache-rig-gateway-secret';

/** Builds a rig: TTL 30 s and stale window 300 s unless told otherwise, in-process unless `redisUrl` is given. */
export function cacheRig(options: Partial<CacheLayerOptions> & { ttl?: number; ttlBySource?: Partial<Record<Source, number>> } = {}): CacheRig {
  const fakes = createFakeSilos();
  const clock = { now: 1_700_000_000_000, advance(seconds: number) { clock.now += seconds * 1000; } };
  const { ttl = 30, ttlBySource = {}, ...rest } = options;
  const layer = createCacheLayer({
    ttlSeconds: Object.fromEntries(SOURCES.map((s) => [s, ttlBySource[s] ?? ttl])) as Record<Source, number>,
    staleSeconds: 300,
    maxBytes: 8 * 1024 * 1024,
    redisPrefix: 'c360:',
    now: () => clock.now,
    ...(rest.redisUrl ? cacheKeysFor(RIG_GATEWAY_SECRET) : {}),
    ...rest,
  });
  return {
    fakes,
    layer,
    silos: createSiloPipeline(fakes.silos, { cache: layer, tracker: false }).silos,
    tracked: createSiloPipeline(fakes.silos, { cache: layer }).silos,
    clock,
  };
}

/** Waits until `condition` holds, checking on every turn of the event loop, for at most `ms` of real time. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Call options that collect what the cache reports about each call. */
export function noted(): { outcomes: CacheOutcome[]; opts: CacheCallOptions } {
  const outcomes: CacheOutcome[] = [];
  return { outcomes, opts: { onCache: (o) => void outcomes.push(o) } };
}

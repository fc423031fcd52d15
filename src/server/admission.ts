import type { FastifyInstance, FastifyRequest } from 'fastify';
import { replyWithGraphQLError } from '../errors/index.js';
import { SlotRefused, createSlotQueue, type Clock, type SlotEvent, type SlotStats } from '../resilience/index.js';
import { createAdmissionLimit } from './admission-limit.js';
import { createLoopLagProbe, type LoopLag } from './loop-lag.js';

/** How many GraphQL requests the gateway works on at once, and how many may wait, for how long. */
export interface AdmissionOptions {
  /** The route gated: only GraphQL requests; /healthz, /readyz, /metrics, webhooks and export downloads never wait. */
  graphqlPath: string;
  /** The in-progress limit starts here and never goes above it. */
  maxInProgress: number;
  /** The limit never goes below this, however slow requests are. */
  minInProgress: number;
  /** A busy request that takes longer than this in progress lowers the limit; quick ones raise it again (0.6 of the deadline). */
  targetMs: number;
  maxQueued: number;
  /** The longest a request waits for admission (a share of its deadline, `ADMISSION_MAX_WAIT_SHARE`). */
  maxWaitMs: number;
  clock?: Clock;
  /**
   * A request that ends while the event loop runs later than this lowers the limit too (`ADMISSION_MAX_LAG_MS`);
   * none or 0: the loop's lag is not read.
   */
  maxLagMs?: number;
  /** How late the event loop runs (default: a probe of this process's loop, stopped when the app closes); tests pass their own. */
  loopLag?: LoopLag;
  /** Told how each request's admission went (`metrics.observeAdmission`). */
  onEvent?: (event: SlotEvent) => void;
}

const QUIET_LOOP: LoopLag = { lagMs: () => 0, stop: () => {} };

/** The gate, registered on an app. */
export interface Admission {
  stats(): SlotStats;
  /** How long a request waited for admission, in ms (0 for one admitted at once, or not gated). */
  waitedMs(request: FastifyRequest): number;
}

/**
 * Registers the admission gate in front of GraphQL: at most a limit of requests (`maxInProgress`, lowered towards
 * `minInProgress` while requests take longer than `targetMs` or end while the event loop runs late: `createAdmissionLimit`) are worked on, from their
 * arrival (before the body is read) until their response is done or their client is gone; up to `maxQueued` more wait
 * in line for at most `maxWaitMs`. A request the queue cannot take, or whose wait the recent request times predict to
 * be longer than that, is refused at once — 503 OVERLOADED with `Retry-After` — before any work is done on it: so
 * the load the gateway cannot carry never turns into timeouts that would look like a silo's. The queue is the slot
 * queue the silo bulkheads share (src/resilience).
 */
export function registerAdmission(app: FastifyInstance, options: AdmissionOptions): Admission {
  const { graphqlPath, maxWaitMs, clock } = options;
  const queue = createSlotQueue({
    maxActive: options.maxInProgress,
    maxQueued: options.maxQueued,
    ...(clock ? { clock } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const now = clock ? () => clock.now() : Date.now;
  const waited = new WeakMap<FastifyRequest, number>();
  const judgesLag = options.maxLagMs !== undefined && options.maxLagMs > 0;
  const limit = createAdmissionLimit({
    min: Math.min(options.minInProgress, options.maxInProgress),
    max: options.maxInProgress,
    targetMs: options.targetMs,
    ...(judgesLag ? { maxLagMs: options.maxLagMs } : {}),
  });
  const loopLag = options.loopLag ?? (judgesLag ? createLoopLagProbe() : QUIET_LOOP);
  if (judgesLag && !options.loopLag) app.addHook('onClose', async () => loopLag.stop());
  // Gives the slot back, and tells the limit how long the request held it and how late the loop runs.
  const holding = (release: () => void) => {
    const since = now();
    return () => {
      queue.setMaxActive(limit.sample(now() - since, queue.stats().active, loopLag.lagMs()));
      release();
    };
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== graphqlPath) return;
    const free = queue.tryAcquire();
    let release = free && holding(free);
    // The slot is the request's until its response is done or its client is gone, whichever comes first. Only a
    // request still waiting needs to hear of its client leaving (an aborted signal costs a DOMException each): one
    // that holds its slot, or was refused, just gives back what it has.
    let gone: AbortController | undefined;
    reply.raw.once('close', () => {
      if (release) release();
      else gone?.abort();
    });
    if (release) return;
    gone = new AbortController();
    const arrived = now();
    try {
      release = holding(await queue.acquire({ deadline: arrived + maxWaitMs, signal: gone.signal }));
      waited.set(request, now() - arrived);
      // The client left while the slot was on its way: give it straight back.
      if (gone.signal.aborted) release();
    } catch (error) {
      if (!(error instanceof SlotRefused)) throw error;
      gone = undefined;
      const seconds = Math.max(1, Math.ceil(error.drainMs / 1000));
      const { active, queued } = error.stats;
      reply.header('retry-after', String(seconds));
      return replyWithGraphQLError(reply, 'OVERLOADED',
        `The gateway is at capacity (${active} requests in progress, ${queued} waiting); no silo was called. Retry after ${seconds} s.`);
    }
  });

  return { stats: () => queue.stats(), waitedMs: (request) => waited.get(request) ?? 0 };
}

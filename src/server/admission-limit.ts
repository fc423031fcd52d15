/** The bounds of the adaptive in-progress limit, and the time a request should take at most. */
export interface AdmissionLimitOptions {
  min: number;
  max: number;
  /** A request that held its slot longer than this, while half the slots or more were in use, says the gateway takes on too much. */
  targetMs: number;
  /**
   * A request that ends while the event loop runs later than this says so too, however quick it was: the gateway's
   * CPU is the bottleneck, and its timers (every silo call's) fire late. None: the loop's lag is not judged.
   */
  maxLagMs?: number;
}

/** The in-progress limit of the admission gate, moved by how long the requests it admits take. */
export interface AdmissionLimit {
  current(): number;
  /** One request's time in its slot, the slots in use when it ended and how late the event loop ran; returns the limit now. */
  sample(heldMs: number, inUse: number, lagMs?: number): number;
}

// While at least half the slots are in use, a slow request cuts the limit by a tenth and a quick one adds one.
const BACKOFF = 0.9;

/**
 * Creates the adaptive limit, additive increase and multiplicative decrease on latency (as Netflix's
 * concurrency-limits `AIMDLimit`): it starts at `max`, falls towards `min` while busy requests take longer than
 * `targetMs` — the gateway (its CPU, its silos) is doing more than it can finish in time — and climbs back as they
 * are quick again; and while the event loop runs late (a BI page costs the gateway ~100 ms of CPU), before the
 * requests it starves run out of time. Without it a fixed limit that fits cheap agent views lets in as many heavy BI pages, which then
 * all run out of time together. Our own: no maintained JavaScript port of concurrency-limits exists, and this is the
 * whole algorithm.
 */
export function createAdmissionLimit({ min, max, targetMs, maxLagMs = Number.POSITIVE_INFINITY }: AdmissionLimitOptions): AdmissionLimit {
  let limit = max;
  return {
    current: () => limit,
    sample(heldMs, inUse, lagMs = 0) {
      // With few requests in progress, slowness is not the gateway taking on too much (a slow silo, one heavy page).
      if (inUse * 2 < limit) return limit;
      limit = heldMs > targetMs || lagMs > maxLagMs ? Math.max(min, Math.floor(limit * BACKOFF)) : Math.min(max, limit + 1);
      return limit;
    },
  };
}

import { SourceTimeout, SourceUnauthorized, SourceUnavailable, type SkippedRecord } from '../model/index.js';
import { systemClock, type Clock } from '../resilience/index.js';
import type { SiloStage } from './silo-stage.js';

/**
 * Creates the request tracker, the first stage: a call made for a request (`options.request`) is recorded for its
 * `extensions.sources`, gets at most `siloTimeoutMs` inside the request's deadline, and once its silo has timed out
 * or dropped the connection or refused the gateway's credentials in this request, asks that silo nothing more: the record cache, when one follows for
 * this operation, answers from what it holds, anything else fails at once with the first failure. A call made for
 * no request (privacy jobs, webhooks) passes untouched. The call carries the silo's per-call limit on (`siloTimeoutMs`),
 * by which the guard tells a silo's timeout from one the gateway caused.
 */
export function createTrackerStage(clock: Clock = systemClock): SiloStage {
  return {
    name: 'tracker',
    step({ source, downstream }) {
      const cached = downstream.includes('cache');
      return async ({ args, options: { request, ...options } }, next) => {
        if (!request) return next({ args, options });
        const onSkippedRecord = (record: SkippedRecord) => request.tracker.skip?.(record);
        // A caller's own `onCache` (the call's span) hears the cache's outcome too.
        const heard = options.onCache;
        return request.tracker.track(source, async (noted) => {
          const onCache: typeof noted = heard ? (outcome) => { noted(outcome); heard(outcome); } : noted;
          const known = request.down.get(source);
          if (known && !cached) throw known;
          // The cache answers what it holds and throws `offline` for the rest; the past deadline is a second guard.
          if (known) return next({ args, options: { ...options, deadline: 0, offline: known, onCache } });
          try {
            const deadline = Math.min(request.deadline, clock.now() + request.siloTimeoutMs);
            return await next({ args, options: { ...options, deadline, siloTimeoutMs: request.siloTimeoutMs, scope: request, onCache, onSkippedRecord } });
          } catch (error) {
            // A silo that refused our credentials refuses them on the next call too: it is not asked again either.
            if (error instanceof SourceTimeout || error instanceof SourceUnavailable || error instanceof SourceUnauthorized) request.down.set(source, error);
            throw error;
          }
        });
      };
    },
  };
}

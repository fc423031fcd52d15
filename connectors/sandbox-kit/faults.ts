import { z } from 'zod';

/** The fault knobs of a sandbox, replaced as a whole by `PUT /__sandbox/faults`. */
export const faultsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    jitterMs: z.number().int().min(0).max(60_000).default(0),
    errorRate: z.number().min(0).max(1).default(0),
    rateLimitRate: z.number().min(0).max(1).default(0),
    malformedRate: z.number().min(0).max(1).default(0),
    outage: z.boolean().default(false),
  })
  .strict();

/** The current fault set of a sandbox. */
export type Faults = z.infer<typeof faultsSchema>;

/** What a sandbox does to one request, decided once when it arrives. */
export type FaultDecision = 'outage' | 'rateLimited' | 'error' | 'malformed' | 'none';

/** Rolls the dice for one request; `random` is injectable so tests can pin it. */
export function decideFault(faults: Faults, random: () => number = Math.random): FaultDecision {
  if (faults.outage) return 'outage';
  if (random() < faults.rateLimitRate) return 'rateLimited';
  if (random() < faults.errorRate) return 'error';
  if (random() < faults.malformedRate) return 'malformed';
  return 'none';
}

/** How long to hold a request: base latency, the fault's extra latency and a uniform jitter. */
export function delayFor(baseLatencyMs: number, faults: Faults, random: () => number = Math.random): number {
  return baseLatencyMs + faults.latencyMs + Math.round(random() * faults.jitterMs);
}

/** Two kinds of garbage real APIs send: a body cut off mid-way, and a proxy's HTML error page. */
export function malform(payload: string, flip: boolean): { body: string; contentType: string } {
  return flip
    ? { body: payload.slice(0, Math.max(1, Math.floor(payload.length / 2))), contentType: 'application/json; charset=utf-8' }
    : { body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' };
}

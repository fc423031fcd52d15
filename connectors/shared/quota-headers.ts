import type { QuotaAnnouncement } from '../../src/model/index.js';
import type { RawResponse } from './transport.js';

/** The first of `names` a response carries as a non-negative number (header names in lower case), else undefined. */
export function headerCount(res: RawResponse, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = res.headers[name];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

/** A window quota of `limit` requests, `remaining` of them left, ending in `resetMs` (one request per call). */
export function windowQuota(limit: number | undefined, remaining: number | undefined, resetMs: number, windowMs: number): QuotaAnnouncement | undefined {
  if (limit === undefined || remaining === undefined || limit <= 0) return undefined;
  return { limit, remaining: Math.min(limit, remaining), refill: { kind: 'window', resetMs, windowMs }, cost: 1 };
}

import type { IncomingHttpHeaders } from 'node:http';
import type { Source, System } from '../model/index.js';

/** One webhook request as it reached the gateway: the raw bytes signatures are computed over. */
export interface Delivery {
  method: string;
  /** Path and query exactly as received (`/webhooks/hubspot?x=1`). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * What a verifier says about a delivery; `reason` is safe to return to the caller (no secret, no digest). A
 * correctly signed delivery whose signed time lies outside the vendor's window is `code: 'WEBHOOK_STALE'`.
 */
export type Verdict = { ok: true } | { ok: false; reason: string; code?: 'WEBHOOK_STALE' };

/** One vendor event, reduced to what the gateway acts on: the silo records it names. */
export interface WebhookEvent {
  /**
   * What the event is de-duplicated on: always something the vendor's signature covers (an event id in the signed
   * body, or for Shopify a digest of the signed body and its topic), never an unsigned header.
   */
  id: string;
  source: Source;
  /** Vendor record ids, as connectors expose them in `provenance.recordId`; empty for events the gateway ignores. */
  recordIds: string[];
}

/**
 * The events of a parsed payload, or why the payload is not the vendor's shape. `signedAt` (epoch ms) is the time
 * the signed body itself carries (Square's `created_at`), checked against the vendor's `maxAge`.
 */
export type Parsed = { ok: true; events: WebhookEvent[]; signedAt?: number } | { ok: false; reason: string };

/** What the verification of a delivery may depend on besides its bytes. */
export interface VerifyContext {
  /** The gateway's public base URL (`PUBLIC_URL`), which HubSpot and Square sign into their signatures. */
  publicUrl: string;
  /** Epoch ms, for timestamp windows. */
  now: number;
}

/** A vendor's webhook dialect: how its deliveries are signed and what their events name. */
export interface WebhookVendor {
  readonly system: System;
  /** Checks the signature (and timestamp, where the vendor signs one) over the raw body. */
  verify(delivery: Delivery, secret: string, context: VerifyContext): Verdict;
  /** The events of a verified delivery whose body parsed as JSON. */
  events(payload: unknown, delivery: Delivery): Parsed;
  /** How old (and how far ahead of the clock) a body's `signedAt` may be; only for vendors that sign a time into the body. */
  readonly maxAge?: { maxAgeMs: number; skewMs: number };
}

/** Reads a single-valued header (Node lower-cases names). */
export function headerOf(delivery: Pick<Delivery, 'headers'>, name: string): string | undefined {
  const value = delivery.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

/** Verdict helpers. */
export const accepted: Verdict = { ok: true };
export const rejected = (reason: string): Verdict => ({ ok: false, reason });
/** A correctly signed delivery whose signed time is outside the window: a replay, or a clock far off. */
export const stale = (reason: string): Verdict => ({ ok: false, reason, code: 'WEBHOOK_STALE' });

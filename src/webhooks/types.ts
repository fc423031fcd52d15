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

/** What a verifier says about a delivery; `reason` is safe to return to the caller (no secret, no digest). */
export type Verdict = { ok: true } | { ok: false; reason: string };

/** One vendor event, reduced to what the gateway acts on: the silo records it names. */
export interface WebhookEvent {
  /** The vendor's idempotency key; null when the delivery carries none (then it cannot be de-duplicated). */
  id: string | null;
  source: Source;
  /** Vendor record ids, as connectors expose them in `provenance.recordId`; empty for events the gateway ignores. */
  recordIds: string[];
}

/** The events of a parsed payload, or why the payload is not the vendor's shape. */
export type Parsed = { ok: true; events: WebhookEvent[] } | { ok: false; reason: string };

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

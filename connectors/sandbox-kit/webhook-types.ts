import { createHmac } from 'node:crypto';
import { z } from 'zod';

const value = z.string().trim().min(1).max(320).nullable().optional();

/** Canonical field changes a test (or the bench) makes to one sandbox record: `PATCH /__sandbox/records/:id`. */
export const recordChangesSchema = z
  .object({ email: value, phone: value, firstName: value, lastName: value })
  .strict()
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), 'give at least one of email, phone, firstName, lastName');

/** The fields a change sets; `null` clears a field. */
export type RecordChanges = z.infer<typeof recordChangesSchema>;

/** What signs one delivery attempt. */
export interface SigningInput {
  /** The notification URL, exactly as configured. */
  url: string;
  secret: string;
  /** The body of this attempt, exactly as sent. */
  body: string;
  /** Epoch ms of this attempt. */
  now: number;
}

/** One webhook request a vendor sends about a change, rendered and signed afresh for every attempt. */
export interface WebhookNotification {
  /** The vendor event ids it carries: what a receiver de-duplicates on, the same on every attempt. */
  eventIds: string[];
  /** The body of attempt `attempt` (0 for the first; HubSpot counts attempts in the body). */
  body(attempt: number): string;
  /** The headers of one attempt, signature included. */
  headers(input: SigningInput): Record<string, string>;
}

/** How a sandbox changes its own records and announces it in its vendor's webhook format. */
export interface SandboxWebhooks {
  /**
   * Applies canonical changes to the record with this vendor id (as `GET /__sandbox/truth` lists it), so the
   * vendor API serves the new values; returns the notifications the vendor would send (none when nothing
   * changed), or null when there is no such record.
   */
  change(id: string, changes: RecordChanges, now: number): WebhookNotification[] | null;
}

/** base64(HMAC-SHA256(key, parts concatenated)): the primitive all four vendors sign with. */
export function hmacSha256Base64(key: string, ...parts: string[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part, 'utf8');
  return hmac.digest('base64');
}

/** The changes as [field, value] pairs, in a fixed order, leaving out fields not given. */
export function changedFields(changes: RecordChanges): ['email' | 'phone' | 'firstName' | 'lastName', string | null][] {
  return (['email', 'phone', 'firstName', 'lastName'] as const).flatMap((field) => {
    const next = changes[field];
    return next === undefined ? [] : [[field, next] as [typeof field, string | null]];
  });
}

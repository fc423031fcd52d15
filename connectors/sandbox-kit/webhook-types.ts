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

/**
 * A new record a test (or the bench) makes in a sandbox: `POST /__sandbox/records`. Canonical fields as in a change,
 * plus the generated person it belongs to when the test says so (the truth lists it under them; otherwise nowhere).
 */
export const newRecordSchema = z
  .object({ email: value, phone: value, firstName: value, lastName: value, personId: z.number().int().nonnegative().optional() })
  .strict()
  .refine((fields) => [fields.email, fields.phone, fields.firstName, fields.lastName].some((v) => v != null), 'give at least one of email, phone, firstName, lastName');

/** The fields of a new record; unset and `null` fields are left empty. */
export type NewRecord = z.infer<typeof newRecordSchema>;

/** What creating a record did: its vendor id and the notifications announcing it, or why the vendor refused it. */
export type CreatedRecord = { id: string; notifications: WebhookNotification[] } | { refused: string };

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
  /**
   * Creates a record through the vendor's own store (new vendor id), so the vendor API serves it; returns its id and
   * the creation notifications the vendor would send, or `refused` when the vendor would not create it (for example
   * an address it blocklisted). Without it `POST /__sandbox/records` answers 404.
   */
  create?(fields: NewRecord, now: number): CreatedRecord;
}

/** base64(HMAC-SHA256(key, parts concatenated)): the primitive all four vendors sign with. */
export function hmacSha256Base64(key: string, ...parts: string[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part, 'utf8');
  return hmac.digest('base64');
}

/** The changes as [field, value] pairs, in a fixed order, leaving out fields not given. */
export function changedFields(changes: RecordChanges | NewRecord): ['email' | 'phone' | 'firstName' | 'lastName', string | null][] {
  return (['email', 'phone', 'firstName', 'lastName'] as const).flatMap((field) => {
    const next = changes[field];
    return next === undefined ? [] : [[field, next] as [typeof field, string | null]];
  });
}

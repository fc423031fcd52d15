import { randomBytes } from 'node:crypto';
import { SOURCES, SYSTEM_OF, type System } from '../model/index.js';

/** The secret that verifies each vendor's webhooks; a vendor without one has no webhook route (404). */
export type WebhookSecrets = Partial<Record<System, string>>;

/**
 * The secrets the connectors' configs hold (HUBSPOT_CLIENT_SECRET, SHOPIFY_WEBHOOK_SECRET, ZENDESK_WEBHOOK_SECRET,
 * SQUARE_SIGNATURE_KEY, or a sandbox's own), completed for the embedded sandboxes: a sandboxed silo without one
 * (Shopify, Zendesk) gets one generated for this process, so `npm start` verifies the sandboxes' webhooks too (point
 * them at the gateway with `setWebhookTarget`).
 */
export function withSandboxSecrets(configured: WebhookSecrets, sandboxed: Iterable<System>): WebhookSecrets {
  const sandboxes = new Set(sandboxed);
  const secrets: WebhookSecrets = {};
  for (const system of SOURCES.map((source) => SYSTEM_OF[source])) {
    const secret = configured[system] ?? (sandboxes.has(system) ? randomBytes(24).toString('base64url') : undefined);
    if (secret) secrets[system] = secret;
  }
  return secrets;
}

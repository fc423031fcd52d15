import { randomBytes } from 'node:crypto';
import { hubspotConfigFromEnv } from '../../connectors/hubspot/index.js';
import { shopifyConfigFromEnv } from '../../connectors/shopify/index.js';
import { squareConfigFromEnv } from '../../connectors/square/index.js';
import { zendeskConfigFromEnv } from '../../connectors/zendesk/index.js';
import type { System } from '../model/index.js';

/** The secret that verifies each vendor's webhooks; a vendor without one has no webhook route (404). */
export type WebhookSecrets = Partial<Record<System, string>>;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads HUBSPOT_CLIENT_SECRET, SHOPIFY_WEBHOOK_SECRET, ZENDESK_WEBHOOK_SECRET and SQUARE_SIGNATURE_KEY through the
 * connectors' own config rules. A silo running as an embedded sandbox (its URL in `sandboxUrls`) uses the sandbox's
 * secret; when it has none (Shopify, Zendesk), one is generated for this process, so `npm start` verifies the
 * sandboxes' webhooks too (point them at the gateway with `setWebhookTarget`).
 */
export function webhookSecretsFromEnv(env: Env, sandboxUrls: ReadonlyMap<System, string>): WebhookSecrets {
  const sandbox = (system: System) => ({ sandboxUrl: sandboxUrls.get(system) });
  const configured: WebhookSecrets = {
    hubspot: hubspotConfigFromEnv(env, sandbox('hubspot')).clientSecret,
    shopify: shopifyConfigFromEnv(env, sandbox('shopify')).webhookSecret,
    zendesk: zendeskConfigFromEnv(env, sandbox('zendesk')).webhookSecret,
    square: squareConfigFromEnv(env, sandbox('square')).signatureKey,
  };
  const secrets: WebhookSecrets = {};
  for (const system of ['hubspot', 'shopify', 'zendesk', 'square'] as const) {
    const secret = configured[system] ?? (sandboxUrls.has(system) ? randomBytes(24).toString('base64url') : undefined);
    if (secret) secrets[system] = secret;
  }
  return secrets;
}

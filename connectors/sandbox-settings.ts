import { z } from 'zod';
import type { System } from '../src/model/index.js';
import { HUBSPOT_SANDBOX_CREDENTIALS } from './hubspot/index.js';
import { SHOPIFY_SANDBOX_CREDENTIALS } from './shopify/index.js';
import { SQUARE_SANDBOX_CREDENTIALS } from './square/index.js';
import { ZENDESK_SANDBOX_CREDENTIALS } from './zendesk/index.js';

/** One running sandbox as a gateway in another process needs it: where it listens, and the key it signs webhooks with. */
export interface SandboxEndpoint {
  url: string;
  webhookSecret: string;
}

/** The setting that holds each vendor's webhook key, in the gateway's settings and in `npm run sandbox`'s. */
export const WEBHOOK_SECRET_SETTING: Readonly<Record<System, string>> = {
  hubspot: 'HUBSPOT_CLIENT_SECRET',
  shopify: 'SHOPIFY_WEBHOOK_SECRET',
  zendesk: 'ZENDESK_WEBHOOK_SECRET',
  square: 'SQUARE_SIGNATURE_KEY',
};

const secretSetting = z.string().trim().min(1).optional();

/**
 * The webhook keys `npm run sandbox` signs with, by the same names a gateway verifies them with
 * (HUBSPOT_CLIENT_SECRET, SHOPIFY_WEBHOOK_SECRET, ZENDESK_WEBHOOK_SECRET, SQUARE_SIGNATURE_KEY); a sandbox whose key
 * is unset generates one for its process.
 */
export const sandboxWebhookSecretSettings = z
  .object(Object.fromEntries(Object.values(WEBHOOK_SECRET_SETTING).map((name) => [name, secretSetting])) as Record<string, typeof secretSetting>)
  .transform((env) => {
    const secrets: Partial<Record<System, string>> = {};
    for (const [system, name] of Object.entries(WEBHOOK_SECRET_SETTING) as [System, string][]) {
      const secret = env[name];
      if (secret) secrets[system] = secret;
    }
    return secrets;
  });

/**
 * The settings that point a gateway in another process at running sandboxes: each vendor's base URL with the
 * credentials its sandbox accepts and the key its sandbox signs webhooks with.
 */
export function sandboxSettings(sandboxes: ReadonlyMap<System, SandboxEndpoint>): Record<string, string> {
  const per: Record<System, (url: string) => Record<string, string>> = {
    hubspot: (url) => ({ HUBSPOT_BASE_URL: url, HUBSPOT_ACCESS_TOKEN: HUBSPOT_SANDBOX_CREDENTIALS.accessToken }),
    shopify: (url) => ({ SHOPIFY_BASE_URL: url, SHOPIFY_ACCESS_TOKEN: SHOPIFY_SANDBOX_CREDENTIALS.accessToken }),
    zendesk: (url) => ({ ZENDESK_BASE_URL: url, ZENDESK_EMAIL: ZENDESK_SANDBOX_CREDENTIALS.email, ZENDESK_API_TOKEN: ZENDESK_SANDBOX_CREDENTIALS.apiToken }),
    square: (url) => ({ SQUARE_BASE_URL: url, SQUARE_ACCESS_TOKEN: SQUARE_SANDBOX_CREDENTIALS.accessToken }),
  };
  return Object.assign({}, ...[...sandboxes].map(([system, { url, webhookSecret }]) => ({ ...per[system](url), [WEBHOOK_SECRET_SETTING[system]]: webhookSecret }))) as Record<string, string>;
}

const LINE = /^([A-Z][A-Z0-9_]*)=(\S+)$/;

/** Settings as lines a user pastes into a gateway's environment (`.env` or shell): `KEY=value`, one a line. */
export function settingsLines(settings: Readonly<Record<string, string>>): string[] {
  return Object.entries(settings).map(([name, value]) => {
    const line = `${name}=${value}`;
    // Sandbox URLs, tokens and base64url keys never hold blanks or quotes; a value that did would not paste as one.
    if (!LINE.test(line)) throw new Error(`${name} cannot be written as a KEY=value line`);
    return line;
  });
}

/** The settings of `KEY=value` lines (what `settingsLines` wrote, e.g. read from `npm run sandbox`'s output); other lines are skipped. */
export function parseSettingsLines(lines: Iterable<string>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of lines) {
    const match = LINE.exec(line.trim());
    if (match?.[1] && match[2]) settings[match[1]] = match[2];
  }
  return settings;
}

import { z } from 'zod';
import { connectorSettings, resolveTarget, type ConnectorTarget, type SettingProblem } from '../shared/index.js';
import { DEFAULT_SHOPIFY_API_VERSION, SHOPIFY_API_VERSIONS, SHOPIFY_VERSION_HANDLE } from './api-versions.js';
import { SHOPIFY_SANDBOX_CREDENTIALS } from './sandbox/index.js';

/** The validated settings of the Shopify connector. */
export const shopifyConfigSchema = z.object({
  /** The store's base URL, e.g. `https://{shop}.myshopify.com` (no credentials in it). */
  baseUrl: z.url({ protocol: /^https?$/ }).refine((url) => !/\/\/[^/]*@/.test(url), 'must not carry credentials'),
  /** Admin API access token of the app, sent as `X-Shopify-Access-Token`. */
  accessToken: z.string().min(1),
  /** Admin API version in the request path (default: the newest of SHOPIFY_API_VERSIONS). */
  apiVersion: z.string().regex(SHOPIFY_VERSION_HANDLE, `must look like ${DEFAULT_SHOPIFY_API_VERSION}`).default(DEFAULT_SHOPIFY_API_VERSION),
  /** App client secret that signs webhooks (not used by reads). */
  webhookSecret: z.string().min(1).optional(),
  /** Upper bound of one attempt, in ms. */
  attemptTimeoutMs: z.number().int().positive().optional(),
  /** Attempts per call, first included. */
  maxAttempts: z.number().int().min(1).max(10).optional(),
});

/** The Shopify connector's settings (`z.infer` of its schema). */
export type ShopifyConfig = z.infer<typeof shopifyConfigSchema>;

/** Validates a config, naming the setting at fault but never echoing a value (a token must not reach a log). */
export function parseShopifyConfig(input: z.input<typeof shopifyConfigSchema>): ShopifyConfig {
  const parsed = shopifyConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'} ${i.message}`).join('; ');
  throw new Error(`Shopify connector config is invalid: ${issues}`);
}

/** What the environment says about Shopify: a real store's validated config, or the embedded sandbox. */
export type ShopifyTarget = ConnectorTarget<ShopifyConfig, { apiVersion: string; webhookSecret?: string }>;

/** The variable behind each config field and its fix; no message contains a value. */
const PROBLEM_OF: Readonly<Record<string, SettingProblem>> = {
  baseUrl: { setting: 'SHOPIFY_BASE_URL', line: 'SHOPIFY_BASE_URL is not a usable URL: set it to the store URL, e.g. https://{shop}.myshopify.com, without credentials in it' },
  accessToken: {
    setting: 'SHOPIFY_ACCESS_TOKEN',
    line: 'SHOPIFY_ACCESS_TOKEN is not set but SHOPIFY_BASE_URL is: set it to the Admin API access token of your app (read_customers, read_orders)',
  },
  apiVersion: { setting: 'SHOPIFY_API_VERSION', line: `SHOPIFY_API_VERSION is not a Shopify API version: set it to a supported release (${SHOPIFY_API_VERSIONS.join(', ')}), or unset it to use ${DEFAULT_SHOPIFY_API_VERSION}` },
  webhookSecret: { setting: 'SHOPIFY_WEBHOOK_SECRET', line: 'SHOPIFY_WEBHOOK_SECRET is invalid: set it to the app\'s client secret, or unset it' },
};

/**
 * The Shopify slice of the settings: SHOPIFY_BASE_URL, SHOPIFY_ACCESS_TOKEN, SHOPIFY_API_VERSION and
 * SHOPIFY_WEBHOOK_SECRET. Without SHOPIFY_BASE_URL the connector targets the embedded sandbox.
 */
export const shopifySettings = connectorSettings({
  schema: shopifyConfigSchema,
  variables: { baseUrl: 'SHOPIFY_BASE_URL', accessToken: 'SHOPIFY_ACCESS_TOKEN', apiVersion: 'SHOPIFY_API_VERSION', webhookSecret: 'SHOPIFY_WEBHOOK_SECRET' },
  sandbox: ['apiVersion', 'webhookSecret'],
  describe: ({ path }) => PROBLEM_OF[String(path[0])] ?? { setting: 'SHOPIFY_BASE_URL', line: `SHOPIFY_BASE_URL: the Shopify config is invalid (${path.join('.')})` },
});

/** The connector's config: the store's, or the embedded sandbox's at `sandboxUrl` with the sandbox's credentials. */
export function resolveShopifyConfig(settings: ShopifyTarget, { sandboxUrl }: { sandboxUrl?: string } = {}): ShopifyConfig {
  return resolveTarget(settings, sandboxUrl || undefined, {
    missing: 'SHOPIFY_BASE_URL is not set and no Shopify sandbox is running: set SHOPIFY_BASE_URL to https://{shop}.myshopify.com',
    config: (baseUrl, { apiVersion, webhookSecret }) => parseShopifyConfig({ baseUrl, accessToken: SHOPIFY_SANDBOX_CREDENTIALS.accessToken, apiVersion, webhookSecret }),
  });
}

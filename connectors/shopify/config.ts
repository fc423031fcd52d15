import { z } from 'zod';
import { SHOPIFY_SANDBOX_CREDENTIALS } from './sandbox/credentials.js';

const API_VERSION = /^(?:\d{4}-(?:01|04|07|10)|unstable)$/;

/** The validated settings of the Shopify connector. */
export const shopifyConfigSchema = z.object({
  /** The store's base URL, e.g. `https://{shop}.myshopify.com` (no credentials in it). */
  baseUrl: z.url({ protocol: /^https?$/ }).refine((url) => !/\/\/[^/]*@/.test(url), 'must not carry credentials'),
  /** Admin API access token of the app, sent as `X-Shopify-Access-Token`. */
  accessToken: z.string().min(1),
  /** Admin API version in the request path. */
  apiVersion: z.string().regex(API_VERSION, 'must look like 2025-01').default('2025-01'),
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

const setting = (env: Readonly<Record<string, string | undefined>>, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/**
 * Builds the connector config from the runtime settings (SHOPIFY_BASE_URL, SHOPIFY_ACCESS_TOKEN, SHOPIFY_API_VERSION,
 * SHOPIFY_WEBHOOK_SECRET). Without SHOPIFY_BASE_URL it points at the embedded sandbox (`sandboxUrl`) with the sandbox's
 * credentials. Throws an Error naming the variable and the fix; the message never contains a value.
 */
export function shopifyConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: { sandboxUrl?: string } = {},
): ShopifyConfig {
  const apiVersion = setting(env, 'SHOPIFY_API_VERSION') ?? '2025-01';
  if (!API_VERSION.test(apiVersion)) {
    throw new Error('SHOPIFY_API_VERSION is not a Shopify API version: set it to a release such as 2025-01, or unset it to use 2025-01');
  }
  const webhookSecret = setting(env, 'SHOPIFY_WEBHOOK_SECRET');
  const baseUrl = setting(env, 'SHOPIFY_BASE_URL');
  if (baseUrl === undefined) {
    if (!options.sandboxUrl) {
      throw new Error('SHOPIFY_BASE_URL is not set and no Shopify sandbox is running: set SHOPIFY_BASE_URL to https://{shop}.myshopify.com');
    }
    return parseShopifyConfig({ baseUrl: options.sandboxUrl, accessToken: SHOPIFY_SANDBOX_CREDENTIALS.accessToken, apiVersion, webhookSecret });
  }
  if (!shopifyConfigSchema.shape.baseUrl.safeParse(baseUrl).success) {
    throw new Error('SHOPIFY_BASE_URL is not a usable URL: set it to the store URL, e.g. https://{shop}.myshopify.com, without credentials in it');
  }
  const accessToken = setting(env, 'SHOPIFY_ACCESS_TOKEN');
  if (accessToken === undefined) {
    throw new Error('SHOPIFY_ACCESS_TOKEN is not set but SHOPIFY_BASE_URL is: set it to the Admin API access token of your app (read_customers, read_orders)');
  }
  return parseShopifyConfig({ baseUrl, accessToken, apiVersion, webhookSecret });
}

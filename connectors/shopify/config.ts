import { z } from 'zod';
import { optionalSetting, reportSetting } from '../shared/index.js';
import { SHOPIFY_SANDBOX_CREDENTIALS } from './sandbox/index.js';

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

/** What the environment says about Shopify: a real store's validated config, or the embedded sandbox. */
export type ShopifyTarget =
  | { target: 'account'; config: ShopifyConfig }
  | { target: 'sandbox'; apiVersion: string; webhookSecret?: string };

/**
 * The Shopify slice of the settings: SHOPIFY_BASE_URL, SHOPIFY_ACCESS_TOKEN, SHOPIFY_API_VERSION and
 * SHOPIFY_WEBHOOK_SECRET. Without SHOPIFY_BASE_URL the connector targets the embedded sandbox. Each problem names
 * the variable and the fix; no message contains a value.
 */
export const shopifySettings = z
  .object({
    SHOPIFY_BASE_URL: optionalSetting,
    SHOPIFY_ACCESS_TOKEN: optionalSetting,
    SHOPIFY_API_VERSION: optionalSetting,
    SHOPIFY_WEBHOOK_SECRET: optionalSetting,
  })
  .transform((env, ctx): ShopifyTarget => {
    const apiVersion = env.SHOPIFY_API_VERSION ?? '2025-01';
    const webhookSecret = env.SHOPIFY_WEBHOOK_SECRET;
    const { SHOPIFY_BASE_URL: baseUrl, SHOPIFY_ACCESS_TOKEN: accessToken } = env;
    const problems: [string, string][] = [];
    if (!API_VERSION.test(apiVersion)) {
      problems.push(['SHOPIFY_API_VERSION', 'SHOPIFY_API_VERSION is not a Shopify API version: set it to a release such as 2025-01, or unset it to use 2025-01']);
    }
    if (baseUrl !== undefined && !shopifyConfigSchema.shape.baseUrl.safeParse(baseUrl).success) {
      problems.push(['SHOPIFY_BASE_URL', 'SHOPIFY_BASE_URL is not a usable URL: set it to the store URL, e.g. https://{shop}.myshopify.com, without credentials in it']);
    }
    if (baseUrl !== undefined && accessToken === undefined) {
      problems.push(['SHOPIFY_ACCESS_TOKEN', 'SHOPIFY_ACCESS_TOKEN is not set but SHOPIFY_BASE_URL is: set it to the Admin API access token of your app (read_customers, read_orders)']);
    }
    for (const [variable, message] of problems) reportSetting(ctx, variable, message);
    if (problems.length > 0) return z.NEVER;
    if (baseUrl === undefined || accessToken === undefined) return { target: 'sandbox', apiVersion, ...(webhookSecret ? { webhookSecret } : {}) };
    return { target: 'account', config: parseShopifyConfig({ baseUrl, accessToken, apiVersion, webhookSecret }) };
  });

/** The connector's config: the store's, or the embedded sandbox's at `sandboxUrl` with the sandbox's credentials. */
export function resolveShopifyConfig(settings: ShopifyTarget, options: { sandboxUrl?: string } = {}): ShopifyConfig {
  if (settings.target === 'account') return settings.config;
  if (!options.sandboxUrl) {
    throw new Error('SHOPIFY_BASE_URL is not set and no Shopify sandbox is running: set SHOPIFY_BASE_URL to https://{shop}.myshopify.com');
  }
  return parseShopifyConfig({ baseUrl: options.sandboxUrl, accessToken: SHOPIFY_SANDBOX_CREDENTIALS.accessToken, apiVersion: settings.apiVersion, webhookSecret: settings.webhookSecret });
}

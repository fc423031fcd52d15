import { z } from 'zod';
import { connectorSettings, resolveTarget, type ConnectorTarget, type SettingProblem } from '../shared/index.js';
import { HUBSPOT_SANDBOX_CREDENTIALS } from './sandbox/index.js';

/** The validated settings of a HubSpot connector. */
export const hubspotConfigSchema = z.object({
  /** API base, `https://api.hubapi.com` in production. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Private app (or OAuth) access token, sent as a Bearer token. */
  accessToken: z.string().min(1),
  /** The app's client secret: verifies webhook signatures. Optional until webhooks are served. */
  clientSecret: z.string().min(1).optional(),
  /** Upper bound of one HTTP attempt, in ms. */
  attemptTimeoutMs: z.number().int().positive().optional(),
  /** Attempts per call, the first included. */
  maxAttempts: z.number().int().min(1).max(10).optional(),
  /** Pages one listing or search may follow before it stops. */
  maxPages: z.number().int().min(1).max(500).default(50),
  /** Requests in flight at once for one batched call. */
  concurrency: z.number().int().min(1).max(16).default(4),
  /** The subscription a marketing email consent grant subscribes the address to (the sandbox's "Marketing Information"). */
  marketingSubscriptionId: z.string().regex(/^\d+$/).default('1133224'),
});

/** Settings a HubSpot connector is created from (defaults filled in by validation). */
export type HubSpotConfig = z.input<typeof hubspotConfigSchema>;

/** Settings after validation, with defaults applied. */
export type ResolvedHubSpotConfig = z.output<typeof hubspotConfigSchema>;

const ENV_OF: Readonly<Record<string, string>> = {
  baseUrl: 'HUBSPOT_BASE_URL',
  accessToken: 'HUBSPOT_ACCESS_TOKEN',
  clientSecret: 'HUBSPOT_CLIENT_SECRET',
  marketingSubscriptionId: 'HUBSPOT_MARKETING_SUBSCRIPTION_ID',
};

const FIX_OF: Readonly<Record<string, string>> = {
  baseUrl: 'set it to the API base URL, e.g. https://api.hubapi.com, or unset it to use the sandbox',
  accessToken:
    'set it to the access token of a HubSpot private app with scope crm.objects.contacts.read (privacy operations also need crm.objects.contacts.write and communication_preferences.read_write)',
  clientSecret: 'set it to the client secret of the HubSpot app, or unset it',
  marketingSubscriptionId: 'set it to the numeric id of the marketing email subscription type (Settings > Marketing > Email > Subscriptions), or unset it to use 1133224',
};

/** One line per problem, naming the variable (or field) and the fix, never the value. */
function describe(issue: z.core.$ZodIssue): SettingProblem {
  const field = String(issue.path[0] ?? 'config');
  const setting = ENV_OF[field] ?? field;
  const name = ENV_OF[field] ? `${setting} (${field})` : field;
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  return { setting, line: `${name} is ${missing ? 'missing' : 'invalid'}: ${FIX_OF[field] ?? issue.message}` };
}

/** Validates connector settings; the error names the setting and the fix, never its value. */
export function parseHubSpotConfig(input: unknown): ResolvedHubSpotConfig {
  const parsed = hubspotConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(`HubSpot connector config: ${parsed.error.issues.map((issue) => describe(issue).line).join('; ')}`);
}

/** What the environment says about HubSpot: a real account's validated config, or the embedded sandbox. */
export type HubSpotTarget = ConnectorTarget<ResolvedHubSpotConfig, { marketingSubscriptionId: string; clientSecret?: string }>;

/**
 * The HubSpot slice of the settings: `HUBSPOT_BASE_URL`, `HUBSPOT_ACCESS_TOKEN`, `HUBSPOT_CLIENT_SECRET` and
 * `HUBSPOT_MARKETING_SUBSCRIPTION_ID`. Without `HUBSPOT_BASE_URL` the connector targets the embedded sandbox.
 */
export const hubspotSettings = connectorSettings({
  schema: hubspotConfigSchema,
  variables: { baseUrl: 'HUBSPOT_BASE_URL', ...ENV_OF },
  // A sandboxed HubSpot still takes HUBSPOT_CLIENT_SECRET: set, the gateway verifies the sandbox's webhooks with it.
  sandbox: ['marketingSubscriptionId', 'clientSecret'],
  describe,
});

/**
 * The connector's config: the account's, or the embedded sandbox's at `sandboxUrl` with the sandbox's credentials
 * (and HUBSPOT_CLIENT_SECRET if set; otherwise the gateway generates a key for the embedded sandbox).
 */
export function resolveHubSpotConfig(settings: HubSpotTarget, { sandboxUrl }: { sandboxUrl?: string } = {}): ResolvedHubSpotConfig {
  return resolveTarget(settings, sandboxUrl, {
    missing: 'HUBSPOT_BASE_URL is not set and no HubSpot sandbox is running: set HUBSPOT_BASE_URL (e.g. https://api.hubapi.com) and HUBSPOT_ACCESS_TOKEN, or start the sandbox',
    config: (baseUrl, { marketingSubscriptionId, clientSecret }) => parseHubSpotConfig({ baseUrl, ...HUBSPOT_SANDBOX_CREDENTIALS, marketingSubscriptionId, ...(clientSecret ? { clientSecret } : {}) }),
  });
}

import { z } from 'zod';
import { connectorSettings, resolveTarget, type ConnectorTarget, type SettingProblem } from '../shared/index.js';
import { ZENDESK_SANDBOX_CREDENTIALS } from './auth.js';

const baseUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  })
  .transform((value) => value.replace(/\/+$/, ''));

/** The validated settings of the Zendesk connector. */
export const zendeskConfigSchema = z.object({
  /** `https://{subdomain}.zendesk.com`. */
  baseUrl,
  /** The agent the API token belongs to. */
  email: z.email(),
  apiToken: z.string().trim().min(1),
  /** Verifies Zendesk webhook signatures; optional until webhooks are consumed. */
  webhookSecret: z.string().min(1).optional(),
  /** Upper bound of one HTTP attempt, further cut by the caller's deadline. */
  attemptTimeoutMs: z.number().int().positive().optional(),
});

/** Settings of the Zendesk connector, as a caller writes them. */
export type ZendeskConfig = z.input<typeof zendeskConfigSchema>;

/** Settings of the Zendesk connector once validated (trailing slash of the base URL removed). */
export type ZendeskSettings = z.output<typeof zendeskConfigSchema>;

/** The environment setting behind each config field, and how to fix it. Messages never carry the value. */
const SETTINGS: Readonly<Record<string, { env: string; fix: string }>> = {
  baseUrl: { env: 'ZENDESK_BASE_URL', fix: 'set it to your account URL, e.g. https://yoursubdomain.zendesk.com (no path, query or credentials)' },
  email: { env: 'ZENDESK_EMAIL', fix: 'set it to the email address of the agent who owns the API token' },
  apiToken: { env: 'ZENDESK_API_TOKEN', fix: 'set it to an API token from Admin Center > Apps and integrations > Zendesk API' },
  webhookSecret: { env: 'ZENDESK_WEBHOOK_SECRET', fix: 'set it to the webhook signing secret, or leave it unset' },
  attemptTimeoutMs: { env: 'attemptTimeoutMs', fix: 'pass a positive integer number of milliseconds' },
};

/** One line per problem: the variable at fault and the fix, never the value. */
function describe(issue: z.core.$ZodIssue): SettingProblem {
  const field = String(issue.path[0] ?? '');
  const setting = SETTINGS[field];
  return setting ? { setting: setting.env, line: `${setting.env} is missing or invalid: ${setting.fix}` } : { setting: field, line: `unexpected setting "${field}"` };
}

/** Validates connector settings; an invalid one throws an Error naming the setting and the fix. */
export function parseZendeskConfig(input: unknown): ZendeskSettings {
  const parsed = zendeskConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(`Zendesk connector configuration: ${[...new Set(parsed.error.issues.map((issue) => describe(issue).line))].join('; ')}`);
}

/** What the environment says about Zendesk: a real account's validated config, or the embedded sandbox. */
export type ZendeskTarget = ConnectorTarget<ZendeskSettings, { webhookSecret?: string }>;

/**
 * The Zendesk slice of the settings: `ZENDESK_BASE_URL`, `ZENDESK_EMAIL`, `ZENDESK_API_TOKEN` and
 * `ZENDESK_WEBHOOK_SECRET`. Without `ZENDESK_BASE_URL` the connector targets the embedded sandbox.
 */
export const zendeskSettings = connectorSettings({
  schema: zendeskConfigSchema,
  variables: { baseUrl: 'ZENDESK_BASE_URL', email: 'ZENDESK_EMAIL', apiToken: 'ZENDESK_API_TOKEN', webhookSecret: 'ZENDESK_WEBHOOK_SECRET' },
  sandbox: ['webhookSecret'],
  describe,
});

/** The connector's config: the account's, or the embedded sandbox's at `sandboxUrl` with the sandbox's credentials. */
export function resolveZendeskConfig(settings: ZendeskTarget, { sandboxUrl }: { sandboxUrl?: string } = {}): ZendeskSettings {
  return resolveTarget(settings, sandboxUrl, {
    missing: `Zendesk connector configuration: ZENDESK_BASE_URL is not set: ${SETTINGS.baseUrl?.fix}, or start the embedded sandbox`,
    config: (baseUrl, { webhookSecret }) => parseZendeskConfig({ baseUrl, ...ZENDESK_SANDBOX_CREDENTIALS, webhookSecret }),
  });
}

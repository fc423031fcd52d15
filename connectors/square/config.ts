import { z } from 'zod';
import { connectorSettings, resolveTarget, type ConnectorTarget, type SettingProblem } from '../shared/index.js';
import { DEFAULT_SQUARE_VERSION, SQUARE_VERSION_SHAPE, SQUARE_VERSIONS } from './api-versions.js';
import { SQUARE_SANDBOX_CREDENTIALS } from './sandbox/index.js';

/** The validated settings of a Square connector. */
export const squareConfigSchema = z.object({
  /** `https://connect.squareup.com` in production, `https://connect.squareupsandbox.com` for Square's sandbox. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Personal access token or OAuth token (CUSTOMERS_READ, ORDERS_READ; CUSTOMERS_WRITE for erasure), sent as a Bearer token. */
  accessToken: z.string().min(1),
  /** Pins the response shapes (`Square-Version` header). */
  squareVersion: z.string().regex(SQUARE_VERSION_SHAPE).default(DEFAULT_SQUARE_VERSION),
  /** Webhook subscription signature key; optional until webhooks are served. */
  signatureKey: z.string().min(1).optional(),
  /** Upper bound of one HTTP attempt, in ms. */
  attemptTimeoutMs: z.number().int().positive().optional(),
  /** Attempts per call, the first included. */
  maxAttempts: z.number().int().min(1).max(10).optional(),
  /** Pages one search or listing follows at most. */
  maxPages: z.number().int().min(1).max(200).default(20),
  /** Customer searches in flight at once (Square cannot OR filters, so findContacts searches once per key). */
  searchConcurrency: z.number().int().min(1).max(32).default(8),
});

/** Settings a Square connector is created from; defaults are filled in on validation. */
export type SquareConfig = z.input<typeof squareConfigSchema>;

/** Square settings after validation. */
export type ResolvedSquareConfig = z.output<typeof squareConfigSchema>;

/** Where each setting comes from and how to fix it; messages never carry the value. */
const SETTINGS: Readonly<Record<string, { env?: string; fix: string }>> = {
  baseUrl: { env: 'SQUARE_BASE_URL', fix: 'use an http(s) URL such as https://connect.squareup.com, or unset it to use the sandbox' },
  accessToken: { env: 'SQUARE_ACCESS_TOKEN', fix: 'set it to a Square access token with CUSTOMERS_READ, ORDERS_READ and CUSTOMERS_WRITE' },
  squareVersion: { env: 'SQUARE_VERSION', fix: `use a release date like ${DEFAULT_SQUARE_VERSION} (supported: ${SQUARE_VERSIONS.join(', ')}), or unset it` },
  signatureKey: { env: 'SQUARE_SIGNATURE_KEY', fix: 'set it to the webhook subscription signature key, or unset it' },
};

/** One line per problem: the variable at fault and the fix, never the value. */
function describe({ path }: z.core.$ZodIssue, input: unknown): SettingProblem {
  const given = (input ?? {}) as Record<string, unknown>;
  const field = String(path[0] ?? 'config');
  const setting = SETTINGS[field];
  const label = setting?.env ? `${setting.env} (${field})` : field;
  return { setting: setting?.env ?? field, line: `${label} is ${given[field] === undefined ? 'missing' : 'invalid'}: ${setting?.fix ?? 'see SquareConfig'}` };
}

/** Validates Square settings once; the error names each bad setting and its fix, never its value. */
export function parseSquareConfig(input: unknown): ResolvedSquareConfig {
  const result = squareConfigSchema.safeParse(input);
  if (!result.success) throw new Error(`Square connector config: ${result.error.issues.map((issue) => describe(issue, input).line).join('; ')}`);
  return result.data;
}

/** What the environment says about Square: a real account's validated config, or the embedded sandbox. */
export type SquareTarget = ConnectorTarget<ResolvedSquareConfig, { squareVersion: string; signatureKey?: string }>;

/**
 * The Square slice of the settings: `SQUARE_BASE_URL`, `SQUARE_ACCESS_TOKEN`, `SQUARE_VERSION` and
 * `SQUARE_SIGNATURE_KEY`. Without `SQUARE_BASE_URL` the connector targets the embedded sandbox with its credentials
 * (and SQUARE_SIGNATURE_KEY if set; otherwise the gateway generates a key for the embedded sandbox).
 */
export const squareSettings = connectorSettings({
  schema: squareConfigSchema,
  variables: { baseUrl: 'SQUARE_BASE_URL', accessToken: 'SQUARE_ACCESS_TOKEN', squareVersion: 'SQUARE_VERSION', signatureKey: 'SQUARE_SIGNATURE_KEY' },
  // A sandboxed Square still takes SQUARE_SIGNATURE_KEY: set, the gateway verifies the sandbox's webhooks with it.
  sandbox: ['squareVersion', 'signatureKey'],
  describe,
});

/** The connector's config: the account's, or the embedded sandbox's at `sandboxUrl` with the sandbox's credentials. */
export function resolveSquareConfig(settings: SquareTarget, { sandboxUrl }: { sandboxUrl?: string } = {}): ResolvedSquareConfig {
  return resolveTarget(settings, sandboxUrl, {
    missing: 'Square connector config: SQUARE_BASE_URL is not set and no Square sandbox is running: set SQUARE_BASE_URL and SQUARE_ACCESS_TOKEN, or start the embedded sandbox',
    config: (baseUrl, { squareVersion, signatureKey }) => parseSquareConfig({ baseUrl, squareVersion, ...SQUARE_SANDBOX_CREDENTIALS, ...(signatureKey ? { signatureKey } : {}) }),
  });
}

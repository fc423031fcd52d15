import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const positiveMs = z.coerce.number().int().positive();
const optionalString = z.string().trim().min(1).optional();
const count = z.coerce.number().int().min(0);

const schema = z.object({
  PORT: port.default(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  AUTH_JWT_SECRET: optionalString,
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  GATEWAY_SECRET: optionalString,
  REQUEST_DEADLINE_MS: positiveMs.default(3000),
  SILO_TIMEOUT_MS: positiveMs.optional(),
  DEFAULT_PHONE_REGION: z.string().trim().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as US').default('US'),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(30),
  PUBLIC_URL: z.url().optional(),
  SANDBOX_SEED: z.coerce.number().int().default(42),
  SANDBOX_PEOPLE: z.coerce.number().int().positive().max(200_000).default(2000),
  SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).default(0),
  REDIS_URL: optionalString,
  DATABASE_URL: optionalString,
  AUDIT_MAX_QUEUED: z.coerce.number().int().positive().default(10_000),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  // Logging and GraphQL hardening (src/logging, src/server/limits).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(262_144),
  MAX_QUERY_DEPTH: count.min(1).default(8),
  MAX_QUERY_ALIASES: count.default(30),
  MAX_QUERY_TOKENS: count.min(1).default(2000),
  MAX_QUERY_DIRECTIVES: count.default(50),
  MAX_QUERY_FIELDS: count.min(1).default(500),
  MAX_QUERY_COST: count.min(1).default(20_000),
  ALLOW_INTROSPECTION: z.stringbool().default(false),
  // Privacy operations (src/privacy).
  EXPORT_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  ERASURE_POLL_MS: positiveMs.default(1000),
  ERASURE_LEASE_MS: positiveMs.default(60_000),
  ERASURE_RETRY_BASE_MS: positiveMs.default(1000),
  ERASURE_RETRY_CAP_MS: positiveMs.default(300_000),
  ERASURE_VENDOR_POLL_MS: positiveMs.default(30_000),
  ERASURE_CALL_TIMEOUT_MS: positiveMs.default(10_000),
  SANDBOX_SHOPIFY_ERASURE_DELAY_MS: z.coerce.number().int().min(0).default(5000),
});

/** The gateway's validated settings (DESIGN.md, "Runtime interface"). */
export type Settings = z.infer<typeof schema> & {
  /** Every variable, for connectors that read their own settings. */
  env: Readonly<Record<string, string | undefined>>;
};

/** Validates the environment; an error names each bad setting and what it expects, never its value. */
export function loadSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid settings: ${problems}`);
  }
  return { ...parsed.data, env };
}

import { z } from 'zod';
import { optionalText } from './setting-values.js';

/**
 * How bearer tokens are verified: AUTH_JWT_SECRET, AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE (none: demo mode), and
 * the time rules: AUTH_CLOCK_SKEW_SECONDS (how far in the future `iat` may be) and AUTH_MAX_TOKEN_LIFETIME_SECONDS.
 */
export const authSettings = z
  .object({
    AUTH_JWT_SECRET: optionalText,
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: optionalText,
    AUTH_AUDIENCE: optionalText,
    AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 60 * 60).default(24 * 60 * 60),
  })
  .transform((s) => ({
    jwtSecret: s.AUTH_JWT_SECRET,
    jwksUrl: s.AUTH_JWKS_URL,
    issuer: s.AUTH_ISSUER,
    audience: s.AUTH_AUDIENCE,
    clockSkewSeconds: s.AUTH_CLOCK_SKEW_SECONDS,
    maxTokenLifetimeSeconds: s.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
  }));

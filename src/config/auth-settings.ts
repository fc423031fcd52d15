import { z } from 'zod';
import { optionalText } from './setting-values.js';

/** How bearer tokens are verified: AUTH_JWT_SECRET, AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE (none: demo mode). */
export const authSettings = z
  .object({
    AUTH_JWT_SECRET: optionalText,
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: optionalText,
    AUTH_AUDIENCE: optionalText,
  })
  .transform((s) => ({ jwtSecret: s.AUTH_JWT_SECRET, jwksUrl: s.AUTH_JWKS_URL, issuer: s.AUTH_ISSUER, audience: s.AUTH_AUDIENCE }));

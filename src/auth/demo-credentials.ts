import { randomBytes } from 'node:crypto';
import type { AuthSettings } from './authenticator.js';
import { issueToken } from './issue-token.js';
import { ROLES, type Role } from './principal.js';
import { DEFAULT_TOKEN_TIME_RULES } from './token-times.js';

/** How callers authenticate: the configured settings, or in demo mode a secret generated for this process. */
export interface Credentials {
  auth: AuthSettings;
  /** Demo mode only (no AUTH_JWT_SECRET, no AUTH_JWKS_URL): one token per role, signed with the generated secret. */
  demoTokens(): Promise<ReadonlyMap<Role, string> | null>;
}

/** How long a demo token lives: 12 hours, or the longest lifetime the gateway accepts when that is shorter. */
const DEMO_TOKEN_SECONDS = 12 * 60 * 60;

/**
 * The credentials a gateway verifies. With neither an HS256 secret nor a JWKS configured it runs in demo mode: a
 * random secret that lives as long as the process, and a token per role for `npm start` to print, living 12 hours
 * or `maxTokenLifetimeSeconds` if shorter (so the gateway accepts its own demo tokens). A configured secret never
 * signs a demo token.
 */
export function demoCredentials(configured: AuthSettings): Credentials {
  const demo = !configured.jwtSecret && !configured.jwksUrl;
  if (!demo) return { auth: configured, demoTokens: async () => null };
  const jwtSecret = randomBytes(32).toString('base64url');
  const expiresIn = Math.min(DEMO_TOKEN_SECONDS, configured.maxTokenLifetimeSeconds ?? DEFAULT_TOKEN_TIME_RULES.maxLifetimeSeconds);
  return {
    auth: { ...configured, jwtSecret },
    demoTokens: async () =>
      new Map(await Promise.all(ROLES.map(async (role) => [role, await issueToken(jwtSecret, { sub: `demo-${role}`, roles: [role] }, { expiresIn })] as const))),
  };
}

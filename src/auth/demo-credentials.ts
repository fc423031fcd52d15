import { randomBytes } from 'node:crypto';
import type { AuthSettings } from './authenticator.js';
import { issueToken } from './issue-token.js';
import { ROLES, type Role } from './principal.js';

/** How callers authenticate: the configured settings, or in demo mode a secret generated for this process. */
export interface Credentials {
  auth: AuthSettings;
  /** Demo mode only (no AUTH_JWT_SECRET, no AUTH_JWKS_URL): one token per role, signed with the generated secret. */
  demoTokens(): Promise<ReadonlyMap<Role, string> | null>;
}

/**
 * The credentials a gateway verifies. With neither an HS256 secret nor a JWKS configured it runs in demo mode: a
 * random secret that lives as long as the process, and a 12-hour token per role for `npm start` to print. A
 * configured secret never signs a demo token.
 */
export function demoCredentials(configured: AuthSettings): Credentials {
  const demo = !configured.jwtSecret && !configured.jwksUrl;
  if (!demo) return { auth: configured, demoTokens: async () => null };
  const jwtSecret = randomBytes(32).toString('base64url');
  return {
    auth: { ...configured, jwtSecret },
    demoTokens: async () => new Map(await Promise.all(ROLES.map(async (role) => [role, await issueToken(jwtSecret, { sub: `demo-${role}`, roles: [role] })] as const))),
  };
}

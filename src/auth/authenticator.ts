import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Unauthenticated } from '../errors/index.js';
import { isRole, type Principal } from './principal.js';
import { checkTokenTimes, DEFAULT_TOKEN_TIME_RULES } from './token-times.js';

/** How bearer tokens are verified: an HS256 secret, an identity provider's JWKS, or both. */
export interface AuthSettings {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** AUTH_CLOCK_SKEW_SECONDS: how far ahead of this clock a token's `iat` may be (default 60). */
  clockSkewSeconds?: number;
  /** AUTH_MAX_TOKEN_LIFETIME_SECONDS: the longest `exp − iat` (or `exp − now`) accepted (default 86400). */
  maxTokenLifetimeSeconds?: number;
}

/** What an authenticator is made with besides its settings. */
export interface AuthenticatorOptions {
  /** Epoch ms, injectable for tests (expiry, `iat` and lifetime are judged by it). */
  now?: () => number;
}

/** Verifies a request's `Authorization` header into a principal, or throws UNAUTHENTICATED. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim rejected: ${error.claim}`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  return 'token invalid';
}

/** Creates the verifier. Exactly the algorithms of the configured key sources are accepted; `none` never is. */
export function createAuthenticator(settings: AuthSettings, { now = Date.now }: AuthenticatorOptions = {}): Authenticator {
  const secret = settings.jwtSecret ? new TextEncoder().encode(settings.jwtSecret) : undefined;
  const jwks: JWTVerifyGetKey | undefined = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 2000, cooldownDuration: 30_000 })
    : undefined;
  if (!secret && !jwks) throw new Error('AUTH_JWT_SECRET or AUTH_JWKS_URL must be set');
  const claims = {
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
    requiredClaims: ['sub', 'exp'],
  };
  const rules = {
    clockSkewSeconds: settings.clockSkewSeconds ?? DEFAULT_TOKEN_TIME_RULES.clockSkewSeconds,
    maxLifetimeSeconds: settings.maxTokenLifetimeSeconds ?? DEFAULT_TOKEN_TIME_RULES.maxLifetimeSeconds,
  };

  async function verify(token: string, at: Date): Promise<JWTPayload> {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg === 'HS256' && secret) {
      return (await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'], currentDate: at })).payload;
    }
    if (jwks && (header.alg === 'RS256' || header.alg === 'ES256')) {
      return (await jwtVerify(token, jwks, { ...claims, algorithms: ['RS256', 'ES256'], currentDate: at })).payload;
    }
    throw new Unauthenticated('token algorithm not allowed');
  }

  return {
    async authenticate(authorization) {
      if (!authorization) throw new Unauthenticated('missing bearer token');
      const match = BEARER.exec(authorization.trim());
      if (!match?.[1]) throw new Unauthenticated('malformed Authorization header: expected "Bearer <jwt>"');
      let payload: JWTPayload;
      const at = now();
      try {
        payload = await verify(match[1], new Date(at));
      } catch (error) {
        if (error instanceof Error && 'extensions' in error) throw error;
        throw new Unauthenticated(reason(error));
      }
      checkTokenTimes(payload, Math.floor(at / 1000), rules);
      const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
      if (roles.length === 0) throw new Unauthenticated('token grants no known role');
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new Unauthenticated('token has no subject');
      return { sub: payload.sub, roles: [...new Set(roles)] };
    },
  };
}

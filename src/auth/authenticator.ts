import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { UnsecuredJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
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
  /** Verified tokens kept (by their hash) so that a client's next request skips the signature check; 0: none. */
  verifiedTokens?: number;
}

/** How long a verified token is trusted without checking it again, at most (never past its `exp`). */
export const VERIFIED_TOKEN_MS = 60_000;

/** Verifies a request's `Authorization` header into a principal, or throws UNAUTHENTICATED. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

const UNSECURED_HEADER = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');

/**
 * HS256 with Node's own HMAC, synchronously: jose checks HMACs through WebCrypto only, an asynchronous job per token
 * that cost six times the CPU of `createHmac`, on every request. The claims are still checked by jose, as before:
 * once the signature holds, the same payload is handed to `UnsecuredJWT.decode` with the same options (the
 * required claims, exp, nbf, iss, aud), so only the signature check is ours. The signature must be the canonical
 * base64url of the HMAC, compared in constant time; a `crit` header is refused, as jose refuses unknown ones.
 */
function verifyHs256(token: string, header: { crit?: unknown }, key: KeyObject, options: Parameters<typeof UnsecuredJWT.decode>[1]): JWTPayload {
  const [encodedHeader = '', payload = '', signature = ''] = token.split('.');
  if (header.crit !== undefined) throw new joseErrors.JWSInvalid('"crit" header parameters are not supported');
  const expected = Buffer.from(createHmac('sha256', key).update(`${encodedHeader}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new joseErrors.JWSSignatureVerificationFailed();
  return UnsecuredJWT.decode(`${UNSECURED_HEADER}.${payload}.`, options).payload;
}

function reason(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim rejected: ${error.claim}`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  return 'token invalid';
}

/** Creates the verifier. Exactly the algorithms of the configured key sources are accepted; `none` never is. */
export function createAuthenticator(settings: AuthSettings, options: AuthenticatorOptions = {}): Authenticator {
  const now = options.now ?? Date.now;
  const secret = settings.jwtSecret ? createSecretKey(Buffer.from(settings.jwtSecret, 'utf8')) : undefined;
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
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown; crit?: unknown };
    if (header.alg === 'HS256' && secret) return verifyHs256(token, header, secret, { ...claims, currentDate: at });
    if (jwks && (header.alg === 'RS256' || header.alg === 'ES256')) {
      return (await jwtVerify(token, jwks, { ...claims, algorithms: ['RS256', 'ES256'], currentDate: at })).payload;
    }
    throw new Unauthenticated('token algorithm not allowed');
  }

  async function principalOf(token: string, at: number): Promise<{ principal: Principal; exp: number }> {
    let payload: JWTPayload;
    try {
      payload = await verify(token, new Date(at));
    } catch (error) {
      if (error instanceof Error && 'extensions' in error) throw error;
      throw new Unauthenticated(reason(error));
    }
    checkTokenTimes(payload, Math.floor(at / 1000), rules);
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (roles.length === 0) throw new Unauthenticated('token grants no known role');
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new Unauthenticated('token has no subject');
    // jose has required a numeric exp.
    return { principal: { sub: payload.sub, roles: [...new Set(roles)] }, exp: (payload.exp as number) * 1000 };
  }

  // Only tokens that passed every check (the time rules only get easier to meet as time passes), by a hash of the
  // token (the cache holds no bearer credential), each until its exp or VERIFIED_TOKEN_MS, whichever comes first.
  // A key rotation reaches a cached token within that.
  const size = options.verifiedTokens ?? 10_000;
  const verified = size > 0 ? new LRUCache<string, { principal: Principal; until: number }>({ max: size }) : undefined;
  const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  return {
    async authenticate(authorization) {
      if (!authorization) throw new Unauthenticated('missing bearer token');
      const match = BEARER.exec(authorization.trim());
      if (!match?.[1]) throw new Unauthenticated('malformed Authorization header: expected "Bearer <jwt>"');
      const at = now();
      if (!verified) return (await principalOf(match[1], at)).principal;
      const key = hashOf(match[1]);
      const hit = verified.get(key);
      if (hit && at < hit.until) return { sub: hit.principal.sub, roles: [...hit.principal.roles] };
      const { principal, exp } = await principalOf(match[1], at);
      verified.set(key, { principal: { sub: principal.sub, roles: [...principal.roles] }, until: Math.min(exp, at + VERIFIED_TOKEN_MS) });
      return principal;
    },
  };
}

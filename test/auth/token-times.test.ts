import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, demoCredentials, issueToken } from '../../src/auth/index.js';
import { loadSettings } from '../../src/settings.js';

const SECRET = 'token-times-secret-that-is-long-enough-for-hs256';
const key = new TextEncoder().encode(SECRET);
const NOW = Date.parse('2026-03-01T12:00:00Z');
const nowSeconds = NOW / 1000;
const HOUR = 3600;
const bearer = (token: string) => `Bearer ${token}`;
/** A hand-made HS256 token with exactly the given times (epoch seconds); `iat: null` leaves it out. */
const tokenWith = ({ iat, exp }: { iat: number | null; exp: number }) => {
  let jwt = new SignJWT({ roles: ['support'] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('agent-1').setExpirationTime(exp);
  if (iat !== null) jwt = jwt.setIssuedAt(iat);
  return jwt.sign(key);
};

/** The code and status a refusal carries (and that the message names no token part). */
async function refusal(attempt: Promise<unknown>, token: string) {
  const error = await attempt.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphQLError);
  const { message, extensions } = error as GraphQLError;
  for (const part of token.split('.')) expect(message).not.toContain(part);
  return { code: extensions.code, status: (extensions.http as { status?: number } | undefined)?.status, message };
}

describe('token time rules (injected clock)', () => {
  const auth = createAuthenticator({ jwtSecret: SECRET }, { now: () => NOW });

  it('accepts a token issued now that lives 24 hours, and one issued within the clock skew ahead', async () => {
    await expect(auth.authenticate(bearer(await tokenWith({ iat: nowSeconds, exp: nowSeconds + 24 * HOUR })))).resolves.toMatchObject({ sub: 'agent-1' });
    await expect(auth.authenticate(bearer(await tokenWith({ iat: nowSeconds + 60, exp: nowSeconds + HOUR })))).resolves.toMatchObject({ sub: 'agent-1' });
  });

  it('refuses a token whose iat is further in the future than the skew: 401 TOKEN_ISSUED_IN_FUTURE', async () => {
    const token = await tokenWith({ iat: nowSeconds + 61, exp: nowSeconds + HOUR });
    expect(await refusal(auth.authenticate(bearer(token)), token)).toMatchObject({ code: 'TOKEN_ISSUED_IN_FUTURE', status: 401 });
  });

  it('refuses a token whose exp − iat exceeds 24 hours by default: 401 TOKEN_LIFETIME_TOO_LONG', async () => {
    const token = await tokenWith({ iat: nowSeconds - HOUR, exp: nowSeconds - HOUR + 24 * HOUR + 1 });
    expect(await refusal(auth.authenticate(bearer(token)), token)).toMatchObject({ code: 'TOKEN_LIFETIME_TOO_LONG', status: 401 });
    const year = await tokenWith({ iat: nowSeconds, exp: nowSeconds + 365 * 24 * HOUR });
    expect(await refusal(auth.authenticate(bearer(year)), year)).toMatchObject({ code: 'TOKEN_LIFETIME_TOO_LONG' });
  });

  it('without iat, judges exp − now', async () => {
    await expect(auth.authenticate(bearer(await tokenWith({ iat: null, exp: nowSeconds + 24 * HOUR })))).resolves.toMatchObject({ sub: 'agent-1' });
    const token = await tokenWith({ iat: null, exp: nowSeconds + 24 * HOUR + 1 });
    expect(await refusal(auth.authenticate(bearer(token)), token)).toMatchObject({ code: 'TOKEN_LIFETIME_TOO_LONG' });
  });

  it('judges expiry by the same clock, and still requires exp', async () => {
    const token = await tokenWith({ iat: nowSeconds - 2 * HOUR, exp: nowSeconds - 1 });
    expect(await refusal(auth.authenticate(bearer(token)), token)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const noExp = await new SignJWT({ roles: ['support'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('agent-1').setIssuedAt(nowSeconds).sign(key);
    expect(await refusal(auth.authenticate(bearer(noExp)), noExp)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'token claim rejected: exp' });
  });

  it('takes the skew and the lifetime from AUTH_CLOCK_SKEW_SECONDS and AUTH_MAX_TOKEN_LIFETIME_SECONDS', async () => {
    const settings = loadSettings({ AUTH_JWT_SECRET: SECRET, AUTH_CLOCK_SKEW_SECONDS: '0', AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' });
    expect(settings.auth).toMatchObject({ clockSkewSeconds: 0, maxTokenLifetimeSeconds: 3600 });
    const strict = createAuthenticator(settings.auth, { now: () => NOW });
    await expect(strict.authenticate(bearer(await tokenWith({ iat: nowSeconds, exp: nowSeconds + HOUR })))).resolves.toMatchObject({ sub: 'agent-1' });
    const long = await tokenWith({ iat: nowSeconds, exp: nowSeconds + HOUR + 1 });
    expect(await refusal(strict.authenticate(bearer(long)), long)).toMatchObject({ code: 'TOKEN_LIFETIME_TOO_LONG' });
    const ahead = await tokenWith({ iat: nowSeconds + 1, exp: nowSeconds + HOUR });
    expect(await refusal(strict.authenticate(bearer(ahead)), ahead)).toMatchObject({ code: 'TOKEN_ISSUED_IN_FUTURE' });
    expect(() => loadSettings({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '10' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_SECONDS/);
    expect(() => loadSettings({ AUTH_CLOCK_SKEW_SECONDS: '-1' })).toThrow(/AUTH_CLOCK_SKEW_SECONDS/);
  });

  it('mints demo tokens and issueToken defaults within the limit, even a short configured one', async () => {
    const demo = demoCredentials(loadSettings({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).auth);
    const tokens = await demo.demoTokens();
    const verifier = createAuthenticator(demo.auth);
    for (const token of tokens?.values() ?? []) await expect(verifier.authenticate(bearer(token))).resolves.toMatchObject({ roles: [expect.any(String)] });
    const defaults = demoCredentials(loadSettings({}).auth);
    for (const token of (await defaults.demoTokens())?.values() ?? []) await expect(createAuthenticator(defaults.auth).authenticate(bearer(token))).resolves.toBeDefined();
    await expect(createAuthenticator({ jwtSecret: SECRET }).authenticate(bearer(await issueToken(SECRET, { sub: 'x', roles: ['admin'] })))).resolves.toMatchObject({ sub: 'x' });
  });
});

import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, issueToken } from '../../src/auth/index.js';
import { expectUnauthenticated } from './reject.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const auth = createAuthenticator({ jwtSecret: SECRET });
const key = new TextEncoder().encode(SECRET);
const bearer = (token: string) => `Bearer ${token}`;
const now = () => Math.floor(Date.now() / 1000);
/** A hand-made HS256 token, for claims issueToken would never produce. */
const sign = (claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt, secret = key) =>
  build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })).sign(secret);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('createAuthenticator with an HS256 secret', () => {
  it('accepts a token from issueToken and returns its subject and roles', async () => {
    const token = await issueToken(SECRET, { sub: 'agent-7', roles: ['support', 'privacy'] });
    await expect(auth.authenticate(bearer(token))).resolves.toEqual({ sub: 'agent-7', roles: ['support', 'privacy'] });
  });

  it('keeps known roles only, once each', async () => {
    const token = await sign({ sub: 'bi-job', roles: ['analyst', 'wizard', 'analyst'] }, (jwt) => jwt.setExpirationTime('5m'));
    await expect(auth.authenticate(bearer(token))).resolves.toEqual({ sub: 'bi-job', roles: ['analyst'] });
  });

  it('reads a numeric expiresIn as seconds from now, not as an epoch time', async () => {
    const token = await issueToken(SECRET, { sub: 'bench', roles: ['admin'] }, { expiresIn: 3600 });
    await expect(auth.authenticate(bearer(token))).resolves.toMatchObject({ sub: 'bench' });
  });

  it.each([undefined, ''])('rejects a missing Authorization header (%j)', async (header) => {
    expect(await expectUnauthenticated(auth.authenticate(header))).toBe('missing bearer token');
  });

  it.each(['Basic x', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer not-a-jwt', 'Token a.b.c'])('rejects the header %j', async (header) => {
    expect(await expectUnauthenticated(auth.authenticate(header))).toMatch(/malformed Authorization header/);
  });

  it('rejects three dot-separated segments that are not a JWT', async () => {
    await expectUnauthenticated(auth.authenticate('Bearer abc.def.ghi'));
    await expectUnauthenticated(auth.authenticate(`Bearer ${b64({ alg: 'HS256' })}.bm90LWpzb24.c2ln`));
  });

  it('rejects an unsigned alg "none" token', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', roles: ['admin'], exp: now() + 3600 })}.`;
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token algorithm not allowed');
  });

  it('rejects a token signed with another secret', async () => {
    const token = await issueToken('another-secret-that-is-also-long-enough', { sub: 'mallory', roles: ['admin'] });
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token signature invalid');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await issueToken(SECRET, { sub: 'agent-7', roles: ['support'] })).split('.');
    const forged = `${header}.${b64({ sub: 'agent-7', roles: ['admin'], exp: now() + 3600 })}.${signature}`;
    await expectUnauthenticated(auth.authenticate(bearer(forged)), forged);
  });

  it('rejects a token with a crit header, correctly signed', async () => {
    const header = b64({ alg: 'HS256', crit: ['urn:x'], 'urn:x': 1 });
    const payload = b64({ sub: 'agent-7', roles: ['support'], exp: now() + 600 });
    const token = `${header}.${payload}.${createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url')}`;
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token invalid');
  });

  it('rejects a signature that is not the canonical base64url of the HMAC', async () => {
    const token = await issueToken(SECRET, { sub: 'agent-7', roles: ['support'] });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // The last of 43 characters carries 4 bits and 2 unused ones: a sibling character decodes to the same bytes.
    const last = signature.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string;
    const altered = `${header}.${payload}.${signature.slice(0, -1)}${sibling}`;
    expect(Buffer.from(altered.split('.')[2] as string, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(await expectUnauthenticated(auth.authenticate(bearer(altered)), altered)).toBe('token signature invalid');
  });

  it('rejects an expired token', async () => {
    const token = await issueToken(SECRET, { sub: 'agent-7', roles: ['support'] }, { expiresIn: -60 });
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token expired');
    const past = await sign({ sub: 'agent-7', roles: ['support'] }, (jwt) => jwt.setExpirationTime(now() - 120));
    expect(await expectUnauthenticated(auth.authenticate(bearer(past)), past)).toBe('token expired');
  });

  it('rejects a token that is not valid before a future time', async () => {
    const token = await sign({ sub: 'agent-7', roles: ['support'] }, (jwt) => jwt.setExpirationTime('2h').setNotBefore('1h'));
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token claim rejected: nbf');
  });

  it('rejects a token without exp or without sub', async () => {
    const noExp = await sign({ sub: 'agent-7', roles: ['support'] });
    expect(await expectUnauthenticated(auth.authenticate(bearer(noExp)), noExp)).toBe('token claim rejected: exp');
    const noSub = await sign({ roles: ['support'] }, (jwt) => jwt.setExpirationTime('5m'));
    expect(await expectUnauthenticated(auth.authenticate(bearer(noSub)), noSub)).toBe('token claim rejected: sub');
  });

  it.each([[['wizard', 'root']], [[]], ['admin'], [undefined]])('rejects roles %j as granting no known role', async (roles) => {
    const token = await sign({ sub: 'agent-7', roles }, (jwt) => jwt.setExpirationTime('5m'));
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token grants no known role');
  });
});

describe('createAuthenticator with issuer and audience', () => {
  const strict = createAuthenticator({ jwtSecret: SECRET, issuer: 'https://idp.example', audience: 'customer-360' });
  const claims = { sub: 'agent-7', roles: ['support' as const] };

  it('accepts a token with the configured issuer and audience', async () => {
    const token = await issueToken(SECRET, claims, { issuer: 'https://idp.example', audience: 'customer-360' });
    await expect(strict.authenticate(bearer(token))).resolves.toEqual({ sub: 'agent-7', roles: ['support'] });
  });

  it.each([
    ['a wrong issuer', { issuer: 'https://evil.example', audience: 'customer-360' }, 'iss'],
    ['no issuer', { audience: 'customer-360' }, 'iss'],
    ['a wrong audience', { issuer: 'https://idp.example', audience: 'other-app' }, 'aud'],
    ['no audience', { issuer: 'https://idp.example' }, 'aud'],
  ])('rejects a token with %s', async (_, options, claim) => {
    const token = await issueToken(SECRET, claims, options);
    expect(await expectUnauthenticated(strict.authenticate(bearer(token)), token)).toBe(`token claim rejected: ${claim}`);
  });

  it('refuses to be created with neither a secret nor a JWKS URL', () => {
    expect(() => createAuthenticator({})).toThrow(/AUTH_JWT_SECRET or AUTH_JWKS_URL/);
  });
});

describe('createAuthenticator: verified tokens', () => {
  const at = { ms: Date.UTC(2030, 0, 1) };
  const clocked = createAuthenticator({ jwtSecret: SECRET }, { now: () => at.ms });
  const seconds = () => Math.floor(at.ms / 1000);

  it('answers a token it has verified again, without letting the answer be changed by a caller', async () => {
    const token = await sign({ sub: 'agent-9', roles: ['support'] }, (jwt) => jwt.setExpirationTime(seconds() + 3600));
    const first = await clocked.authenticate(bearer(token));
    first.roles.push('admin');
    await expect(clocked.authenticate(bearer(token))).resolves.toEqual({ sub: 'agent-9', roles: ['support'] });
  });

  it('trusts a verified token no longer than its exp', async () => {
    const token = await sign({ sub: 'agent-9', roles: ['support'] }, (jwt) => jwt.setExpirationTime(seconds() + 30));
    await expect(clocked.authenticate(bearer(token))).resolves.toMatchObject({ sub: 'agent-9' });
    at.ms += 31_000;
    expect(await expectUnauthenticated(clocked.authenticate(bearer(token)), token)).toBe('token expired');
  });

  it('keeps no token that failed a check: a forged one is refused every time', async () => {
    const [header, , signature] = (await sign({ sub: 'agent-9', roles: ['support'] }, (jwt) => jwt.setExpirationTime(seconds() + 600))).split('.');
    const forged = `${header}.${b64({ sub: 'agent-9', roles: ['admin'], exp: seconds() + 600 })}.${signature}`;
    for (let i = 0; i < 2; i++) expect(await expectUnauthenticated(clocked.authenticate(bearer(forged)), forged)).toBe('token signature invalid');
  });
});

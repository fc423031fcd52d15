import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, issueToken, type Authenticator } from '../../src/auth/index.js';
import { expectUnauthenticated } from './reject.js';

const ISSUER = 'https://idp.test.example/';
const AUDIENCE = 'customer-360-gateway';
const SECRET = 'hs256-secret-for-the-mixed-configuration';
const bearer = (token: string) => `Bearer ${token}`;

interface SigningKey { alg: 'RS256' | 'ES256'; kid: string; privateKey: CryptoKey; jwk: JWK }
async function signingKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { alg, kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}
/** A token as the identity provider would sign it; `claims` and `kid` override the defaults. */
const sign = (key: SigningKey, claims: Record<string, unknown> = {}, kid = key.kid) => {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub: 'bi-service', roles: ['analyst'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' }).sign(key.privateKey);
};

let server: Server;
let rsa: SigningKey;
let ec: SigningKey;
let auth: Authenticator;
let jwksUrl: string;
let jwksRequests = 0;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([signingKey('RS256', 'rsa-1'), signingKey('ES256', 'ec-1')]);
  server = createServer((request, response) => {
    jwksRequests += 1;
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  auth = createAuthenticator({ jwksUrl, issuer: ISSUER, audience: AUDIENCE });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createAuthenticator with a JWKS', () => {
  it.each(['RS256', 'ES256'])('accepts a %s token signed by a key in the JWKS, with matching iss and aud', async (alg) => {
    const token = await sign(alg === 'RS256' ? rsa : ec);
    await expect(auth.authenticate(bearer(token))).resolves.toEqual({ sub: 'bi-service', roles: ['analyst'] });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('rejects a token signed by another key under a kid the JWKS knows', async () => {
    const impostor = await signingKey('RS256', 'rsa-1');
    const token = await sign(impostor);
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token signature invalid');
  });

  it('rejects a token signed by a key the JWKS does not hold', async () => {
    const stranger = await signingKey('ES256', 'ec-unknown');
    const token = await sign(stranger);
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token signed by an unknown key');
  });

  it('rejects a JWKS-signed token for another issuer or audience', async () => {
    const wrongIss = await sign(rsa, { iss: 'https://evil.example/' });
    expect(await expectUnauthenticated(auth.authenticate(bearer(wrongIss)), wrongIss)).toBe('token claim rejected: iss');
    const wrongAud = await sign(ec, { aud: 'another-app' });
    expect(await expectUnauthenticated(auth.authenticate(bearer(wrongAud)), wrongAud)).toBe('token claim rejected: aud');
  });

  it('rejects an HS256 token when only a JWKS is configured', async () => {
    const token = await issueToken(SECRET, { sub: 'mallory', roles: ['admin'] }, { issuer: ISSUER, audience: AUDIENCE });
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token algorithm not allowed');
  });

  it("applies the token time rules to an identity provider's tokens too", async () => {
    const now = Math.floor(Date.now() / 1000);
    const long = await sign(rsa, { iat: now, exp: now + 48 * 3600 });
    await expect(auth.authenticate(bearer(long))).rejects.toMatchObject({ extensions: { code: 'TOKEN_LIFETIME_TOO_LONG', http: { status: 401 } } });
    const ahead = await sign(ec, { iat: now + 600, exp: now + 1200 });
    await expect(auth.authenticate(bearer(ahead))).rejects.toMatchObject({ extensions: { code: 'TOKEN_ISSUED_IN_FUTURE', http: { status: 401 } } });
  });

  it('rejects an expired JWKS-signed token', async () => {
    const token = await sign(rsa, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await expectUnauthenticated(auth.authenticate(bearer(token)), token)).toBe('token expired');
  });
});

describe('createAuthenticator with both a secret and a JWKS', () => {
  it('accepts tokens from either source', async () => {
    const both = createAuthenticator({ jwtSecret: SECRET, jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    const hs = await issueToken(SECRET, { sub: 'agent-7', roles: ['support'] }, { issuer: ISSUER, audience: AUDIENCE });
    await expect(both.authenticate(bearer(hs))).resolves.toEqual({ sub: 'agent-7', roles: ['support'] });
    await expect(both.authenticate(bearer(await sign(ec)))).resolves.toEqual({ sub: 'bi-service', roles: ['analyst'] });
  });

  it('rejects an RS256 token when only a secret is configured', async () => {
    const secretOnly = createAuthenticator({ jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE });
    const token = await sign(rsa);
    expect(await expectUnauthenticated(secretOnly.authenticate(bearer(token)), token)).toBe('token algorithm not allowed');
  });
});

import { describe, expect, it } from 'vitest';
import { ROLES, createAuthenticator, demoCredentials, issueToken } from '../../src/auth/index.js';

describe('demoCredentials', () => {
  it('in demo mode signs a token per role with a secret of its own, which the authenticator accepts', async () => {
    const credentials = demoCredentials({});
    const tokens = await credentials.demoTokens();
    expect([...(tokens?.keys() ?? [])]).toEqual([...ROLES]);
    const authenticator = createAuthenticator(credentials.auth);
    const principal = await authenticator.authenticate(`Bearer ${tokens?.get('support')}`);
    expect(principal).toMatchObject({ sub: 'demo-support', roles: ['support'] });
    // Each process has its own secret: another demo gateway refuses this one's tokens.
    await expect(createAuthenticator(demoCredentials({}).auth).authenticate(`Bearer ${tokens?.get('support')}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('never signs demo tokens when a secret or a JWKS is configured', async () => {
    const secret = 'configured-secret-of-sufficient-length-0123456789';
    const configured = demoCredentials({ jwtSecret: secret });
    expect(await configured.demoTokens()).toBeNull();
    expect(configured.auth).toEqual({ jwtSecret: secret });
    const token = await issueToken(secret, { sub: 'someone', roles: ['admin'] });
    await expect(createAuthenticator(configured.auth).authenticate(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'someone' });
    expect(await demoCredentials({ jwksUrl: 'https://idp.example.com/.well-known/jwks.json' }).demoTokens()).toBeNull();
  });
});

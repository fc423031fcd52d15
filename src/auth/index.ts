/** Who is calling: bearer JWT verification (HS256 secret or an identity provider's JWKS) and demo tokens. */
export { ROLES, isRole, type Role, type Principal } from './principal.js';
export { VERIFIED_TOKEN_MS, createAuthenticator, type Authenticator, type AuthenticatorOptions, type AuthSettings } from './authenticator.js';
export { checkTokenTimes, DEFAULT_TOKEN_TIME_RULES, type TokenTimeRules } from './token-times.js';
export { demoCredentials, type Credentials } from './demo-credentials.js';
export { issueToken } from './issue-token.js';

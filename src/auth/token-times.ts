import type { JWTPayload } from 'jose';
import { TokenRefused } from '../errors/index.js';

/** The time rules a token must meet beyond a valid `exp`. */
export interface TokenTimeRules {
  /** How far ahead of the gateway's clock a token's `iat` may be (the issuer's clock may run ahead), seconds. */
  clockSkewSeconds: number;
  /** The longest lifetime a token may claim: `exp − iat`, or `exp − now` when it has no `iat`, seconds. */
  maxLifetimeSeconds: number;
}

/** Defaults of AUTH_CLOCK_SKEW_SECONDS and AUTH_MAX_TOKEN_LIFETIME_SECONDS: one minute, 24 hours. */
export const DEFAULT_TOKEN_TIME_RULES: Readonly<TokenTimeRules> = Object.freeze({ clockSkewSeconds: 60, maxLifetimeSeconds: 24 * 60 * 60 });

/**
 * Refuses a verified token issued in the future beyond the skew (a forged or mis-issued `iat`, which would also
 * hide a long lifetime) and one claiming a lifetime longer than the rules allow: a leaked long-lived token is as
 * good as a password. `exp` is required (and checked) by the verifier before this runs; `now` is epoch seconds.
 */
export function checkTokenTimes(payload: JWTPayload, now: number, rules: TokenTimeRules): void {
  const { iat, exp } = payload;
  if (typeof exp !== 'number') throw new TokenRefused('TOKEN_LIFETIME_TOO_LONG', 'token has no expiry (exp)');
  if (typeof iat === 'number' && iat > now + rules.clockSkewSeconds) {
    throw new TokenRefused('TOKEN_ISSUED_IN_FUTURE', `token is issued in the future (iat beyond the ${rules.clockSkewSeconds} s clock skew allowed)`);
  }
  const lifetime = exp - (typeof iat === 'number' ? iat : now);
  if (lifetime > rules.maxLifetimeSeconds) {
    throw new TokenRefused('TOKEN_LIFETIME_TOO_LONG', `token lifetime exceeds ${rules.maxLifetimeSeconds} s (AUTH_MAX_TOKEN_LIFETIME_SECONDS): issue shorter-lived tokens`);
  }
}

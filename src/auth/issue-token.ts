import { SignJWT } from 'jose';
import type { Role } from './principal.js';

/** Signs an HS256 bearer token with claims `sub`, `roles` and `exp` (demo mode, tests and the benchmark). `expiresIn`: seconds from now or a span such as '12h'. */
export async function issueToken(
  secret: string,
  claims: { sub: string; roles: Role[] },
  options: { expiresIn?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    // jose reads a number as an absolute epoch time; `expiresIn` promises seconds from now.
    .setExpirationTime(typeof options.expiresIn === 'number' ? Math.floor(Date.now() / 1000) + options.expiresIn : options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

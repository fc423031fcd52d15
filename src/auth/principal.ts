/** The roles the access policy knows. */
export const ROLES = ['support', 'marketing', 'analyst', 'privacy', 'admin'] as const;

/** One of the roles the access policy knows. */
export type Role = (typeof ROLES)[number];

/** Determines if the given value names a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An authenticated caller, person or service, as the token describes it. */
export interface Principal {
  /** The token's subject: a user or service id. Safe to log. */
  sub: string;
  roles: Role[];
}

import { createHmac } from 'node:crypto';

/** The kind of identifier a keyed hash was made from. */
export type IdentifierKind = 'EMAIL' | 'PHONE' | 'RECORD';

/** A person's normalised emails and phones as keyed hashes, each with its kind. */
export function hashIdentifiers(
  hash: (kind: IdentifierKind, normalised: string) => string,
  keys: { emails: readonly string[]; phones: readonly string[] },
): { kind: 'EMAIL' | 'PHONE'; hash: string }[] {
  return [
    ...keys.emails.map((e) => ({ kind: 'EMAIL' as const, hash: hash('EMAIL', e) })),
    ...keys.phones.map((p) => ({ kind: 'PHONE' as const, hash: hash('PHONE', p) })),
  ];
}

/** Keyed hashes of normalised identifiers: comparable, not reversible without the key (no raw data kept). */
export function createIdentifierHasher(key: Buffer): (kind: IdentifierKind, normalised: string) => string {
  return (kind, normalised) => createHmac('sha256', key).update(`${kind}:${normalised}`).digest('base64url');
}

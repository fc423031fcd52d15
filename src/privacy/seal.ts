import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** Encrypts small JSON values for storage or URLs: AES-256-GCM, fresh IV, base64url; tampering reads as null. */
export interface Sealer {
  seal(value: unknown): string;
  /** The sealed value, or null when the text was not sealed with this key or was changed. */
  open(text: string): unknown;
}

/** A sealer under a 32-byte key (derive one per purpose from GATEWAY_SECRET). */
export function createSealer(key: Buffer): Sealer {
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(text) {
      const raw = Buffer.from(text, 'base64url');
      if (raw.length < 29 || raw.toString('base64url') !== text) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as unknown;
      } catch {
        return null;
      }
    },
  };
}

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

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV = 12;
const TAG = 16;

/** Encrypts values for storage or URLs: AES-256-GCM, a fresh IV each time, base64url; tampering reads as null. */
export interface Sealer {
  /** A JSON value, sealed. */
  seal(value: unknown): string;
  /** The sealed value, or null when the text was not sealed with this key or was changed. */
  open(text: string): unknown;
  /** A text (already JSON, say), sealed as is. */
  sealText(plaintext: string): string;
  /** The sealed text, or null when it was not sealed with this key or was changed. */
  openText(text: string): string | null;
}

/** A sealer under a 32-byte key (derive one per purpose from GATEWAY_SECRET with `deriveKey`). */
export function createSealer(key: Buffer): Sealer {
  function sealText(plaintext: string): string {
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }
  function openText(text: string): string | null {
    const raw = Buffer.from(text, 'base64url');
    if (raw.length < IV + TAG + 1 || raw.toString('base64url') !== text) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
      decipher.setAuthTag(raw.subarray(IV, IV + TAG));
      return Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
  return {
    seal: (value) => sealText(JSON.stringify(value)),
    open(text) {
      const plaintext = openText(text);
      if (plaintext === null) return null;
      try {
        return JSON.parse(plaintext) as unknown;
      } catch {
        return null;
      }
    },
    sealText,
    openText,
  };
}

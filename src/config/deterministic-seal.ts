import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

const IV = 12;
const TAG = 16;

/** Seals and opens short values so that the same value always gives the same bytes, and nothing else opens. */
export interface DeterministicSeal {
  seal(plaintext: Buffer): Buffer;
  /** The plaintext, or null for anything not sealed under these keys (tampered, truncated, forged). */
  open(sealed: Buffer): Buffer | null;
}

/**
 * Deterministic authenticated encryption: AES-256-GCM under a synthetic IV (an HMAC-SHA256 of the plaintext under
 * its own key, as SIV does), so equal values seal equally on every replica, a sealed value shows nothing of its
 * plaintext but its length, and any change fails authentication. Hand-written because Node's crypto has no AES-SIV
 * or AES-GCM-SIV; distinct plaintexts get distinct IVs, which is all GCM asks. Give two independent 32-byte keys.
 */
export function createDeterministicSeal(encKey: Buffer, ivKey: Buffer): DeterministicSeal {
  const syntheticIv = (plaintext: Buffer) => createHmac('sha256', ivKey).update(plaintext).digest().subarray(0, IV);
  return {
    seal(plaintext) {
      const iv = syntheticIv(plaintext);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]);
    },
    open(sealed) {
      if (sealed.length < IV + TAG + 1) return null;
      try {
        const iv = sealed.subarray(0, IV);
        const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
        const plaintext = Buffer.concat([decipher.update(sealed.subarray(IV, sealed.length - TAG)), decipher.final()]);
        return timingSafeEqual(iv, syntheticIv(plaintext)) ? plaintext : null;
      } catch {
        return null;
      }
    },
  };
}

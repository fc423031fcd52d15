import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { SOURCES, type Source } from '../model/index.js';

/** The record a customer id points at: the anchor of the customer's cluster. */
export interface AnchorRef {
  source: Source;
  recordId: string;
}

const PREFIX = 'cus_';

/**
 * Opaque customer ids: AES-256-GCM over the anchor's source and record id with a synthetic IV
 * (HMAC of the plaintext), so the same anchor always gives the same id on every replica, the id holds
 * no readable data, and any change to it fails authentication and resolves to nothing.
 */
export interface CustomerIdCodec {
  encode(anchor: AnchorRef): string;
  /** The anchor, or null for anything not minted by this key. */
  decode(id: string): AnchorRef | null;
}

/** Creates the codec from two independent 32-byte keys (derive them from GATEWAY_SECRET). */
export function createCustomerIdCodec(encKey: Buffer, ivKey: Buffer): CustomerIdCodec {
  const syntheticIv = (plaintext: Buffer) => createHmac('sha256', ivKey).update(plaintext).digest().subarray(0, 12);
  return {
    encode({ source, recordId }) {
      const plaintext = Buffer.from(`${SOURCES.indexOf(source)}${recordId}`, 'utf8');
      const iv = syntheticIv(plaintext);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    decode(id) {
      if (!id.startsWith(PREFIX) || id.length > 600) return null;
      const raw = Buffer.from(id.slice(PREFIX.length), 'base64url');
      if (raw.length < 12 + 2 + 16 || raw.toString('base64url') !== id.slice(PREFIX.length)) return null;
      try {
        const iv = raw.subarray(0, 12);
        const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
        decipher.setAuthTag(raw.subarray(raw.length - 16));
        const plaintext = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
        if (!timingSafeEqual(iv, syntheticIv(plaintext))) return null;
        const text = plaintext.toString('utf8');
        const source = SOURCES[Number(text[0])];
        return source && text.length > 1 ? { source, recordId: text.slice(1) } : null;
      } catch {
        return null;
      }
    },
  };
}

import { LRUCache } from 'lru-cache';
import { createDeterministicSeal } from '../config/index.js';
import { SOURCES, type Source } from '../model/index.js';

/** The record a customer id points at: the anchor of the customer's cluster. */
export interface AnchorRef {
  source: Source;
  recordId: string;
}

const PREFIX = 'cus_';

/**
 * Opaque customer ids: the anchor's source and record id under a deterministic seal (AES-256-GCM with a synthetic
 * IV, src/config), so the same anchor always gives the same id on every replica, the id holds no readable data,
 * and any change to it fails authentication and resolves to nothing.
 */
export interface CustomerIdCodec {
  encode(anchor: AnchorRef): string;
  /** The anchor, or null for anything not minted by this key. */
  decode(id: string): AnchorRef | null;
}

/** Creates the codec from two independent 32-byte keys (derive them from GATEWAY_SECRET). */
export function createCustomerIdCodec(encKey: Buffer, ivKey: Buffer): CustomerIdCodec {
  const sealer = createDeterministicSeal(encKey, ivKey);
  // The seal is deterministic, and every answer about a customer mints its id again (an HMAC and an AES-GCM each
  // time): the ids of recent anchors are remembered.
  const minted = new LRUCache<string, string>({ max: 20_000 });
  return {
    encode({ source, recordId }) {
      const plain = `${SOURCES.indexOf(source)}${recordId}`;
      let id = minted.get(plain);
      if (id === undefined) minted.set(plain, (id = PREFIX + sealer.seal(Buffer.from(plain, 'utf8')).toString('base64url')));
      return id;
    },
    decode(id) {
      if (!id.startsWith(PREFIX) || id.length > 600) return null;
      const raw = Buffer.from(id.slice(PREFIX.length), 'base64url');
      if (raw.toString('base64url') !== id.slice(PREFIX.length)) return null;
      const text = sealer.open(raw)?.toString('utf8');
      if (text === undefined) return null;
      const source = SOURCES[Number(text[0])];
      return source && text.length > 1 ? { source, recordId: text.slice(1) } : null;
    },
  };
}

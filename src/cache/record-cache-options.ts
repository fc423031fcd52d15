import type { Source } from '../model/index.js';

/** What `createRecordCache` needs; `createCacheLayer` builds it from the settings. */
export interface RecordCacheOptions {
  ttlSeconds: Readonly<Record<Source, number>>;
  staleSeconds: number;
  maxBytes: number;
  redisUrl?: string;
  redisPrefix?: string;
  /** Keys the HMACs Redis keys are made of, so no record id, email, phone or name appears in a key. Needed with `redisUrl`. */
  keySecret?: Uint8Array;
  /** The AES-256-GCM key every value and message written to Redis is sealed under. Needed with `redisUrl`. */
  sealKey?: Buffer;
  /** The clock every lifetime is measured by (tests inject one). */
  now?: () => number;
  onError?: (error: Error) => void;
}

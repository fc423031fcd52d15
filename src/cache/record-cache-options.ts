import type { Source } from '../model/index.js';

/** What `createRecordCache` needs; `createCacheLayer` builds it from the settings. */
export interface RecordCacheOptions {
  ttlSeconds: Readonly<Record<Source, number>>;
  staleSeconds: number;
  maxBytes: number;
  redisUrl?: string;
  redisPrefix?: string;
  /** Keys look-up keys (emails, phones, names) by HMAC so no personal data appears in cache keys. */
  keySecret?: Uint8Array;
  /** The clock every lifetime is measured by (tests inject one). */
  now?: () => number;
  onError?: (error: Error) => void;
}

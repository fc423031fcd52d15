import type { GraphQLSchema } from 'graphql';
import { migrate, type AuditDatabase } from '../audit/index.js';
import { SOURCES, type Source } from '../model/index.js';
import { buildRecordOfProcessing, cacheLifetime, type RecordCacheLifetimes } from './record-of-processing.js';
import { createConsentWriter } from './consent.js';
import { createErasure, type ErasureDeps } from './erasure.js';
import { createExports } from './export.js';
import { createIdentifierHasher } from './identifier-hash.js';
import { createSealer } from '../config/index.js';
import { PRIVACY_MIGRATIONS, createPrivacyStore } from './store.js';
import { createSuppression } from './suppression.js';

/** What the privacy operations are built from. */
export interface PrivacyOptions extends Pick<ErasureDeps, 'privacy' | 'contacts' | 'invalidator' | 'context' | 'recordAction' | 'timing' | 'logger'> {
  /** The audit trail's database: privacy tables live beside it (their own numbered migrations). */
  database: AuditDatabase;
  /** Key that seals export links and a running job's look-up keys. */
  sealKey: Buffer;
  /** Key of the suppression list's hashes. */
  hashKey: Buffer;
  exportTtlSeconds: number;
  publicUrl: () => string;
  /** The record cache's lifetimes, for the retention statements and the record of processing. */
  cacheLifetimes: RecordCacheLifetimes;
  region: string;
}

/** Exports, erasure, consent write-through and the suppression list, over one database. */
export async function createPrivacy(options: PrivacyOptions) {
  const { database, logger } = options;
  let migrated: Promise<unknown> | null = null;
  // Migrated on first use and retried after a failure, so a database that is away at start-up delays only privacy work.
  const ready = () => (migrated ??= migrate(database, 'privacy', PRIVACY_MIGRATIONS).catch((error: unknown) => {
    migrated = null;
    throw error;
  }));
  const notYet = (error: unknown) => logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'privacy tables not migrated yet: the database is away');
  // An embedded database opens beside the gateway: every privacy operation awaits ready() before it uses the store.
  if (database.opensInBackground) ready().catch(notYet);
  else await ready().catch(notYet);
  const store = createPrivacyStore(database);
  const sealer = createSealer(options.sealKey);
  const hash = createIdentifierHasher(options.hashKey);
  const erasure = createErasure({
    store, sealer, hash,
    privacy: options.privacy,
    contacts: options.contacts,
    invalidator: options.invalidator,
    context: options.context,
    recordAction: options.recordAction,
    timing: options.timing,
    logger,
    ready,
  });
  const exports = createExports({
    sealer,
    ttlSeconds: options.exportTtlSeconds,
    context: options.context,
    publicUrl: options.publicUrl,
    cachedForSeconds: Object.fromEntries(SOURCES.map((s) => [s, cacheLifetime(options.cacheLifetimes, s)])) as Record<Source, number>,
    recordAction: options.recordAction,
  });
  const updateConsent = createConsentWriter({
    privacy: options.privacy,
    invalidator: options.invalidator,
    context: options.context,
    recordAction: options.recordAction,
    callTimeoutMs: options.timing.callTimeoutMs,
  });
  const suppression = createSuppression({ store, hash, contacts: options.contacts, region: options.region, recordAction: options.recordAction, logger });
  return {
    ready,
    store,
    exports,
    erasure,
    updateConsent,
    suppression,
    /** The record of processing of `schema` under this gateway's cache lifetimes. */
    recordOfProcessing: (schema: GraphQLSchema) => buildRecordOfProcessing(schema, options.cacheLifetimes),
    /** Starts the erasure worker; the returned function stops it. */
    start: () => erasure.start(),
  };
}

/** The gateway's privacy operations. */
export type PrivacyOperations = Awaited<ReturnType<typeof createPrivacy>>;

import type { Role } from '../auth/index.js';
import type { DatabaseMemory } from './queryable.js';

/** What an access rule did to a field. */
export type AccessOutcome = 'ALLOWED' | 'MASKED' | 'DENIED';

/** A category of data a field belongs to (see schema/access-policy.ts). */
export type DataCategory = string;

/** One audited read: who read which customers' data of which categories, and what the rules did. Never values. */
export interface AuditEvent {
  id: string;
  at: string;
  sub: string;
  roles: Role[];
  operationName: string | null;
  customerIds: string[];
  /** Per category read, the most revealing outcome. */
  categories: Record<DataCategory, AccessOutcome>;
  /** An operation's name (`privacy.erasure.requested`, `lookup.refused`, …); null for reads. */
  action: string | null;
  /** How the operation ended, in ids and counts; null for reads. */
  outcome: string | null;
}

/** An operation to record (a privacy operation, a refused look-up): who did what about which customers, and how it ended. */
export interface AuditAction {
  sub: string;
  roles?: Role[];
  action: string;
  outcome: string;
  customerIds: string[];
  /** The categories it touched and what the rules did; privacy operations' (PRIVACY_OPERATIONS allowed) when absent. */
  categories?: Record<DataCategory, AccessOutcome>;
}

/** The audit of one request: notes accumulate while resolvers run; one event is written when it ends. */
export interface RequestAudit {
  note(customerId: string | null, category: DataCategory, outcome: AccessOutcome): void;
  /** Queues the request's event (no-op when nothing personal was read). Never blocks the response. */
  commit(operationName: string | null): void;
}

/** The audit trail: batched, off the critical path, bounded while the database is away. */
export interface AuditTrail {
  /** False while the in-memory queue is full: reads of personal data must then be refused. */
  accepting(): boolean;
  begin(principal: { sub: string; roles: Role[] }): RequestAudit;
  /** Queues an event for an operation and its outcome (never blocks, like commit). */
  record(action: AuditAction): void;
  /** Events about one customer, newest first, with an opaque cursor. */
  eventsFor(customerId: string, first: number, after: string | null): Promise<{ events: AuditEvent[]; next: string | null }>;
  /** Writes everything queued. */
  flush(): Promise<void>;
  /** Flushes, then releases the database. */
  close(): Promise<void>;
  /** For /readyz: whether the last write reached the database, and how many events wait. */
  status(): { database: 'up' | 'down'; queued: number };
  /**
   * Milliseconds of CPU the trail has cost the gateway since it started: on the event loop (committing events,
   * preparing and handing over each batch) and in the embedded database's worker (null with a PostgreSQL server).
   */
  cpuMs(): { eventLoop: number; database: number | null };
  /** The embedded database's worker's memory as of its latest reply; null with a PostgreSQL server, or before any reply. */
  databaseMemoryBytes(): DatabaseMemory | null;
}

/** The audit trail: who read which customers' data of which categories, with what outcome; never the values. */
export { createAuditTrail, type AuditTrailOptions } from './trail.js';
export type { AccessOutcome, AuditAction, AuditEvent, AuditTrail, DataCategory, RequestAudit } from './types.js';
/** The database seam: PostgreSQL or PGlite behind one query interface, and its log-safe error. */
export { openAuditDatabase } from './database.js';
export { AuditDatabaseError } from './database-error.js';
export type { AuditDatabase, DatabaseMemory, Queryable } from './queryable.js';
/** Numbered migrations kept in code, applied once per database under an advisory lock. */
export { migrate, MIGRATIONS, type Migration } from './migrations.js';
export { mostRevealing } from './request-audit.js';
export type { AuditLogger } from './write-queue.js';
/** The opaque `auditEvents` cursor that resumes after an event. */
export { encodeCursor as cursorAfter } from './event-key.js';

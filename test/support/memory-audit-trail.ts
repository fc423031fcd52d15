import type { AuditAction, AuditTrail } from '../../src/audit/index.js';

/** An audit trail that keeps nothing but the actions recorded (into `actions`): for suites that test something else. */
export function memoryAuditTrail(actions: AuditAction[] = []): AuditTrail {
  return {
    accepting: () => true,
    begin: () => ({ note() {}, commit() {} }),
    record: (action) => void actions.push(action),
    eventsFor: async () => ({ events: [], next: null }),
    flush: async () => {},
    close: async () => {},
    status: () => ({ database: 'up', queued: 0 }),
    cpuMs: () => ({ eventLoop: 0, database: null }),
    databaseMemoryBytes: () => null,
  };
}

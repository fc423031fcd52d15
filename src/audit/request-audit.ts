import type { Role } from '../auth/index.js';
import type { EventKey } from './event-key.js';
import type { AccessOutcome, AuditEvent, DataCategory, RequestAudit } from './types.js';

const REVEALING: Record<AccessOutcome, number> = { DENIED: 0, MASKED: 1, ALLOWED: 2 };

/** Of two outcomes for one category, the one that revealed more: ALLOWED > MASKED > DENIED. */
export function mostRevealing(a: AccessOutcome, b: AccessOutcome): AccessOutcome {
  return REVEALING[b] > REVEALING[a] ? b : a;
}

/**
 * Collects one request's notes and hands its event to `enqueue` on commit. A commit takes everything noted since
 * the previous commit, so committing twice never writes an event twice, and a note that arrives late (a deferred
 * resolver) is carried by the next commit rather than lost.
 */
export function createRequestAudit(
  principal: { sub: string; roles: Role[] },
  nextKey: () => EventKey,
  enqueue: (event: AuditEvent) => void,
): RequestAudit {
  let customerIds = new Set<string>();
  let categories = new Map<DataCategory, AccessOutcome>();
  return {
    note(customerId, category, outcome) {
      if (customerId !== null) customerIds.add(customerId);
      const previous = categories.get(category);
      categories.set(category, previous === undefined ? outcome : mostRevealing(previous, outcome));
    },
    commit(operationName) {
      if (categories.size === 0) return; // every note names a category: nothing noted, nothing read
      const event: AuditEvent = {
        ...nextKey(),
        sub: principal.sub,
        roles: [...principal.roles],
        operationName,
        customerIds: [...customerIds],
        categories: Object.fromEntries(categories),
        action: null,
        outcome: null,
      };
      customerIds = new Set();
      categories = new Map();
      enqueue(event);
    },
  };
}

import { badInput } from '../errors/index.js';
import type { AuditEventResolvers, QueryResolvers } from './generated/types.js';
import { pageSize } from './args.js';

/** `Query.auditEvents`: a customer's audit trail, newest first. */
export const auditEvents: QueryResolvers['auditEvents'] = async (_root, { customerId, first, after }, ctx) => {
  const size = pageSize('first', first, 20, 100, 1);
  if (customerId.length === 0 || customerId.length > 600) throw badInput('customerId', 'is not a customer id');
  let page;
  try {
    page = await ctx.auditTrail.eventsFor(customerId, size, after ?? null);
  } catch (error) {
    if (error instanceof RangeError) throw badInput('after', 'is not a cursor returned by auditEvents');
    throw error;
  }
  const edges = page.events.map((node, i) => ({ cursor: i === page.events.length - 1 && page.next ? page.next : node.id, node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.next !== null, hasPreviousPage: after != null, startCursor: null, endCursor: page.next },
  };
};

/** An audit event on the wire: categories as a list. */
export const AuditEvent: AuditEventResolvers = {
  subject: (e) => e.sub,
  roles: (e) => e.roles,
  categories: (e) => Object.entries(e.categories).map(([category, outcome]) => ({ category, outcome })),
};

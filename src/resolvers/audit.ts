import { cursorAfter } from '../audit/index.js';
import { BadUserInput } from '../errors/index.js';
import type { AuditEventResolvers, QueryResolvers } from './generated/types.js';
import { pageSize } from './args.js';

/** `Query.auditEvents`: a customer's audit trail, newest first. */
export const auditEvents: QueryResolvers['auditEvents'] = async (_root, { customerId, first, after }, ctx) => {
  const size = pageSize('first', first, 20, 100, 1);
  if (customerId.length === 0 || customerId.length > 600) throw new BadUserInput('customerId', 'is not a customer id');
  let page: Awaited<ReturnType<typeof ctx.auditTrail.eventsFor>>;
  try {
    page = await ctx.auditTrail.eventsFor(customerId, size, after ?? null);
  } catch (error) {
    if (error instanceof RangeError) throw new BadUserInput('after', 'is not a cursor returned by auditEvents');
    throw error;
  }
  const edges = page.events.map((node) => ({ cursor: cursorAfter(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.next !== null,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
};

/** An audit event on the wire: categories as a list. */
export const AuditEvent: AuditEventResolvers = {
  subject: (e) => e.sub,
  roles: (e) => e.roles,
  categories: (e) => Object.entries(e.categories).map(([category, outcome]) => ({ category, outcome })),
};

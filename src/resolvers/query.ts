import { createLookupGate } from '../access/index.js';
import { BadUserInput } from '../errors/index.js';
import type { Source } from '../model/index.js';
import type { QueryResolvers } from './generated/types.js';
import { pageSize } from './args.js';
import { auditRefusal, findCustomers } from './lookups.js';

const SHOPIFY_ORDER = /^gid:\/\/shopify\/Order\/\d{1,20}$/;
const SQUARE_ORDER = /^[A-Za-z0-9]{20,40}$/;
const ZENDESK_TICKET = /^\d{1,20}$/;

function orderSource(orderId: string): Source {
  if (SHOPIFY_ORDER.test(orderId)) return 'ECOMMERCE';
  if (SQUARE_ORDER.test(orderId)) return 'POS';
  throw new BadUserInput('orderId', 'is not an order id returned by Customer.orders or Customer.posTransactions');
}

/** The root queries: each picks its seed records and hands them to identity resolution. */
export const Query: QueryResolvers = {
  customer: async (_root, { id }, ctx) => {
    if (id.length === 0 || id.length > 600) throw new BadUserInput('id', 'is not a customer id');
    const gate = createLookupGate(ctx.access, ctx.principal.roles, { form: 'raw', arguments: ['customerId'] });
    const customer = gate.possible ? await ctx.identity.byId(id, gate) : null;
    auditRefusal(ctx, 'customer(id)', gate, customer ? [customer] : []);
    return customer;
  },

  customers: async (_root, { first, after }, ctx) => {
    const size = pageSize('first', first, 20, 100, 1);
    const position = after == null ? null : ctx.crawlCursors.decode(after);
    if (after != null && !position) throw new BadUserInput('after', 'is not a cursor returned by customers');
    const page = await ctx.identity.page(size, position);
    const edges = page.customers.map(({ customer, cursor }) => ({ cursor, node: customer }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after != null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  },

  findCustomers: (_root, args, ctx) => findCustomers(ctx, args, pageSize('limit', args.limit, 10, 50, 1)),

  // A caller who may not read the buyer's orders (or the requester's tickets) gets what an unknown id gets: the
  // order is read as for any id, and nothing past it.
  customerByOrder: async (_root, { orderId }, ctx) => {
    const source = orderSource(orderId);
    const gate = createLookupGate(ctx.access, ctx.principal.roles, { form: 'raw', arguments: [source === 'ECOMMERCE' ? 'order' : 'posTransaction'] });
    const order = source === 'ECOMMERCE'
      ? await ctx.loaders.call((call) => ctx.silos.orders.getOrder(orderId, call))
      : await ctx.loaders.call((call) => ctx.silos.pos.getTransaction(orderId, call));
    const customer = order && gate.possible ? await ctx.identity.byRecord(source, order.customerRecordId, gate) : null;
    auditRefusal(ctx, 'customerByOrder', gate, customer ? [customer] : []);
    return customer;
  },

  customerByTicket: async (_root, { ticketId }, ctx) => {
    if (!ZENDESK_TICKET.test(ticketId)) throw new BadUserInput('ticketId', 'is not a ticket id returned by Customer.tickets');
    const gate = createLookupGate(ctx.access, ctx.principal.roles, { form: 'raw', arguments: ['ticket'] });
    const ticket = await ctx.loaders.call((call) => ctx.silos.tickets.getTicket(ticketId, call));
    const customer = ticket && gate.possible ? await ctx.identity.byRecord('SUPPORT', ticket.requesterRecordId, gate) : null;
    auditRefusal(ctx, 'customerByTicket', gate, customer ? [customer] : []);
    return customer;
  },
};

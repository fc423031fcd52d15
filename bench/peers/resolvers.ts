import { assembleCustomer, emailKey, type PeerCustomer } from './customer.js';
import type { RequestFetch } from './fetch.js';

/** A peer's per-request context: its fetch layer (direct for peer 1, DataLoaders for peer 2). */
export interface PeerContext {
  fetch: RequestFetch;
}

interface Page<T extends { id: string }> {
  list: readonly T[];
  first: number;
  totalCount: number;
}

function connection<T extends { id: string }>({ list, first, totalCount }: Page<T>) {
  const shown = list.slice(0, Math.max(0, first));
  return {
    edges: shown.map((node) => ({ cursor: node.id, node })),
    pageInfo: { hasNextPage: list.length > shown.length, hasPreviousPage: false, startCursor: shown[0]?.id ?? null, endCursor: shown.at(-1)?.id ?? null },
    totalCount,
  };
}

/** Ticket → requester → in parallel: HubSpot by email, Shopify with its newest 5 orders, Square → its orders, the requester's tickets. */
async function customerByTicket(ticketId: string, f: RequestFetch): Promise<PeerCustomer | null> {
  const ticket = await f.ticket(ticketId);
  if (!ticket) return null;
  const user = await f.user(String(ticket.requester_id));
  if (!user) return null;
  const email = emailKey(user.email);
  const [hubspot, shopify, square, tickets] = await Promise.all([
    email ? f.hubspotByEmail(email) : [],
    email ? f.shopifyByEmail(email, 5) : [],
    email ? f.squareByEmail(email).then(async (customers) => ({ customers, orders: await f.squareOrders(customers.slice(0, 10).map((c) => c.id)) })) : { customers: [], orders: [] },
    f.requestedTickets(String(user.id)),
  ]);
  return assembleCustomer({ anchorId: `zendesk:${user.id}`, zendeskUser: user, hubspot, shopify, square: square.customers, tickets, squareOrders: square.orders });
}

/** A page of HubSpot contacts, each with its Shopify customers (by email) and their newest 10 orders. */
async function customers(first: number, after: string | null, f: RequestFetch) {
  const page = await f.hubspotPage(after, Math.min(100, Math.max(1, first)));
  const nodes = await Promise.all(page.contacts.map(async (contact) => {
    const email = emailKey(contact.properties.email);
    const shopify = email ? await f.shopifyByEmail(email, 10) : [];
    return assembleCustomer({ anchorId: `hubspot:${contact.id}`, hubspot: [contact], shopify, square: [], tickets: [], squareOrders: [] });
  }));
  return {
    edges: nodes.map((node) => ({ cursor: node.id, node })),
    pageInfo: { hasNextPage: page.next !== null, hasPreviousPage: after !== null, startCursor: nodes[0]?.id ?? null, endCursor: page.next },
  };
}

/** The peers' resolvers over the gateway's schema: the two roots the bench asks, and the facets' connections. */
export const peerResolvers = {
  Query: {
    customerByTicket: (_: unknown, a: { ticketId: string }, ctx: PeerContext) => customerByTicket(a.ticketId, ctx.fetch),
    customers: (_: unknown, a: { first?: number | null; after?: string | null }, ctx: PeerContext) => customers(a.first ?? 20, a.after ?? null, ctx.fetch),
  },
  Customer: {
    orders: (c: PeerCustomer, a: { first?: number | null }) => connection({ list: c.orders.list, first: a.first ?? 10, totalCount: c.orders.totalCount }),
    tickets: (c: PeerCustomer, a: { first?: number | null; status?: string | null }) => {
      const list = a.status ? c.tickets.filter((t) => t.status === a.status) : c.tickets;
      return connection({ list, first: a.first ?? 10, totalCount: list.length });
    },
    posTransactions: (c: PeerCustomer, a: { first?: number | null }) => connection({ list: c.posTransactions, first: a.first ?? 10, totalCount: c.posTransactions.length }),
  },
};

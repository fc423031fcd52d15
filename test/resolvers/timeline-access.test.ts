import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import type { Category, Rule } from '../../schema/access-policy.js';
import type { AccessPolicy } from '../../src/access/index.js';
import type { FacetKey } from '../../src/context/index.js';
import type { ResolvedCustomer } from '../../src/identity/index.js';
import type { ContactRecord, Order, Page, Source, Ticket } from '../../src/model/index.js';
import type { ResolverContext } from '../../src/resolvers/index.js';
import { customerTimeline } from '../../src/resolvers/timeline.js';

// The kind filter of Customer.timeline under a policy that denies a role a kind's category: no role of the shipped
// policy is denied PURCHASES, SUPPORT_META, CRM_PROFILE or CONSENT, so the HTTP suite cannot show it.

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const provenance = (source: Source, recordId: string) => ({ source, system: 'shopify' as const, recordId, updatedAt: null, fetchedAt: iso(T0) });

function contact(source: Source, recordId: string): ContactRecord {
  return { provenance: provenance(source, recordId), firstName: 'Ada', lastName: 'Byron', fullName: null, emails: [], phones: [], postalCode: null, countryCode: null, crossRefs: [], consent: [], createdAt: null };
}

const orders: Order[] = Array.from({ length: 12 }, (_, i) => ({
  provenance: provenance('ECOMMERCE', `o${i}`), customerRecordId: 'c1', name: `#${i}`, createdAt: iso(T0 - i * DAY), financialStatus: 'PAID', fulfillmentStatus: null,
  cancelledAt: null, total: { minor: 100, currency: 'EUR' }, refunded: null, refunds: null, lineItems: [],
}));
const tickets: Ticket[] = Array.from({ length: 3 }, (_, i) => ({
  provenance: provenance('SUPPORT', `${10 + i}`), requesterRecordId: 'u1', subject: 's', description: null, status: 'OPEN', priority: null, channel: null,
  createdAt: iso(T0 - i * 10 * DAY - 3600_000), updatedAt: null, satisfaction: null, firstReplyMinutes: null, solvedAt: null,
}));

/** A facet loader over a list in memory that applies the bound, counting the loads. */
function memoryLoader<T extends { createdAt: string }>(items: T[], loads: { n: number }) {
  return new DataLoader<FacetKey, Page<T>, string>(async (keys) => keys.map((k) => {
    loads.n += 1;
    const under = items.filter((x) => !k.createdAtOrBefore || x.createdAt <= k.createdAtOrBefore);
    return { items: under.slice(0, k.first), next: under.length > k.first ? 'more' : null, totalCount: null };
  }), { cacheKeyFn: (k) => JSON.stringify(k) });
}

const customer: ResolvedCustomer = {
  id: 'c', anchor: contact('ECOMMERCE', 'c1'),
  records: [contact('ECOMMERCE', 'c1'), contact('SUPPORT', 'u1')].map((record) => ({ record, matchedOn: ['ANCHOR'], confidence: 1 })) as ResolvedCustomer['records'],
  failures: new Map(), alarms: [], orphanedReferences: [],
};

function context(denied: Category | null, loads: { orders: { n: number }; tickets: { n: number } }): ResolverContext {
  const access: AccessPolicy = {
    categoryOf: () => 'STRUCTURE',
    ruleFor: (_roles, category): Rule => (category === denied ? 'deny' : 'allow'),
    isPersonal: () => true,
    channelsOf: () => [],
  };
  return {
    access, principal: { sub: 't', roles: ['analyst'] }, timelineLookaheadMs: 30 * DAY,
    loaders: { orders: memoryLoader(orders, loads.orders), tickets: memoryLoader(tickets, loads.tickets), pos: memoryLoader([], { n: 0 }) },
  } as unknown as ResolverContext;
}

describe('Customer.timeline under a role denied a kind', () => {
  it('leaves the kind out before paging: no events, no count in hasNextPage, and its silo is not read', async () => {
    const loads = { orders: { n: 0 }, tickets: { n: 0 } };
    const page = await customerTimeline(customer, { first: 3 }, context('PURCHASES', loads));
    expect(page.edges.map((e) => e.node.kind)).toEqual(['TICKET_OPENED', 'TICKET_OPENED', 'TICKET_OPENED']);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(loads.orders.n).toBe(0);
    // Asking for the denied kind by name answers nothing, as an empty timeline would.
    const asked = await customerTimeline(customer, { first: 3, kinds: ['ORDER_PLACED'] }, context('PURCHASES', loads));
    expect(asked.edges).toEqual([]);
    expect(asked.pageInfo.hasNextPage).toBe(false);
  });

  it('shows every kind to a role allowed them all', async () => {
    const loads = { orders: { n: 0 }, tickets: { n: 0 } };
    const page = await customerTimeline(customer, { first: 3 }, context(null, loads));
    expect(page.edges.map((e) => e.node.recordId)).toEqual(['o0', '10', 'o1']);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });
});

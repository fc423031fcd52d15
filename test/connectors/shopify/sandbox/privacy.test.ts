import { describe, expect, it, vi } from 'vitest';
import { fixture, fixtureText } from '../support.js';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';
import { specProblems } from '../support-spec.js';

const world = smallWorld();
// One sandbox whose erasures stay pending for the whole suite, one that carries them out almost at once.
const slow = useShopifySandbox(world, { erasureDelayMs: 600_000 });
const fast = useShopifySandbox(world, { erasureDelayMs: 20 });

const ERASE = fixtureText('customer-request-data-erasure.mutation.graphql');
const CANCEL = 'mutation($customerId: ID!) { customerCancelDataErasure(customerId: $customerId) { customerId userErrors { field message code } } }';
const CONSENT = `mutation($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { id emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } }
    userErrors { field message code }
  }
}`;
const READ = `query($id: ID!, $ids: [ID!]!, $query: String, $order: ID!) {
  customer(id: $id) { id emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } }
  nodes(ids: $ids) { ... on Customer { id } }
  customers(first: 5, query: $query) { edges { node { id } } }
  order(id: $order) { id customer { id } }
}`;

const customersWithOrders = world.shopify.customers.filter((c) => c.email && world.shopify.orders.some((o) => o.customerId === c.id));
const [pendingOne, erasedOne, consentOne] = customersWithOrders;
const noEmail = world.shopify.customers.find((c) => c.email === null);
if (!pendingOne || !erasedOne || !consentOne || !noEmail) throw new Error('the test world lacks the customers these tests need');

type Sandbox = typeof slow;
/** Everything a read can show of one customer: by id, among nodes, found by its email, behind one of its orders, in the truth. */
async function readsOf(sandbox: Sandbox, c: { id: string; email: string | null }) {
  const order = world.shopify.orders.find((o) => o.customerId === c.id)?.id;
  const { body } = await sandbox.post<{
    customer: { id: string; emailMarketingConsent: Record<string, unknown> | null } | null;
    nodes: ({ id: string } | null)[];
    customers: { edges: { node: { id: string } }[] };
    order: { customer: { id: string } | null };
  }>({ query: READ, variables: { id: c.id, ids: [c.id], query: `email:"${c.email}"`, order } });
  expect(body.errors).toBeUndefined();
  const data = body.data;
  if (!data) throw new Error('no data');
  const inTruth = Object.values(await sandbox.truth()).some((ids) => ids.includes(c.id));
  return { byId: data.customer, node: data.nodes[0] ?? null, searched: data.customers.edges.some((e) => e.node.id === c.id), orderCustomer: data.order.customer, inTruth, consent: data.customer?.emailMarketingConsent };
}

async function mutate(sandbox: Sandbox, query: string, variables: Record<string, unknown>, against: 'vendor' | 'project' = 'vendor') {
  const { status, body } = await sandbox.post<Record<string, { customerId?: string | null; customer?: unknown; userErrors: unknown[] }>>({ query, variables });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(specProblems(query, variables, body.data, against)).toEqual([]);
  return body.data ?? {};
}

describe('Shopify sandbox customerRequestDataErasure: accepted at once, carried out later', () => {
  it('answers the vendor example shapes: the customer id for a known customer, DOES_NOT_EXIST for an unknown one', async () => {
    const ok = await mutate(slow, ERASE, { customerId: pendingOne.id });
    expect(ok).toEqual({ customerRequestDataErasure: { customerId: pendingOne.id, userErrors: [] } });
    const unknown = await mutate(slow, ERASE, { customerId: 'gid://shopify/Customer/1' });
    expect(unknown).toEqual(fixture<{ data: unknown }>('customer-request-data-erasure.user-error.response.json').data);
  });

  it('keeps a customer pending erasure in every read, and accepts the request again while it is pending', async () => {
    await mutate(slow, ERASE, { customerId: pendingOne.id });
    expect(await mutate(slow, ERASE, { customerId: pendingOne.id })).toEqual({ customerRequestDataErasure: { customerId: pendingOne.id, userErrors: [] } });
    const reads = await readsOf(slow, pendingOne);
    expect(reads).toMatchObject({ byId: { id: pendingOne.id }, node: { id: pendingOne.id }, searched: true, orderCustomer: { id: pendingOne.id }, inTruth: true });
  });

  it('cancels a pending erasure with customerCancelDataErasure, and answers NOT_BEING_ERASED when none is pending', async () => {
    const other = customersWithOrders[3];
    if (!other) throw new Error('the test world lacks the customers these tests need');
    await mutate(slow, ERASE, { customerId: other.id });
    expect(await mutate(slow, CANCEL, { customerId: other.id })).toEqual({ customerCancelDataErasure: { customerId: other.id, userErrors: [] } });
    expect(await mutate(slow, CANCEL, { customerId: other.id })).toEqual({
      customerCancelDataErasure: { customerId: null, userErrors: [{ field: ['customerId'], message: "Customer's data is not scheduled for erasure", code: 'NOT_BEING_ERASED' }] },
    });
  });

  it('removes the customer from every read once the erasure is done, and then answers DOES_NOT_EXIST', async () => {
    expect((await readsOf(fast, erasedOne)).inTruth).toBe(true);
    await mutate(fast, ERASE, { customerId: erasedOne.id });
    // Wait on the erasure itself, then read: an erasure landing between the reads of one `readsOf` cannot split it.
    await vi.waitFor(async () => expect(Object.values(await fast.truth()).flat()).not.toContain(erasedOne.id), { timeout: 20_000, interval: 25 });
    const reads = await readsOf(fast, erasedOne);
    expect(reads).toEqual({ byId: null, node: null, searched: false, orderCustomer: null, inTruth: false, consent: undefined });
    const again = await mutate(fast, ERASE, { customerId: erasedOne.id });
    expect(again.customerRequestDataErasure?.userErrors).toEqual([{ field: ['customerId'], message: 'Customer does not exist', code: 'DOES_NOT_EXIST' }]);
  });
});

describe('Shopify sandbox customerEmailMarketingConsentUpdate (added to the project SDL copy)', () => {
  it('stores the new consent so reads show it from then on', async () => {
    const input = { customerId: consentOne.id, emailMarketingConsent: { marketingState: 'UNSUBSCRIBED', consentUpdatedAt: '2025-03-01T10:00:00.000Z' } };
    const data = await mutate(slow, CONSENT, { input }, 'project');
    const expected = { marketingState: 'UNSUBSCRIBED', marketingOptInLevel: null, consentUpdatedAt: '2025-03-01T10:00:00Z' };
    expect(data).toEqual({ customerEmailMarketingConsentUpdate: { customer: { id: consentOne.id, emailMarketingConsent: expected }, userErrors: [] } });
    expect((await readsOf(slow, consentOne)).consent).toEqual(expected);
    const grant = { ...input, emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: '2025-03-02T10:00:00Z' } };
    await mutate(slow, CONSENT, { input: grant }, 'project');
    expect((await readsOf(slow, consentOne)).consent).toEqual({ marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: '2025-03-02T10:00:00Z' });
  });

  it('answers user errors for an unknown customer, a customer without email and a state that cannot be set', async () => {
    const consent = { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' };
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ customerId: 'gid://shopify/Customer/1', emailMarketingConsent: consent }, { field: ['input', 'customerId'], code: 'INVALID' }],
      [{ customerId: noEmail.id, emailMarketingConsent: consent }, { field: ['input', 'emailMarketingConsent'], code: 'INVALID' }],
      [{ customerId: consentOne.id, emailMarketingConsent: { marketingState: 'REDACTED' } }, { field: ['input', 'emailMarketingConsent', 'marketingState'], code: 'INCLUSION' }],
    ];
    for (const [input, error] of cases) {
      const data = await mutate(slow, CONSENT, { input }, 'project');
      expect(data).toEqual({ customerEmailMarketingConsentUpdate: { customer: null, userErrors: [{ ...error, message: expect.any(String) }] } });
    }
  });
});

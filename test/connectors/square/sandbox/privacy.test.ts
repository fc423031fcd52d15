import { beforeAll, describe, expect, it } from 'vitest';
import type { WorldContact } from '../../../../connectors/sandbox-kit/index.js';
import { lookupKeyId, normaliseEmail, normalisePhone, phoneRegionOf, type LookupKey } from '../../../../src/model/index.js';
import { createSquareConnector, resolveSquareConfig, squareSettings, type SquareConnector } from '../../../../connectors/square/index.js';
import { drain, example, squareSpec, useSquareSilo } from '../support.js';
import { DEFAULT_SQUARE_VERSION } from '../../../../connectors/square/index.js';

const silo = useSquareSilo(200);
let pos: SquareConnector;
const world = () => silo.world.square;
const taken = new Set<string>();
/** A customer no earlier test of this file erased, with email, phone, HubSpot id and orders. */
const victim = (): WorldContact => {
  const found = world().customers.find(
    (c) => !taken.has(c.id) && c.email && c.phone && c.xref && world().orders.some((o) => o.customerId === c.id),
  );
  if (!found) throw new Error('the test world lacks a customer this test needs');
  taken.add(found.id);
  return found;
};
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const notFoundBody = (id: string) => ({
  errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }],
});

beforeAll(() => {
  pos = createSquareConnector(resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: silo.sandbox.url }));
});

describe('Square connector against the sandbox: erasure', () => {
  it('erases a customer: ERASED, then GONE, and retrieve, bulk-retrieve, search, list and truth no longer hold it', async () => {
    const c = victim();
    expect(await pos.recordPresence(c.id)).toBe('PRESENT');
    const keys: LookupKey[] = [
      { kind: 'email', value: normaliseEmail(c.email) ?? '' },
      { kind: 'phone', value: normalisePhone(c.phone ?? '', phoneRegionOf(c.countryCode)) ?? '' },
      { kind: 'xref', source: 'CRM', value: c.xref ?? '' },
    ];
    const before = await pos.findContacts(keys);
    for (const key of keys) expect(before.get(lookupKeyId(key))?.map((r) => r.provenance.recordId)).toContain(c.id);

    const erased = await pos.eraseRecord(c.id);
    expect(erased.state).toBe('ERASED');
    expect(erased.receipts.map((r) => [r.operation, r.httpStatus, r.response])).toEqual([
      ['DELETE /v2/customers/{customer_id}', 200, { customerId: c.id }],
    ]);
    expect(await pos.recordPresence(c.id)).toBe('GONE');

    expect(await json(await silo.api(`/v2/customers/${c.id}`))).toEqual({ status: 404, body: notFoundBody(c.id) });
    const bulk = await json(await silo.api('/v2/customers/bulk-retrieve', { method: 'POST', body: { customer_ids: [c.id] } }));
    expect(bulk.body.responses[c.id]).toEqual(notFoundBody(c.id));
    expect((await pos.getContacts([c.id])).size).toBe(0);

    const found = await pos.findContacts(keys);
    for (const key of keys) expect(found.get(lookupKeyId(key))?.map((r) => r.provenance.recordId)).not.toContain(c.id);

    const listed = await drain(async (after) => {
      const page = await pos.listContacts({ first: 100, after });
      return { items: page.items.map((r) => r.provenance.recordId), next: page.next };
    });
    expect(listed).not.toContain(c.id);
    expect(listed.length).toBeGreaterThan(0);

    const truth = (await (await fetch(`${silo.sandbox.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
    expect(Object.values(truth).flat()).not.toContain(c.id);
    expect(Object.values(truth).flat()).toContain(listed[0]);
  });

  it('answers a repeated erasure with NOT_FOUND and a 404 receipt, not an error', async () => {
    const c = victim();
    expect((await pos.eraseRecord(c.id)).state).toBe('ERASED');
    const again = await pos.eraseRecord(c.id);
    expect(again.state).toBe('NOT_FOUND');
    expect(again.receipts.map((r) => [r.httpStatus, r.response])).toEqual([[404, { customerId: c.id }]]);
  });

  it("keeps the erased customer's orders and payments with their customer_id, as Square keeps transaction records", async () => {
    const c = victim();
    const orders = world().orders.filter((o) => o.customerId === c.id);
    const payments = world().payments.filter((p) => p.customerId === c.id);
    expect(payments.length).toBeGreaterThan(0);
    expect((await pos.eraseRecord(c.id)).state).toBe('ERASED');
    const page = (await pos.transactionsFor([c.id], { first: 100 })).get(c.id);
    expect(page?.items.map((t) => t.provenance.recordId).sort()).toEqual(orders.map((o) => o.id).sort());
    const order = await json(await silo.api(`/v2/orders/${orders[0]?.id ?? ''}`));
    expect(order.body.order.customer_id).toBe(c.id);
    for (const p of payments) expect((await json(await silo.api(`/v2/payments/${p.id}`))).body.payment.customer_id).toBe(c.id);
  });
});

describe('Square sandbox: DeleteCustomer', () => {
  it("answers 200 {} as the spec's DeleteCustomerResponse example, ignoring a given version", async () => {
    const c = victim();
    const res = await json(await silo.api(`/v2/customers/${c.id}?version=7`, { method: 'DELETE' }));
    expect(res).toEqual({ status: 200, body: example('customer-delete.200.json') });
    expect(squareSpec.customers.problems('DeleteCustomerResponse', res.body)).toEqual([]);
    expect((await silo.api(`/v2/customers/${c.id}`)).status).toBe(404);
  });

  it("answers an unknown id with Square's 404 NOT_FOUND example body", async () => {
    const res = await json(await silo.api('/v2/customers/2GYD7WNXF7BJZW1PMGNXZ3Y8M8', { method: 'DELETE' }));
    expect(res).toEqual({ status: 404, body: example('error.404.json') });
  });

  it('rejects a version that is not an integer with 400 EXPECTED_INTEGER and deletes nothing', async () => {
    const c = victim();
    const res = await json(await silo.api(`/v2/customers/${c.id}?version=latest`, { method: 'DELETE' }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'EXPECTED_INTEGER', field: 'version' });
    expect(await pos.recordPresence(c.id)).toBe('PRESENT');
  });

  it('refuses a DELETE without the access token and deletes nothing', async () => {
    const c = victim();
    const res = await silo.api(`/v2/customers/${c.id}`, { method: 'DELETE', headers: { 'square-version': DEFAULT_SQUARE_VERSION } });
    expect(res.status).toBe(401);
    expect(await pos.recordPresence(c.id)).toBe('PRESENT');
  });
});

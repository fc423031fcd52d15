import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import type { WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { createShopifyConnector, resolveShopifyConfig, shopifySettings } from '../../../connectors/shopify/index.js';
import { normaliseEmail, type LookupKey } from '../../../src/model/index.js';
import { smallWorld, useShopifySandbox } from './support-sandbox.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const connect = () => createShopifyConnector(resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: sandbox.url() }));
const customers = world.shopify.customers;
const seconds = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
const e164 = (phone: string | null, region: string | null) => (phone ? parsePhoneNumberFromString(phone, (region ?? 'US') as CountryCode)?.number : undefined);

/** What the connector must say about a World customer, worked out from the World alone. */
function expectedRecord(c: WorldContact) {
  return {
    provenance: { source: 'ECOMMERCE', system: 'shopify', recordId: c.id, updatedAt: seconds(c.updatedAt), fetchedAt: expect.any(String) },
    firstName: c.firstName,
    lastName: c.lastName,
    emails: c.email ? [c.email] : [],
    phones: c.phone ? [c.phone] : [],
    // The default address's phone is the world's secondary phone.
    secondaryEmails: [],
    secondaryPhones: c.secondaryPhones,
    postalCode: c.postalCode,
    countryCode: c.countryCode,
    crossRefs: [],
    createdAt: seconds(c.createdAt),
    consent: [
      ...(c.email ? [{ channel: 'EMAIL', state: c.emailConsent, updatedAt: seconds(c.consentUpdatedAt) }] : []),
      ...(c.phone ? [{ channel: 'SMS', state: c.smsConsent, updatedAt: seconds(c.consentUpdatedAt) }] : []),
    ],
  };
}

async function requestsFor(run: () => Promise<unknown>): Promise<number> {
  const before = (await sandbox.stats()).total;
  await run();
  return (await sandbox.stats()).total - before;
}

describe('Shopify connector against the sandbox agrees with the World', () => {
  it('reads every customer by id exactly as the World holds it (emails and phones as stored, consent, address)', async () => {
    const found = await connect().getContacts(customers.map((c) => c.id));
    expect(found.size).toBe(customers.length);
    for (const c of customers) expect(found.get(c.id), c.id).toMatchObject(expectedRecord(c));
  });

  it('finds customers by email and phone keys, matching the World\'s stored variants, in ceil(keys / 50) searches, three aliased to a request', async () => {
    // A stored email that is no address (a seeded data-quality defect) is no key: identity never asks with one.
    const withEmail = customers.filter((c) => normaliseEmail(c.email) !== null).slice(0, 60);
    const withPhone = customers.filter((c) => c.phone).slice(0, 40);
    const keys: LookupKey[] = [
      ...withEmail.map((c) => ({ kind: 'email' as const, value: normaliseEmail(c.email) ?? '' })),
      ...withPhone.map((c) => ({ kind: 'phone' as const, value: e164(c.phone, c.countryCode) ?? '' })),
      { kind: 'email', value: 'nobody@nowhere.example' },
      { kind: 'xref', source: 'CRM', value: '51' },
    ];
    const connector = connect();
    let found = new Map<string, unknown[]>();
    const requests = await requestsFor(async () => {
      found = await connector.findContacts(keys);
    });
    const distinct = new Set(keys.filter((k) => k.kind !== 'xref').map((k) => `${k.kind}:${k.value}`)).size;
    expect(distinct).toBeGreaterThan(50);
    expect(requests).toBe(Math.ceil(Math.ceil(distinct / 50) / 3));
    for (const key of keys) {
      const id = key.kind === 'xref' ? `xref:${key.source}:${key.value}` : `${key.kind}:${key.value}`;
      const expected = key.kind === 'email'
        ? customers.filter((c) => c.email?.trim().toLowerCase() === key.value)
        : key.kind === 'phone' ? customers.filter((c) => e164(c.phone, c.countryCode) === key.value) : [];
      const got = (found.get(id) as { provenance: { recordId: string } }[]).map((r) => r.provenance.recordId).sort();
      expect(got, id).toEqual(expected.map((c) => c.id).sort());
    }
  });

  it('finds by name: every customer whose first and last names start with the words given', async () => {
    const someone = customers.find((c) => c.firstName && c.lastName) as WorldContact;
    const found = await connect().findContacts([{ kind: 'name', value: `${someone.firstName} ${someone.lastName}` }]);
    const words = [someone.firstName, someone.lastName].map((w) => (w ?? '').toLowerCase());
    const expected = customers.filter((c) => {
      const own = `${c.firstName ?? ''} ${c.lastName ?? ''}`.toLowerCase().split(/\s+/);
      return words.every((w) => own.some((o) => o.startsWith(w)));
    });
    expect(found.get(`name:${someone.firstName} ${someone.lastName}`)?.map((r) => r.provenance.recordId).sort()).toEqual(expected.map((c) => c.id).sort());
  });

  it('reads orders newest first with exact totals, totalCount and a cursor to resume, for 250 customers in one request', async () => {
    const connector = connect();
    const ids = customers.slice(0, 250).map((c) => c.id);
    let pages = new Map<string, { items: { provenance: { recordId: string }; total: unknown; lineItems: unknown[]; customerRecordId: string }[]; next: string | null; totalCount: number | null }>();
    expect(await requestsFor(async () => {
      pages = await connector.ordersFor(ids, { first: 3 });
    })).toBe(1);
    for (const id of ids) {
      const orders = world.shopify.orders.filter((o) => o.customerId === id).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const page = pages.get(id);
      expect(page?.totalCount).toBe(orders.length);
      expect(page?.items.map((o) => o.provenance.recordId)).toEqual(orders.slice(0, 3).map((o) => o.id));
      expect(page?.items.map((o) => o.total)).toEqual(orders.slice(0, 3).map((o) => ({ minor: o.totalMinor, currency: o.currency })));
      expect(page?.items.every((o) => o.customerRecordId === id)).toBe(true);
      expect(page?.next === null).toBe(orders.length <= 3);
    }
    const [owner, page] = [...pages].find(([, p]) => p.next !== null) ?? [];
    const rest = await connector.ordersFor([owner as string], { first: 10, after: page?.next });
    const all = world.shopify.orders.filter((o) => o.customerId === owner).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    expect(rest.get(owner as string)?.items.map((o) => o.provenance.recordId)).toEqual(all.slice(3, 13).map((o) => o.id));
  });

  it('reads one order by id with its lines, and null for an order that does not exist', async () => {
    const order = world.shopify.orders.find((o) => o.currency === 'KWD') ?? world.shopify.orders[0];
    if (!order) throw new Error('no orders in the test world');
    const got = await connect().getOrder(order.id);
    expect(got).toMatchObject({
      provenance: { recordId: order.id, updatedAt: seconds(order.updatedAt) },
      customerRecordId: order.customerId,
      name: order.name,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      total: { minor: order.totalMinor, currency: order.currency },
      lineItems: order.lines.map((l) => ({ title: l.title, sku: l.sku, quantity: String(l.quantity), unitPrice: { minor: l.unitMinor, currency: order.currency }, total: { minor: l.unitMinor * l.quantity, currency: order.currency } })),
    });
    expect(await connect().getOrder('gid://shopify/Order/1')).toBeNull();
  });

});

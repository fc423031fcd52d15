import { describe, expect, it } from 'vitest';
import {
  createShopifyConnector,
  DEFAULT_SHOPIFY_API_VERSION,
  resolveShopifyConfig,
  SHOPIFY_API_VERSIONS,
  SHOPIFY_SANDBOX_CREDENTIALS,
  shopifySettings,
} from '../../../../connectors/shopify/index.js';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world, { erasureDelayMs: 600_000 });
const [first, second] = world.shopify.customers.filter((c) => c.email && world.shopify.orders.some((o) => o.customerId === c.id));
if (!first || !second) throw new Error('the test world lacks customers with an email and orders');

const connectAt = (version: string) =>
  createShopifyConnector(resolveShopifyConfig(shopifySettings.parse({ SHOPIFY_API_VERSION: version }), { sandboxUrl: sandbox.url() }));

/** POSTs a query to one version's endpoint and returns the status and the version that answered. */
async function askVersion(version: string) {
  const res = await fetch(`${sandbox.url()}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': SHOPIFY_SANDBOX_CREDENTIALS.accessToken },
    body: JSON.stringify({ query: '{ customersCount { count } }' }),
  });
  return { status: res.status, answeredBy: res.headers.get('x-shopify-api-version'), body: (await res.json()) as Record<string, unknown> };
}

describe('Shopify API versions', () => {
  it('lists the supported versions oldest first, quarterly handles, with the newest as the default', () => {
    expect(SHOPIFY_API_VERSIONS.length).toBeGreaterThan(0);
    expect(SHOPIFY_API_VERSIONS.every((v) => /^\d{4}-(01|04|07|10)$/.test(v))).toBe(true);
    expect([...SHOPIFY_API_VERSIONS].sort()).toEqual([...SHOPIFY_API_VERSIONS]);
    expect(DEFAULT_SHOPIFY_API_VERSION).toBe(SHOPIFY_API_VERSIONS.at(-1));
    // 2025-01 left Shopify's support on 2026-01-01: it must be neither the default nor listed.
    expect(SHOPIFY_API_VERSIONS).not.toContain('2025-01');
    expect(resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: 'http://127.0.0.1:9' }).apiVersion).toBe(DEFAULT_SHOPIFY_API_VERSION);
  });

  it.each(SHOPIFY_API_VERSIONS)('works end to end against a sandbox at %s: reads, searches, orders and a consent write', async (version) => {
    const connector = connectAt(version);
    const byId = await connector.getContacts([first.id]);
    expect(byId.get(first.id)?.emails).toEqual([first.email]);
    const found = await connector.findContacts([{ kind: 'email', value: (second.email ?? '').trim().toLowerCase() }]);
    expect([...found.values()].flat().map((r) => r.provenance.recordId)).toContain(second.id);
    const orders = (await connector.ordersFor([first.id], { first: 2 })).get(first.id);
    expect(orders?.totalCount).toBe(world.shopify.orders.filter((o) => o.customerId === first.id).length);
    const record = byId.get(first.id);
    if (!record) throw new Error('no record');
    expect((await connector.writeEmailConsent(record, 'GRANTED')).state).toBe('WRITTEN');
    expect((await connector.eraseRecord(second.id)).state).toBe('PENDING_AT_VENDOR');
    expect((await askVersion(version)).answeredBy).toBe(version);
  });

  it('answers an expired version with the oldest supported one, as Shopify falls forward, and says so in X-Shopify-API-Version', async () => {
    for (const expired of ['2025-01', '2025-10', '2024-04']) {
      const answer = await askVersion(expired);
      expect(answer.status, expired).toBe(200);
      expect(answer.answeredBy, expired).toBe(SHOPIFY_API_VERSIONS[0]);
      expect(answer.body).toMatchObject({ data: { customersCount: { count: world.shopify.customers.length } } });
    }
    // The connector pinned to an expired version still reads: the sandbox answers it as the oldest supported version.
    expect((await connectAt('2025-01').getContacts([first.id])).get(first.id)?.emails).toEqual([first.email]);
  });

  it('answers 404 Not Found for a version that is not a release, is not out yet, or is not served', async () => {
    for (const unknown of ['2026-02', '2099-01', 'unstable', 'latest', '2026-1']) {
      const answer = await askVersion(unknown);
      expect(answer.status, unknown).toBe(404);
      expect(answer.body).toEqual({ errors: 'Not Found' });
    }
  });

  it('serves the 2025-04 defaultEmailAddress and defaultPhoneNumber in agreement with the deprecated email and phone', async () => {
    const answer = await sandbox.post<{ customer: Record<string, unknown> }>({
      query: `query($id: ID!) { customer(id: $id) {
        email phone emailMarketingConsent { marketingState consentUpdatedAt } smsMarketingConsent { marketingState }
        defaultEmailAddress { emailAddress marketingState marketingUpdatedAt validFormat }
        defaultPhoneNumber { phoneNumber marketingState marketingUpdatedAt }
      } }`,
      variables: { id: first.id },
    });
    const c = answer.body.data?.customer as {
      email: string | null; phone: string | null;
      emailMarketingConsent: { marketingState: string; consentUpdatedAt: string } | null; smsMarketingConsent: { marketingState: string } | null;
      defaultEmailAddress: { emailAddress: string; marketingState: string; marketingUpdatedAt: string; validFormat: boolean } | null;
      defaultPhoneNumber: { phoneNumber: string; marketingState: string } | null;
    };
    expect(answer.body.errors).toBeUndefined();
    expect(c.defaultEmailAddress).toEqual({
      emailAddress: c.email?.trim(),
      marketingState: c.emailMarketingConsent?.marketingState,
      marketingUpdatedAt: c.emailMarketingConsent?.consentUpdatedAt,
      validFormat: true,
    });
    expect(c.defaultPhoneNumber?.phoneNumber ?? null).toBe(c.phone);
    expect(c.defaultPhoneNumber?.marketingState ?? null).toBe(c.smsMarketingConsent?.marketingState ?? null);
  });
});

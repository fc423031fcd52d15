import { describe, expect, it } from 'vitest';
import { createShopifyConnector, resolveShopifyConfig, shopifySettings } from '../../../connectors/shopify/index.js';
import { smallWorld, useShopifySandbox } from './support-sandbox.js';

const world = smallWorld();
const slow = useShopifySandbox(world, { erasureDelayMs: 600_000 });
const fast = useShopifySandbox(world, { erasureDelayMs: 20 });
const connect = (sandbox: typeof slow) => createShopifyConnector(resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: sandbox.url() }));

const withEmail = world.shopify.customers.filter((c) => c.email);
const [pendingOne, erasedOne, consentOne, erasedTwo] = withEmail;
const noEmail = world.shopify.customers.find((c) => c.email === null);
if (!pendingOne || !erasedOne || !consentOne || !erasedTwo || !noEmail) throw new Error('the test world lacks the customers these tests need');

/** The record the connector reads for a customer, as the gateway would hand it back for a consent write. */
async function recordOf(connector: ReturnType<typeof connect>, id: string) {
  const record = (await connector.getContacts([id])).get(id);
  if (!record) throw new Error(`no record for ${id}`);
  return record;
}

/** Polls presence until GONE, bounded (no timing is asserted: the loop only waits for the sandbox's erasure delay). */
async function presenceOnceErased(connector: ReturnType<typeof connect>, id: string) {
  let presence = await connector.recordPresence(id);
  for (let i = 0; i < 200 && presence !== 'GONE'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    presence = await connector.recordPresence(id);
  }
  return presence;
}

describe('Shopify connector privacy operations against the sandbox', () => {
  it('reports an accepted erasure as PENDING_AT_VENDOR, safe to repeat, while the customer still reads as PRESENT', async () => {
    const connector = connect(slow);
    expect(await connector.eraseRecord(pendingOne.id)).toMatchObject({ state: 'PENDING_AT_VENDOR', receipts: [{ response: { customerId: pendingOne.id, userErrorCodes: '' } }] });
    expect((await connector.eraseRecord(pendingOne.id)).state).toBe('PENDING_AT_VENDOR');
    expect(await connector.recordPresence(pendingOne.id)).toBe('PRESENT');
  });

  it('sees the customer GONE once Shopify has carried the erasure out, and a re-run then answers NOT_FOUND', async () => {
    const connector = connect(fast);
    expect((await connector.eraseRecord(erasedOne.id)).state).toBe('PENDING_AT_VENDOR');
    expect(await presenceOnceErased(connector, erasedOne.id)).toBe('GONE');
    expect(await connector.eraseRecord(erasedOne.id)).toMatchObject({ state: 'NOT_FOUND', receipts: [{ response: { customerId: null, userErrorCodes: 'DOES_NOT_EXIST' } }] });
    expect((await connector.getContacts([erasedOne.id])).size).toBe(0);
  });

  it('writes email consent through so the next read shows it, a withdrawal then a grant', async () => {
    const connector = connect(slow);
    const record = await recordOf(connector, consentOne.id);
    for (const [decision, state] of [['DENIED', 'UNSUBSCRIBED'], ['GRANTED', 'SUBSCRIBED']] as const) {
      expect(await connector.writeEmailConsent(record, decision)).toMatchObject({ state: 'WRITTEN', receipts: [{ response: { customerId: consentOne.id, marketingState: state } }] });
      expect((await recordOf(connector, consentOne.id)).consent.find((f) => f.channel === 'EMAIL')?.state).toBe(decision);
    }
  });

  it('answers REFUSED for a customer without an email address and NOT_FOUND for one already erased', async () => {
    const connector = connect(fast);
    const record = await recordOf(connector, noEmail.id);
    expect(await connector.writeEmailConsent(record, 'GRANTED')).toMatchObject({
      state: 'REFUSED',
      detail: 'Shopify refused the update: INVALID at input.emailMarketingConsent',
    });
    const erased = await recordOf(connector, erasedTwo.id);
    await connector.eraseRecord(erasedTwo.id);
    expect(await presenceOnceErased(connector, erasedTwo.id)).toBe('GONE');
    const result = await connector.writeEmailConsent(erased, 'GRANTED');
    expect(result).toMatchObject({ state: 'NOT_FOUND', receipts: [{ response: { userErrorCodes: 'INVALID' } }] });
  });
});

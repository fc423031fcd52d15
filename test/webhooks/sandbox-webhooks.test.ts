import { startCapture } from '../support/webhook-capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, hubspotSettings, resolveHubSpotConfig } from '../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox, type SandboxDefinition, type World } from '../../connectors/sandbox-kit/index.js';
import { createShopifyConnector, createShopifySandbox, resolveShopifyConfig, shopifySettings } from '../../connectors/shopify/index.js';
import { createSquareConnector, createSquareSandbox, resolveSquareConfig, squareSettings } from '../../connectors/square/index.js';
import { createZendeskConnector, createZendeskSandbox, resolveZendeskConfig, zendeskSettings } from '../../connectors/zendesk/index.js';
import type { ContactConnector, Source, System } from '../../src/model/index.js';
import { hubspotWebhook, shopifyWebhook, squareWebhook, zendeskWebhook, type WebhookVendor } from '../../src/webhooks/index.js';
import { eventually, SECRETS, startWebhookApp } from './support.js';

interface VendorCase {
  system: System;
  source: Source;
  sandbox: (world: World) => SandboxDefinition;
  connector: (url: string) => ContactConnector;
  recordOf: (world: World) => string;
  dialect: WebhookVendor;
}

const world = generateWorld({ seed: 7, people: 40 });
const withEmail = <T extends { id: string; email: string | null }>(records: T[]) => records.find((r) => r.email !== null)?.id ?? 'none';

const CASES: VendorCase[] = [
  { system: 'hubspot', source: 'CRM', sandbox: (w) => createHubSpotSandbox(w), connector: (url) => createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: url })), recordOf: (w) => withEmail(w.hubspot.contacts), dialect: hubspotWebhook },
  { system: 'shopify', source: 'ECOMMERCE', sandbox: (w) => createShopifySandbox(w), connector: (url) => createShopifyConnector(resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: url })), recordOf: (w) => withEmail(w.shopify.customers), dialect: shopifyWebhook },
  { system: 'zendesk', source: 'SUPPORT', sandbox: (w) => createZendeskSandbox(w), connector: (url) => createZendeskConnector(resolveZendeskConfig(zendeskSettings.parse({}), { sandboxUrl: url })), recordOf: (w) => withEmail(w.zendesk.users), dialect: zendeskWebhook },
  { system: 'square', source: 'POS', sandbox: (w) => createSquareSandbox(w), connector: (url) => createSquareConnector(resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: url })), recordOf: (w) => withEmail(w.square.customers), dialect: squareWebhook },
];


describe.each(CASES)('the $system sandbox sends signed webhooks when its data changes', ({ system, source, sandbox, connector, recordOf, dialect }) => {
  let silo: RunningSandbox;
  let gateway: Awaited<ReturnType<typeof startWebhookApp>>;
  const recordId = recordOf(world);
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${silo.url}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const target = (secret: string = SECRETS[system]) => control('PUT', 'webhooks', { url: `${gateway.url}/webhooks/${system}`, secret });
  const deliveries = async () => ((await (await control('GET', 'webhooks')).json()) as { deliveries: { seq: number; state: string; lastStatus: number | null; attempts: number }[] }).deliveries;
  const settled = (seq: number) => eventually(async () => (await deliveries()).find((d) => d.seq === seq && d.state !== 'pending'), 5000, `delivery ${seq}`);

  beforeAll(async () => {
    silo = await startSandbox(sandbox(world), { webhookDelivery: { attempts: 2, backoffMs: 20, timeoutMs: 1000 } });
    gateway = await startWebhookApp();
  });
  afterAll(async () => {
    await silo.close();
    await gateway.close();
  });

  it('changes the record as the vendor API serves it, and delivers a webhook that invalidates exactly that record', async () => {
    expect((await target()).status).toBe(200);
    const email = `changed.${system}@example.org`;
    const res = await control('PATCH', `records/${encodeURIComponent(recordId)}`, { email, firstName: 'Renamed' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { eventIds: string[]; deliveries: number[] };
    expect(answer.eventIds.length).toBeGreaterThan(0);
    const served = (await connector(silo.url).getContacts([recordId])).get(recordId);
    expect(served?.emails).toEqual([email]);
    expect(served?.firstName).toBe('Renamed');
    for (const seq of answer.deliveries) expect(await settled(seq)).toMatchObject({ state: 'delivered', lastStatus: 200 });
    // Zendesk sends one event per change (identity, name): each names the same user.
    expect(gateway.calls.length).toBe(answer.deliveries.length);
    for (const call of gateway.calls) expect(call).toEqual({ source, ids: [recordId] });
  });

  it('redelivers the last notification with the same event ids, which the gateway acknowledges without a second effect', async () => {
    const before = gateway.calls.length;
    const res = await control('POST', 'webhooks/redeliver-last');
    expect(res.status).toBe(202);
    const { deliveries: [seq] } = (await res.json()) as { deliveries: number[] };
    expect(await settled(seq ?? -1)).toMatchObject({ state: 'delivered', lastStatus: 200 });
    expect(gateway.calls.length).toBe(before);
  });

  it('sends nothing the gateway accepts when signed with another secret: 401 after its retries, and no effect', async () => {
    expect((await target('not-the-configured-secret')).status).toBe(200);
    const before = gateway.calls.length;
    const res = await control('PATCH', `records/${encodeURIComponent(recordId)}`, { phone: '+14155550199' });
    const { deliveries: [seq] } = (await res.json()) as { deliveries: number[] };
    expect(await settled(seq ?? -1)).toMatchObject({ state: 'failed', lastStatus: 401, attempts: 2 });
    expect(gateway.calls.length).toBe(before);
  });

  it("speaks the vendor's wire format, which the gateway's verifier for that vendor accepts", async () => {
    const capture = await startCapture();
    try {
      const url = `${capture.url}/hooks/${system}`;
      expect((await control('PUT', 'webhooks', { url, secret: 'capture-secret' })).status).toBe(200);
      await control('PATCH', `records/${encodeURIComponent(recordId)}`, { lastName: `Wire${system}` });
      const delivery = await eventually(() => capture.received[0], 5000, 'a captured webhook');
      expect(dialect.verify(delivery, 'capture-secret', { publicUrl: capture.url, now: Date.now() })).toEqual({ ok: true });
      const parsed = dialect.events(JSON.parse(delivery.body.toString('utf8')), delivery);
      expect(parsed).toMatchObject({ ok: true, events: [{ source, recordIds: [recordId] }] });
    } finally {
      await capture.close();
    }
  });

  it('refuses a target off the loopback interface, an unknown record and an empty change; {} disables delivery', async () => {
    expect((await control('PUT', 'webhooks', { url: 'https://example.com/hook', secret: 's' })).status).toBe(400);
    expect((await control('PATCH', 'records/does-not-exist', { email: 'x@example.org' })).status).toBe(404);
    expect((await control('PATCH', `records/${encodeURIComponent(recordId)}`, {})).status).toBe(400);
    expect((await control('PATCH', `records/${encodeURIComponent(recordId)}`, { nickname: 'x' })).status).toBe(400);
    expect((await control('PUT', 'webhooks', {})).status).toBe(200);
    const res = await control('PATCH', `records/${encodeURIComponent(recordId)}`, { email: `quiet.${system}@example.org` });
    expect(await res.json()).toMatchObject({ deliveries: [] });
    expect((await control('POST', 'webhooks/redeliver-last')).status).toBe(409);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../bench/processes.js';
import { connectorConfigs, parseSettingsLines, SYSTEMS, webhookSecretsOf, WEBHOOK_SECRET_SETTING } from '../../connectors/index.js';
import { generateWorld, type World } from '../../connectors/sandbox-kit/index.js';
import type { System } from '../../src/model/index.js';
import { loadSettings } from '../../src/settings.js';
import { startTestStack } from '../support/stack.js';
import { eventually, startWebhookApp } from '../webhooks/support.js';

// `npm run sandbox` as a user runs it: its own process, printing the settings a gateway started separately pastes.

const PEOPLE = 40;
const SET_KEY = 'a-hubspot-client-secret-the-user-set';
// The webhook keys the repository used to hold as constants; no sandbox may sign with them any more.
const OLD_CONSTANTS = ['sandbox-client-secret-0000-0000-000000000000', 'sandbox-square-signature-key'];

interface Printed {
  service: Service;
  settings: Record<string, string>;
}

async function startSandboxProcess(extra: Record<string, string> = {}): Promise<Printed> {
  const service = await startService('sandboxes', 'connectors/sandbox-main.ts', {
    env: { PATH: process.env.PATH, SANDBOX_PEOPLE: String(PEOPLE), ...extra },
    pattern: /^.*$/,
    ready: /^sandboxes ready$/,
    count: 1,
  });
  return { service, settings: parseSettingsLines(service.announced.map((match) => match[0])) };
}

/** A record of `system` in the world the sandbox process generated (same seed, same people). */
function recordOf(world: World, system: System): string {
  const records: { id: string; email: string | null }[] = { hubspot: world.hubspot.contacts, shopify: world.shopify.customers, zendesk: world.zendesk.users, square: world.square.customers }[system];
  const found = records.find((record) => record.email !== null);
  if (!found) throw new Error(`no ${system} record with an email`);
  return found.id;
}

let first: Printed;
let second: Printed;
beforeAll(async () => {
  [first, second] = await Promise.all([startSandboxProcess(), startSandboxProcess({ HUBSPOT_CLIENT_SECRET: SET_KEY })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([first?.service.stop(), second?.service.stop()]);
});

describe('npm run sandbox', () => {
  it('prints, as KEY=value lines, each base URL, the credentials and the webhook key of every sandbox', () => {
    for (const system of SYSTEMS) {
      expect(first.settings[WEBHOOK_SECRET_SETTING[system]]).toMatch(/^\S{16,}$/);
      expect(first.settings[`${system.toUpperCase()}_BASE_URL`]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(Object.keys(first.settings)).toEqual(expect.arrayContaining(['HUBSPOT_ACCESS_TOKEN', 'SHOPIFY_ACCESS_TOKEN', 'ZENDESK_EMAIL', 'ZENDESK_API_TOKEN', 'SQUARE_ACCESS_TOKEN']));
  });

  it('generates the webhook keys per process: two processes share none, and none is a constant of the repository', () => {
    for (const system of SYSTEMS) {
      const name = WEBHOOK_SECRET_SETTING[system];
      expect(first.settings[name]).not.toBe(second.settings[name]);
      expect(OLD_CONSTANTS).not.toContain(first.settings[name]);
    }
  });

  it('honours a webhook key that is set', () => {
    expect(second.settings.HUBSPOT_CLIENT_SECRET).toBe(SET_KEY);
  });

  it('lets a gateway given the printed lines as its environment, and nothing else of the silos, read every sandbox', async () => {
    const gateway = await startTestStack(first.settings);
    try {
      expect(gateway.stack.sandboxes.size).toBe(0);
      const res = await gateway.query<{ customers: { edges: unknown[] } }>('{ customers(first: 2) { edges { node { id orders(first: 1) { totalCount } tickets(first: 1) { totalCount } posTransactions(first: 1) { totalCount } } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data?.customers.edges).toHaveLength(2);
      expect(res.extensions?.sources?.map((s) => [s.source, s.status]).sort()).toEqual([['CRM', 'OK'], ['ECOMMERCE', 'OK'], ['POS', 'OK'], ['SUPPORT', 'OK']]);
    } finally {
      await gateway.close();
    }
  }, 60_000);

  it("lets a gateway given the printed lines as its environment verify every sandbox's webhooks", async () => {
    const settings = loadSettings(first.settings);
    const secrets = webhookSecretsOf(connectorConfigs(settings, new Map()));
    expect(Object.keys(secrets).sort()).toEqual([...SYSTEMS].sort());
    const gateway = await startWebhookApp({ secrets });
    const world = generateWorld({ seed: 42, people: PEOPLE });
    try {
      for (const system of SYSTEMS) {
        const sandbox = first.settings[`${system.toUpperCase()}_BASE_URL`];
        const control = (method: string, path: string, body?: unknown) =>
          fetch(`${sandbox}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
        // What a user does next: point the sandbox at the gateway. It signs with its own key, the one it printed.
        expect((await control('PUT', 'webhooks', { url: `${gateway.url}/webhooks/${system}` })).status).toBe(200);
        const changed = (await (await control('PATCH', `records/${encodeURIComponent(recordOf(world, system))}`, { lastName: `Pasted${system}` })).json()) as { deliveries: number[] };
        expect(changed.deliveries.length).toBeGreaterThan(0);
        for (const seq of changed.deliveries) {
          const settled = await eventually(async () => {
            const { deliveries } = (await (await control('GET', 'webhooks')).json()) as { deliveries: { seq: number; state: string; lastStatus: number | null }[] };
            return deliveries.find((d) => d.seq === seq && d.state !== 'pending');
          }, 10_000, `${system} delivery ${seq}`);
          expect(settled).toMatchObject({ state: 'delivered', lastStatus: 200 });
        }
      }
      expect(new Set(gateway.calls.map((call) => call.source))).toEqual(new Set(['CRM', 'ECOMMERCE', 'SUPPORT', 'POS']));
    } finally {
      await gateway.close();
    }
  }, 30_000);
});

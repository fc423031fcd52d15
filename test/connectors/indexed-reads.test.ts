import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorConfigs, createSilos, startSandboxes } from '../../connectors/index.js';
import { generateWorld, type RunningSandbox, type World, type WorldContact } from '../../connectors/sandbox-kit/index.js';
import { SYSTEM_OF, lookupKeyId, normaliseEmail, normalisePhone, phoneRegionOf, type LookupKey, type Silos, type Source, type System } from '../../src/model/index.js';
import { loadSettings } from '../../src/settings.js';

// The sandboxes answer searches from indexes kept beside their records. These tests change records through the
// control surface (as webhooks tests and the bench do) and check every vendor's searches follow the change: the new
// values find the record, the old ones no longer do.

const SEED = 42;
const PEOPLE = 200;
const NEW_PHONE = '+442079460958';
const SOURCES: Record<System, Source> = { hubspot: 'CRM', shopify: 'ECOMMERCE', zendesk: 'SUPPORT', square: 'POS' };
const recordsOf = (world: World, system: System): WorldContact[] =>
  ({ hubspot: world.hubspot.contacts, shopify: world.shopify.customers, zendesk: world.zendesk.users, square: world.square.customers })[system];

let sandboxes: Map<System, RunningSandbox>;
let silos: Silos;
const world = generateWorld({ seed: SEED, people: PEOPLE });

beforeAll(async () => {
  sandboxes = await startSandboxes({ seed: SEED, people: PEOPLE, latencyMs: 0 });
  silos = createSilos(connectorConfigs(loadSettings({}), new Map([...sandboxes].map(([system, s]) => [system, s.url]))));
});
afterAll(async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.close()));
});

async function change(system: System, id: string, changes: Record<string, string>): Promise<void> {
  const res = await fetch(`${sandboxes.get(system)?.url}/__sandbox/records/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: JSON.stringify(changes),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}

describe.each(Object.keys(SOURCES) as System[])('the %s sandbox after a record changes', (system) => {
  const source = SOURCES[system];
  const before = recordsOf(world, system).find((c) => c.email && c.phone && c.lastName && c.firstName && normalisePhone(c.phone, phoneRegionOf(c.countryCode)));
  if (!before) throw new Error(`the test world holds no complete ${system} record`);
  const newEmail = `moved-${system}@example.org`;
  const newLastName = `Zyxwander${system}`;

  const idsFound = async (key: LookupKey) => {
    const connector = silos.contacts[source];
    expect(connector.system).toBe(SYSTEM_OF[source]);
    return (await connector.findContacts([key])).get(lookupKeyId(key))?.map((r) => r.provenance.recordId) ?? [];
  };

  beforeAll(async () => {
    await change(system, before.id, { email: newEmail, phone: NEW_PHONE, lastName: newLastName });
  });

  it('finds the record by its new email and no longer by its old one', async () => {
    expect(await idsFound({ kind: 'email', value: newEmail })).toContain(before.id);
    expect(await idsFound({ kind: 'email', value: normaliseEmail(before.email) ?? '' })).not.toContain(before.id);
  });

  it('finds the record by its new phone and no longer by its old one', async () => {
    expect(await idsFound({ kind: 'phone', value: NEW_PHONE })).toContain(before.id);
    expect(await idsFound({ kind: 'phone', value: normalisePhone(before.phone, phoneRegionOf(before.countryCode)) ?? '' })).not.toContain(before.id);
  });

  it('finds the record by its new name where the vendor searches names', async () => {
    const key: LookupKey = { kind: 'name', value: `${before.firstName} ${newLastName}` };
    if (!silos.contacts[source].supports(key)) return;
    expect(await idsFound(key)).toContain(before.id);
    expect(await idsFound({ kind: 'name', value: `${before.firstName} ${before.lastName}` })).not.toContain(before.id);
  });
});

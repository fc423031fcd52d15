import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, hubspotConfigFromEnv } from '../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from '../../../connectors/sandbox-kit/index.js';
import { SourceBadResponse, SourceRateLimited, SourceTimeout, SourceUnavailable } from '../../../src/model/index.js';

const world = generateWorld({ seed: 42, people: 60 });
const ids = world.hubspot.contacts.slice(0, 5).map((c) => c.id);
let sandbox: RunningSandbox;
let connector: ReturnType<typeof createHubSpotConnector>;

const setFaults = (faults: Record<string, unknown>) =>
  fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify(faults), headers: { 'Content-Type': 'application/json' } });
const requestsServed = async () => ((await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { total: number }).total;
const within = (ms: number) => ({ deadline: Date.now() + ms });

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
  connector = createHubSpotConnector(hubspotConfigFromEnv({}, { sandboxUrl: sandbox.url }));
});
afterAll(() => sandbox.close());

describe('HubSpot connector under sandbox faults', () => {
  it('throws SourceUnavailable after retrying server errors', async () => {
    await setFaults({ errorRate: 1 });
    const before = await requestsServed();
    await expect(connector.getContacts(ids, within(3000))).rejects.toBeInstanceOf(SourceUnavailable);
    expect((await requestsServed()) - before).toBe(3);
  });

  it('throws SourceRateLimited within the deadline when every call is rate limited', async () => {
    await setFaults({ rateLimitRate: 1 });
    await expect(connector.findContacts([{ kind: 'email', value: 'x@y.com' }], within(1000))).rejects.toBeInstanceOf(SourceRateLimited);
  });

  it('throws SourceBadResponse on truncated JSON and on an HTML error page', async () => {
    await setFaults({ malformedRate: 1 });
    await expect(connector.getContacts(ids, within(2000))).rejects.toBeInstanceOf(SourceBadResponse);
    await expect(connector.listContacts({ first: 5 }, within(2000))).rejects.toBeInstanceOf(SourceBadResponse);
  });

  it('throws SourceUnavailable when the silo drops connections', async () => {
    await setFaults({ outage: true });
    await expect(connector.getContacts(ids, within(2000))).rejects.toBeInstanceOf(SourceUnavailable);
  });

  it('throws SourceTimeout when the silo answers after the deadline', async () => {
    await setFaults({ latencyMs: 1500 });
    await expect(connector.getContacts(ids, within(200))).rejects.toBeInstanceOf(SourceTimeout);
  });

  it('recovers once the faults are cleared', async () => {
    await setFaults({});
    const read = await connector.getContacts(ids, within(2000));
    expect([...read.keys()].sort()).toEqual([...ids].sort());
  });
});

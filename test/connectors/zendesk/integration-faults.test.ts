import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SourceBadResponse, SourceRateLimited, SourceTimeout, SourceUnavailable } from '../../../src/model/index.js';
import { createZendeskConnector, ZENDESK_SANDBOX_CREDENTIALS } from '../../../connectors/zendesk/index.js';
import { startZendeskSandbox } from './helpers.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
let connector: ReturnType<typeof createZendeskConnector>;
beforeAll(async () => {
  zd = await startZendeskSandbox(100);
  connector = createZendeskConnector({ baseUrl: zd.url, ...ZENDESK_SANDBOX_CREDENTIALS });
});
afterEach(() => zd.setFaults({}));
afterAll(() => zd.close());

const within = (ms: number) => ({ deadline: Date.now() + ms });
const someIds = () => zd.world.zendesk.users.slice(0, 3).map((u) => u.id);
const calls = {
  getContacts: (ms: number) => connector.getContacts(someIds(), within(ms)),
  findContacts: (ms: number) => connector.findContacts([{ kind: 'email', value: 'a@example.com' }], within(ms)),
  listContacts: (ms: number) => connector.listContacts({ first: 5 }, within(ms)),
  ticketsFor: (ms: number) => connector.ticketsFor(someIds(), { first: 5 }, within(ms)),
  getTicket: (ms: number) => connector.getTicket(zd.world.zendesk.tickets[0]!.id, within(ms)),
};

describe('Zendesk connector under sandbox faults', () => {
  it.each(Object.keys(calls) as Array<keyof typeof calls>)('%s: {errorRate: 1} ends in SourceUnavailable after retries', async (name) => {
    await zd.setFaults({ errorRate: 1 });
    await zd.resetStats();
    await expect(calls[name](3000)).rejects.toBeInstanceOf(SourceUnavailable);
    expect((await zd.requests()).total).toBe(3);
  });

  it('{rateLimitRate: 1} ends in SourceRateLimited within the deadline', async () => {
    await zd.setFaults({ rateLimitRate: 1 });
    const error = await calls.getContacts(500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(1000);
  });

  it('{malformedRate: 1} ends in SourceBadResponse for HTML and for truncated JSON alike', async () => {
    await zd.setFaults({ malformedRate: 1 });
    await expect(calls.getContacts(2000)).rejects.toBeInstanceOf(SourceBadResponse);
    await expect(calls.findContacts(2000)).rejects.toBeInstanceOf(SourceBadResponse);
  });

  it('{outage: true} ends in SourceUnavailable', async () => {
    await zd.setFaults({ outage: true });
    await expect(calls.getContacts(2000)).rejects.toBeInstanceOf(SourceUnavailable);
  });

  it('{latencyMs} beyond the deadline ends in SourceTimeout', async () => {
    await zd.setFaults({ latencyMs: 2000 });
    await expect(calls.ticketsFor(200)).rejects.toBeInstanceOf(SourceTimeout);
  });

  it('recovers once the faults are reset with PUT {}', async () => {
    await zd.setFaults({ errorRate: 1 });
    await expect(calls.getContacts(1000)).rejects.toBeInstanceOf(SourceUnavailable);
    await zd.setFaults({});
    expect((await calls.getContacts(2000)).size).toBe(3);
    expect(await calls.getTicket(2000)).not.toBeNull();
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorldTicket } from '../../../connectors/sandbox-kit/index.js';
import type { Page, Ticket } from '../../../src/model/index.js';
import { createZendeskConnector, ZENDESK_SANDBOX_CREDENTIALS } from '../../../connectors/zendesk/index.js';
import { startZendeskSandbox } from './helpers.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
let connector: ReturnType<typeof createZendeskConnector>;
beforeAll(async () => {
  zd = await startZendeskSandbox(300);
  connector = createZendeskConnector({ baseUrl: zd.url, ...ZENDESK_SANDBOX_CREDENTIALS });
});
afterAll(() => zd.close());
beforeEach(async () => {
  await zd.resetStats();
});

const newestFirst = (a: WorldTicket, b: WorldTicket) => b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id);
const ticketsOf = (requester: string, status?: WorldTicket['status']) =>
  zd.world.zendesk.tickets.filter((t) => t.requesterId === requester && (status === undefined || t.status === status)).sort(newestFirst);

describe('Zendesk connector against the sandbox: tickets', () => {
  it('ticketsFor gives every requester its newest tickets and total, 30 requesters per search', async () => {
    const requesters = zd.world.zendesk.users.slice(0, 45).map((u) => u.id);
    const pages = await connector.ticketsFor(requesters, { first: 2 });
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/search': 2 });
    for (const id of requesters) {
      const expected = ticketsOf(id);
      const page = pages.get(id)!;
      expect(page.totalCount).toBe(expected.length);
      expect(page.items.map((t) => t.provenance.recordId)).toEqual(expected.slice(0, 2).map((t) => t.id));
      expect(page.next === null).toBe(expected.length <= 2);
      for (const ticket of page.items) expect(ticket.requesterRecordId).toBe(id);
    }
  });

  it('ticketsFor pages one requester to the end with its cursor', async () => {
    const busiest = [...new Set(zd.world.zendesk.tickets.map((t) => t.requesterId))].sort((a, b) => ticketsOf(b).length - ticketsOf(a).length)[0]!;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Page<Ticket> = (await connector.ticketsFor([busiest], { first: 1, after })).get(busiest)!;
      seen.push(...page.items.map((t) => t.provenance.recordId));
      after = page.next;
    } while (after !== null);
    expect(seen).toEqual(ticketsOf(busiest).map((t) => t.id));
    expect(seen.length).toBeGreaterThan(1);
  });

  it('ticketsFor filters by status and counts only the matching tickets', async () => {
    const requesters = [...new Set(zd.world.zendesk.tickets.map((t) => t.requesterId))].slice(0, 30);
    const pages = await connector.ticketsFor(requesters, { first: 10, status: 'SOLVED' });
    for (const id of requesters) {
      expect(pages.get(id)!.totalCount).toBe(ticketsOf(id, 'solved').length);
      expect(pages.get(id)!.items.every((t) => t.status === 'SOLVED')).toBe(true);
    }
  });

  it('getTicket reads one ticket as the world has it, and null for an unknown id', async () => {
    const world = zd.world.zendesk.tickets[5]!;
    const ticket = await connector.getTicket(world.id);
    expect(ticket).toMatchObject({
      provenance: { source: 'SUPPORT', system: 'zendesk', recordId: world.id },
      requesterRecordId: world.requesterId,
      subject: world.subject,
      status: world.status.toUpperCase(),
      priority: world.priority,
      channel: world.channel,
      satisfaction: world.satisfaction,
    });
    expect(await connector.getTicket('987654321')).toBeNull();
  });

  it('getTickets reads 150 ids with 2 show_many requests', async () => {
    const ids = zd.world.zendesk.tickets.slice(0, 150).map((t) => t.id);
    const found = await connector.getTickets(ids);
    expect(found.size).toBe(150);
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/tickets/show_many': 2 });
  });
});

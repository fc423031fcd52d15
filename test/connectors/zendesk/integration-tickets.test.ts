import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorldTicket } from '../../../connectors/sandbox-kit/index.js';
import { createZendeskConnector, ZENDESK_SANDBOX_CREDENTIALS } from '../../../connectors/zendesk/index.js';
import { startZendeskSandbox } from './support.js';

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
  it('ticketsFor gives every requester its newest tickets and total, up to 50 requesters per search', async () => {
    const requesters = zd.world.zendesk.users.slice(0, 45).map((u) => u.id);
    const pages = await connector.ticketsFor(requesters, { first: 2 });
    // 45 requesters hold fewer than 100 tickets here: one search, one page.
    expect(requesters.flatMap((id) => ticketsOf(id)).length).toBeLessThanOrEqual(100);
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/search': 1 });
    for (const id of requesters) {
      const expected = ticketsOf(id);
      const page = pages.get(id)!;
      expect(page.totalCount).toBe(expected.length);
      expect(page.items.map((t) => t.provenance.recordId)).toEqual(expected.slice(0, 2).map((t) => t.id));
      expect(page.next === null).toBe(expected.length <= 2);
      for (const ticket of page.items) expect(ticket.requesterRecordId).toBe(id);
    }
  });

  it('ticketsFor filters by status and counts only the matching tickets', async () => {
    const requesters = [...new Set(zd.world.zendesk.tickets.map((t) => t.requesterId))].slice(0, 30);
    const pages = await connector.ticketsFor(requesters, { first: 10, status: 'SOLVED' });
    for (const id of requesters) {
      expect(pages.get(id)!.totalCount).toBe(ticketsOf(id, 'solved').length);
      expect(pages.get(id)!.items.every((t) => t.status === 'SOLVED')).toBe(true);
    }
  });

  it('ticketsFor with createdAtOrBefore keeps only the tickets created by then, with their solve times, in one search', async () => {
    const requesters = [...new Set(zd.world.zendesk.tickets.map((t) => t.requesterId))].slice(0, 30);
    const all = requesters.flatMap((id) => ticketsOf(id));
    const bound = all.map((t) => t.createdAt).sort()[Math.floor(all.length / 2)]!;
    const pages = await connector.ticketsFor(requesters, { first: 10, createdAtOrBefore: bound });
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/search': 1 });
    const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    for (const id of requesters) {
      const expected = ticketsOf(id).filter((t) => second(t.createdAt) <= second(bound));
      expect(pages.get(id)!.totalCount).toBe(expected.length);
      expect(pages.get(id)!.items.map((t) => t.provenance.recordId)).toEqual(expected.slice(0, 10).map((t) => t.id));
      for (const ticket of pages.get(id)!.items) {
        if (ticket.status === 'SOLVED' || ticket.status === 'CLOSED') {
          expect(Date.parse(ticket.solvedAt!)).toBeGreaterThan(Date.parse(ticket.createdAt));
          expect(Date.parse(ticket.solvedAt!)).toBeLessThanOrEqual(Date.parse(ticket.updatedAt!));
        } else expect(ticket.solvedAt).toBeNull();
      }
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

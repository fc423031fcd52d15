import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { WorldContact } from '../../../../connectors/sandbox-kit/index.js';
import { searchPath, startZendeskSandbox } from '../support.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
beforeAll(async () => {
  zd = await startZendeskSandbox(300);
});
afterAll(() => zd.close());

async function search(query: string, extra: Record<string, string> = {}) {
  const res = await zd.get(searchPath(query, extra));
  expect(res.status).toBe(200);
  return (await res.json()) as { results: Array<Record<string, any>>; count: number };
}
const ids = (body: { results: Array<Record<string, any>> }) => body.results.map((r) => String(r.id)).sort();
const e164 = (phone: string) => parsePhoneNumberFromString(phone, 'US')?.number;
const users = () => zd.world.zendesk.users;

describe('Zendesk sandbox search matches as Zendesk does', () => {
  it('matches email case-insensitively and ignoring surrounding white space, returning the stored variant', async () => {
    const stored = users().find((u) => u.email !== null && u.email !== u.email.trim().toLowerCase())!;
    const normal = stored.email!.trim().toLowerCase();
    const body = await search(`type:user email:"${normal.toUpperCase()}"`);
    expect(ids(body)).toContain(stored.id);
    expect(body.results.find((r) => String(r.id) === stored.id)?.email).toBe(stored.email);
    const expected = users().filter((u) => u.email?.trim().toLowerCase() === normal).map((u) => u.id).sort();
    expect(ids(body)).toEqual(expected);
  });

  it('matches phones by E.164 whatever format they were stored in, returning the stored format', async () => {
    const stored = users().find((u) => u.phone !== null && u.phone !== e164(u.phone))!;
    const body = await search(`type:user phone:"${e164(stored.phone!)}"`);
    expect(ids(body)).toEqual(users().filter((u) => u.phone !== null && e164(u.phone) === e164(stored.phone!)).map((u) => u.id).sort());
    expect(body.results.find((r) => String(r.id) === stored.id)?.phone).toBe(stored.phone);
  });

  it('treats terms of one keyword joined by OR as alternatives', async () => {
    const [a, b] = users().filter((u): u is WorldContact & { email: string } => u.email !== null);
    const body = await search(`type:user email:"${a!.email.trim()}" OR email:"${b!.email.trim()}"`);
    expect(ids(body)).toEqual(expect.arrayContaining([a!.id, b!.id]));
  });

  it('ANDs different keywords', async () => {
    const user = users().find((u) => u.email !== null && u.phone !== null && u.xref !== null)!;
    const other = users().find((u) => u.xref !== null && u.id !== user.id)!;
    expect(ids(await search(`type:user email:"${user.email!.trim()}" external_id:"${user.xref}"`))).toEqual([user.id]);
    expect(ids(await search(`type:user email:"${user.email!.trim()}" external_id:"${other.xref}"`))).toEqual([]);
  });

  it('keeps quoted values literal: an injected OR or wildcard inside quotes matches nothing', async () => {
    const email = users().find((u) => u.email !== null)!.email!.trim();
    expect((await search(`type:user email:"${email} OR email:*"`)).count).toBe(0);
    expect((await search('type:user email:"*"')).count).toBe(0);
    expect((await search(`type:user email:"${email}\\" OR email:\\"*"`)).count).toBe(0);
  });

  it('widens the search with unquoted wildcards and OR, which is why the connector quotes', async () => {
    expect((await search('type:user email:*')).count).toBe(users().filter((u) => u.email !== null).length);
  });

  it('finds a requester\'s tickets by requester_id and filters by status, including status<solved', async () => {
    const requester = zd.world.zendesk.tickets[0]!.requesterId;
    const theirs = zd.world.zendesk.tickets.filter((t) => t.requesterId === requester);
    expect(ids(await search(`type:ticket requester_id:${requester}`))).toEqual(theirs.map((t) => t.id).sort());
    const all = zd.world.zendesk.tickets;
    const unsolved = all.filter((t) => ['new', 'open', 'pending', 'hold'].includes(t.status));
    expect((await search('type:ticket status<solved')).count).toBe(unsolved.length);
    expect((await search('type:ticket status:open status:pending')).count).toBe(all.filter((t) => t.status === 'open' || t.status === 'pending').length);
  });

  it('sorts tickets by created_at descending when asked', async () => {
    const body = await search('type:ticket', { sort_by: 'created_at', sort_order: 'desc', per_page: '50' });
    const created = body.results.map((r) => r.created_at as string);
    expect(created).toEqual([...created].sort().reverse());
    expect(body.results.every((r) => r.result_type === 'ticket')).toBe(true);
  });

  it('finds users by external_id through users/search, case-insensitively', async () => {
    const user = users().find((u) => u.xref !== null)!;
    const res = await zd.get(`/api/v2/users/search?external_id=${user.xref!.toUpperCase()}`);
    expect(((await res.json()) as { users: Array<{ id: number }> }).users.map((u) => String(u.id))).toEqual([user.id]);
  });
});

describe('Zendesk sandbox search: created<, <=, >, >= and : with a date or an ISO 8601 date-time', () => {
  const tickets = () => zd.world.zendesk.tickets;
  const second = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

  it('keeps the tickets created at or before a date-time, in whole seconds, combined with a requester OR-list', async () => {
    const requesters = [...new Set(tickets().map((t) => t.requesterId))].filter((r) => tickets().filter((t) => t.requesterId === r).length >= 2).slice(0, 6);
    const mine = tickets().filter((t) => requesters.includes(t.requesterId));
    const pivot = mine[Math.floor(mine.length / 2)]!;
    const bound = new Date(second(pivot.createdAt)).toISOString().replace('.000Z', 'Z');
    const or = requesters.map((r) => `requester_id:"${r}"`).join(' OR ');
    const body = await search(`type:ticket ${or} created<=${bound}`, { per_page: '100' });
    const expected = mine.filter((t) => second(t.createdAt) <= Date.parse(bound)).map((t) => t.id).sort();
    expect(ids(body)).toEqual(expected);
    expect(ids(body)).toContain(pivot.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(mine.length);
    const before = await search(`type:ticket ${or} created<${bound}`, { per_page: '100' });
    expect(ids(before)).toEqual(mine.filter((t) => second(t.createdAt) < Date.parse(bound)).map((t) => t.id).sort());
    expect(ids(before)).not.toContain(pivot.id);
  });

  it('reads an offset date-time as its instant, and a bare date as the whole UTC day', async () => {
    const pivot = tickets()[5]!;
    const at = second(pivot.createdAt);
    const offset = new Date(at + 2 * 3600_000).toISOString().replace('.000Z', '+02:00');
    expect(ids(await search(`type:ticket requester_id:"${pivot.requesterId}" created:${offset}`))).toContain(pivot.id);
    const day = pivot.createdAt.slice(0, 10);
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const mine = tickets().filter((t) => t.requesterId === pivot.requesterId);
    const check = async (op: string, keep: (t: number) => boolean) =>
      expect(ids(await search(`type:ticket requester_id:"${pivot.requesterId}" created${op}${day}`))).toEqual(mine.filter((t) => keep(second(t.createdAt))).map((t) => t.id).sort());
    await check('<=', (t) => t < dayStart + 86_400_000);
    await check('<', (t) => t < dayStart);
    await check('>', (t) => t >= dayStart + 86_400_000);
    await check('>=', (t) => t >= dayStart);
    await check(':', (t) => t >= dayStart && t < dayStart + 86_400_000);
  });

  it('answers 422 for a created value that is no date', async () => {
    const res = await zd.get(searchPath('type:ticket created<=yesterday'));
    expect(res.status).toBe(422);
  });
});

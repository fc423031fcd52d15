import { createClient, type ZendeskClient } from 'node-zendesk';
import type { Ticket as SdkTicket } from 'node-zendesk/clients/core/tickets';
import type { User as SdkUser } from 'node-zendesk/clients/core/users';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateWorld, type WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { createZendeskSandbox, ZENDESK_SANDBOX_CREDENTIALS } from '../../../connectors/zendesk/index.js';
import { normaliseEmail } from '../../../src/model/index.js';
import { useSandboxVendor } from '../support/sandbox-vendor.js';
import { loopbackOnly } from './loopback-only.js';
import { deleteWithEmptyJson, expectKeys, rejection, requiredKeysOf } from './support.js';

// The connector's own operations (connectors/zendesk/client.ts), sent through node-zendesk, the Zendesk API client
// Zendesk's developer docs list. It types few answers, so each check reads what its unwrapping handed back.
loopbackOnly();
const world = generateWorld({ seed: 16, people: 160 });
const sandbox = useSandboxVendor(() => createZendeskSandbox(world));
const { email, apiToken } = ZENDESK_SANDBOX_CREDENTIALS;
let zendesk: ZendeskClient;

beforeAll(() => {
  // endpointUri replaces https://{subdomain}.zendesk.com/api/v2; errors come as the SDK raised them (statusCode, result).
  zendesk = createClient({ username: email, token: apiToken, endpointUri: `${sandbox.url()}/api/v2`, throwOriginalException: true });
});
beforeEach(() => sandbox.faults({}));

type User = SdkUser & { email: string | null; phone: string | null; external_id: string | null; role: string };
type Ticket = SdkTicket & { subject: string; status: string; requester?: User };
type Answer<T> = { response: { status: number }; result: T };
type SdkError = Error & { statusCode?: number; result?: unknown };

/** Every key node-zendesk's User and Ticket types require (the compiler keeps the lists equal to the types). */
const USER_KEYS = requiredKeysOf<SdkUser>()(['active', 'chat_only', 'created_at', 'iana_time_zone', 'id', 'last_login_at', 'name', 'report_csv',
  'role_type', 'shared', 'shared_agent', 'two_factor_auth_enabled', 'updated_at', 'url']);
const TICKET_KEYS = requiredKeysOf<SdkTicket>()(['allow_attachments', 'allow_channelback', 'created_at', 'description', 'followup_ids',
  'from_messaging_channel', 'has_incidents', 'id', 'is_public', 'requester_id', 'updated_at', 'url']);

const users = world.zendesk.users;
const tickets = world.zendesk.tickets;
const byId = new Map(users.map((u) => [u.id, u]));

function expectUser(parsed: User | undefined, u: WorldContact) {
  expectKeys(parsed, USER_KEYS);
  expect(parsed).toMatchObject({ id: Number(u.id), email: u.email, phone: u.phone, external_id: u.xref, role: 'end-user', active: true });
  expect(Date.parse(parsed?.created_at ?? '')).toBe(Date.parse(u.createdAt.replace(/\.\d+Z$/, 'Z')));
}

/** The error an SDK call rejects with, as node-zendesk raises it: an Error with the status and the parsed body. */
const zendeskError = (call: Promise<unknown>) => rejection<SdkError>(call, Error);

describe('Zendesk SDK (node-zendesk) against the sandbox', () => {
  it('shows many users by id, leaving out the ids the sandbox lacks', async () => {
    const wanted = users.slice(0, 30);
    const { result } = (await zendesk.users.showMany([...wanted.map((u) => Number(u.id)), 999999999])) as unknown as Answer<User[]>;
    expect(result.map((u) => String(u.id)).sort()).toEqual(wanted.map((u) => u.id).sort());
    for (const parsed of result) expectUser(parsed, byId.get(String(parsed.id))!);
  });

  it('shows many users by external id (the HubSpot contact id)', async () => {
    const wanted = users.filter((u) => u.xref !== null).slice(0, 20);
    const { result } = (await zendesk.users.get(['users', 'show_many', { external_ids: wanted.map((u) => u.xref).join(',') }])) as unknown as Answer<User[]>;
    expect(result.map((u) => String(u.id)).sort()).toEqual(users.filter((u) => wanted.some((w) => w.xref === u.xref)).map((u) => u.id).sort());
  });

  it('lists a user\'s identities (main and secondary emails and phones) and sideloads them on show_many', async () => {
    const user = users.find((u) => u.secondaryEmails.length > 0 || u.secondaryPhones.length > 0)!;
    const listed = (await zendesk.useridentities.list(Number(user.id))) as Array<{ user_id: number; type: string; value: string; primary: boolean }>;
    expect(listed.every((i) => i.user_id === Number(user.id))).toBe(true);
    expect(listed.filter((i) => !i.primary).map((i) => i.value)).toEqual([...user.secondaryEmails, ...user.secondaryPhones]);
    const { result } = (await zendesk.users.get(['users', 'show_many', { ids: user.id, include: 'identities' }])) as unknown as Answer<User[]>;
    expect(result.map((u) => String(u.id))).toEqual([user.id]);
  });

  it('lists every end-user by cursor pages (page[size], links.next) until the last', async () => {
    const listed = (await zendesk.users.listWithFilter('role', 'end-user')) as unknown as User[];
    expect(listed.map((u) => String(u.id))).toEqual(users.map((u) => u.id).sort((a, b) => Number(a) - Number(b)));
    for (const parsed of listed) expectUser(parsed, byId.get(String(parsed.id))!);
  });

  it('searches users by email and by phone, OR-ed and quoted, through every offset page', async () => {
    // Addresses only: a stored email that is no address (a seeded data-quality defect) is not what a search asks with.
    const withEmail = users.filter((u) => normaliseEmail(u.email) !== null).slice(0, 40);
    const byEmail = (await zendesk.search.queryAll(`type:user ${withEmail.map((u) => `email:"${u.email}"`).join(' OR ')}`)) as unknown as User[];
    expect(new Set(byEmail.map((u) => String(u.id)))).toEqual(new Set(users.filter((u) => withEmail.some((w) => w.email?.toLowerCase() === u.email?.toLowerCase())).map((u) => u.id)));
    const withPhone = users.find((u) => u.phone !== null)!;
    const { result } = (await zendesk.search.get(['search', { query: `type:user phone:"${withPhone.phone}"`, page: 1, per_page: 100 }])) as unknown as Answer<User[]>;
    expect(result.map((u) => String(u.id))).toContain(withPhone.id);
  });

  it('searches tickets of many requesters, newest first, with next_page links the SDK follows', async () => {
    const requesters = [...new Set(tickets.map((t) => t.requesterId))].slice(0, 30);
    const query = `type:ticket ${requesters.map((id) => `requester_id:"${id}"`).join(' OR ')}`;
    const first = (await zendesk.search.get(['search', { query, sort_by: 'created_at', sort_order: 'desc', page: 1, per_page: 100 }])) as unknown as Answer<Ticket[]>;
    const all = (await zendesk.search.getAll(['search', { query, sort_by: 'created_at', sort_order: 'desc', per_page: 100 }])) as unknown as Ticket[];
    const expected = tickets.filter((t) => requesters.includes(t.requesterId));
    expect(new Set(all.map((t) => String(t.id)))).toEqual(new Set(expected.map((t) => t.id)));
    expect(first.result).toEqual(all.slice(0, first.result.length));
    const created = all.map((t) => Date.parse(t.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('shows a ticket with its users sideloaded, and many tickets by id', async () => {
    const ticket = tickets[0]!;
    const sideloading = createClient({ username: email, token: apiToken, endpointUri: `${sandbox.url()}/api/v2`, throwOriginalException: true });
    sideloading.tickets.setSideLoad(['users']);
    const { result: shown } = (await sideloading.tickets.show(Number(ticket.id))) as unknown as Answer<Ticket>;
    expect(shown).toMatchObject({ id: Number(ticket.id), requester_id: Number(ticket.requesterId), subject: ticket.subject, status: ticket.status });
    expect(shown.requester).toMatchObject({ id: Number(ticket.requesterId) });
    expectUser(shown.requester, byId.get(ticket.requesterId)!);
    const wanted = tickets.slice(0, 25);
    const { result: many } = (await zendesk.tickets.showMany([...wanted.map((t) => Number(t.id)), 999999999])) as unknown as Answer<Ticket[]>;
    expect(many.map((t) => String(t.id)).sort()).toEqual(wanted.map((t) => t.id).sort());
    for (const parsed of [shown, ...many]) expectKeys(parsed, TICKET_KEYS);
    expect((await zendeskError(zendesk.tickets.show(999999999))).statusCode).toBe(404);
  });

  it('deletes a user in two steps (soft, then permanent) and reads each state back', async () => {
    const user = users[7]!;
    const id = Number(user.id);
    const { result: softDeleted } = (await zendesk.users.delete(id)) as unknown as Answer<User>;
    expect(softDeleted).toMatchObject({ id, active: false });
    const { result: shown } = (await zendesk.users.show(id)) as unknown as Answer<User>;
    expect(shown).toMatchObject({ id, active: false });
    const { result: waiting } = (await zendesk.users.get(['deleted_users', id])) as unknown as Answer<{ deleted_user: { id: number; active: boolean } }>;
    expect(waiting.deleted_user).toMatchObject({ id, active: false });
    // node-zendesk has no call for the permanent deletion: its generic request sends it.
    const { result: purged } = (await zendesk.users.request('DELETE', `deleted_users/${id}`)) as unknown as Answer<{ deleted_user: { id: number } }>;
    expect(purged.deleted_user).toMatchObject({ id });
    for (const call of [() => zendesk.users.get(['deleted_users', id]), () => zendesk.users.delete(id), () => zendesk.users.request('DELETE', `deleted_users/${id}`)]) {
      const gone = await zendeskError(call());
      expect(gone.statusCode).toBe(404);
      expect(gone.result).toMatchObject({ error: 'RecordNotFound' });
    }
  });

  it('answers a missing user with a 404 error carrying Zendesk\'s body', async () => {
    const missing = await zendeskError(zendesk.users.show(999999999));
    expect(missing.statusCode).toBe(404);
    expect(missing.result).toMatchObject({ error: 'RecordNotFound', description: 'Not found' });
  });

  it('answers throttling as node-zendesk reports a Retry-After: a 429 error with the body', async () => {
    await sandbox.faults({ rateLimitRate: 1 });
    // node-zendesk hands a throttled answer back as an Error result rather than throwing it.
    const { result } = (await zendesk.users.show(Number(users[0]!.id))) as unknown as Answer<SdkError>;
    expect(result).toBeInstanceOf(Error);
    expect(result.statusCode).toBe(429);
  });

  it('refuses a wrong token with a 401 error', async () => {
    const stranger = createClient({ username: email, token: 'not-the-token', endpointUri: `${sandbox.url()}/api/v2`, throwOriginalException: true });
    expect((await zendeskError(stranger.users.show(Number(users[0]!.id)))).statusCode).toBe(401);
  });

  it('deletes on a body-less DELETE sent with Content-Type: application/json', async () => {
    const user = users[9]!;
    const authorization = `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
    const res = await deleteWithEmptyJson(`${sandbox.url()}/api/v2/users/${user.id}.json`, { Authorization: authorization });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: Number(user.id), active: false } });
    const purged = await deleteWithEmptyJson(`${sandbox.url()}/api/v2/deleted_users/${user.id}.json`, { Authorization: authorization });
    expect(purged.status).toBe(200);
  });
});

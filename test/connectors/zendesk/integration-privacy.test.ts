import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceRateLimited, type SourceError } from '../../../src/model/index.js';
import { createZendeskConnector, resolveZendeskConfig, zendeskSettings, type ZendeskConnector } from '../../../connectors/zendesk/index.js';
import type { WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { fixture, SANDBOX_AUTH, searchPath, specProblemsNullsPresent, startZendeskSandbox } from './support.js';

type Sandbox = Awaited<ReturnType<typeof startZendeskSandbox>>;
const json = async (res: Response) => (await res.json()) as Record<string, any>;

async function connectTo(people: number, options: Parameters<typeof startZendeskSandbox>[1] = {}) {
  const zd = await startZendeskSandbox(people, options);
  const connector = createZendeskConnector(resolveZendeskConfig(zendeskSettings.parse({}), { sandboxUrl: zd.url }));
  const call = (method: 'DELETE' | 'GET', path: string) => fetch(`${zd.url}${path}`, { method, headers: { authorization: SANDBOX_AUTH } });
  const truth = async () => (await (await fetch(`${zd.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
  const truthIds = async () => Object.values(await truth()).flat();
  return { zd, connector, call, truth, truthIds };
}

/** What the sandbox shows of one user through the read endpoints the connector uses. */
async function visibility(zd: Sandbox, connector: ZendeskConnector, user: WorldContact) {
  const byEmail = await connector.findContacts([{ kind: 'email', value: user.email!.trim().toLowerCase() }]);
  const search = await json(await zd.get(searchPath(`email:${user.email!.trim()}`, {}, '/api/v2/users/search')));
  return {
    found: [...byEmail.values()].flat().map((c) => c.provenance.recordId).includes(user.id),
    searched: search.users.map((u: { id: number }) => String(u.id)).includes(user.id),
    shown: (await connector.getContacts([user.id])).has(user.id),
  };
}

describe('Zendesk sandbox and connector: GDPR deletion end to end', () => {
  let s: Awaited<ReturnType<typeof connectTo>>;
  let emailed: WorldContact[];
  beforeAll(async () => {
    s = await connectTo(120);
    emailed = s.zd.world.zendesk.users.filter((u) => u.email !== null);
  });
  afterAll(() => s.zd.close());

  it('erases a user: gone from truth, search and show_many; its tickets stay; a second run answers NOT_FOUND', async () => {
    const tickets = s.zd.world.zendesk.tickets.filter((t) => emailed.some((u) => u.id === t.requesterId));
    const user = emailed.find((u) => tickets.some((t) => t.requesterId === u.id))!;
    const own = tickets.filter((t) => t.requesterId === user.id);
    expect(await visibility(s.zd, s.connector, user)).toEqual({ found: true, searched: true, shown: true });
    expect(await s.truthIds()).toContain(user.id);
    expect(await s.connector.recordPresence(user.id)).toBe('PRESENT');

    const result = await s.connector.eraseRecord(user.id);
    expect(result.state).toBe('ERASED');
    expect(result.receipts.map((r) => [r.operation, r.httpStatus, r.response])).toEqual([
      ['DELETE /api/v2/users/{user_id}', 200, { id: Number(user.id), active: false }],
      ['DELETE /api/v2/deleted_users/{deleted_user_id}', 200, { id: Number(user.id), active: false }],
    ]);
    expect(JSON.stringify(result)).not.toContain(user.email!.trim());

    expect(await visibility(s.zd, s.connector, user)).toEqual({ found: false, searched: false, shown: false });
    expect(await s.truthIds()).not.toContain(user.id);
    expect((await s.call('GET', `/api/v2/users/${user.id}`)).status).toBe(404);
    expect(await s.connector.recordPresence(user.id)).toBe('GONE');
    const kept = await s.connector.getTickets(own.map((t) => t.id));
    expect([...kept.keys()].sort()).toEqual(own.map((t) => t.id).sort());

    expect(await s.connector.eraseRecord(user.id)).toEqual({ state: 'NOT_FOUND', receipts: [expect.anything(), expect.anything()] });
  });

  it('holds a soft-deleted user (truth, show user with active: false) until a re-run permanently deletes it', async () => {
    const user = emailed[1]!;
    const soft = await s.call('DELETE', `/api/v2/users/${user.id}`);
    expect(soft.status).toBe(200);
    expect((await json(soft)).user).toMatchObject({ id: Number(user.id), active: false });

    // Out of search and show_many, but still held.
    expect(await visibility(s.zd, s.connector, user)).toEqual({ found: false, searched: false, shown: false });
    expect((await json(await s.call('GET', `/api/v2/users/${user.id}`))).user).toMatchObject({ id: Number(user.id), active: false });
    expect((await json(await s.call('GET', `/api/v2/deleted_users/${user.id}`))).deleted_user).toMatchObject({ id: Number(user.id), active: false });
    expect((await s.truth())[String(user.personId)]).toContain(user.id);
    expect(await s.connector.recordPresence(user.id)).toBe('PRESENT');
    expect(await json(await s.call('GET', `/api/v2/users/${user.id}/compliance_deletion_statuses`))).toEqual({ compliance_deletion_statuses: [] });

    const result = await s.connector.eraseRecord(user.id);
    expect(result.state).toBe('ERASED');
    expect(result.receipts.map((r) => `${r.httpStatus} ${r.operation}`)).toEqual([
      '404 DELETE /api/v2/users/{user_id}',
      '200 GET /api/v2/deleted_users/{deleted_user_id}',
      '200 DELETE /api/v2/deleted_users/{deleted_user_id}',
    ]);
    expect(await s.truthIds()).not.toContain(user.id);
    expect(await s.connector.recordPresence(user.id)).toBe('GONE');

    const statuses = (await json(await s.call('GET', `/api/v2/users/${user.id}/compliance_deletion_statuses`))).compliance_deletion_statuses;
    expect(statuses.map((r: { action: string; application: string }) => `${r.action}/${r.application}`)).toEqual(['request_deletion/all', 'started/support', 'complete/support']);
    expect(statuses.every((r: { user_id: number }) => r.user_id === Number(user.id))).toBe(true);
    const support = await json(await s.call('GET', `/api/v2/users/${user.id}/compliance_deletion_statuses?application=support`));
    expect(support.compliance_deletion_statuses).toHaveLength(2);
  });

  it('refuses a permanent delete of a user that was not soft-deleted with Zendesk\'s 404 RecordNotFound', async () => {
    const user = emailed[2]!;
    const res = await s.call('DELETE', `/api/v2/deleted_users/${user.id}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(fixture('error.404.json'));
    expect((await s.call('GET', `/api/v2/deleted_users/${user.id}`)).status).toBe(404);
    expect(await s.truthIds()).toContain(user.id);
    expect((await s.call('GET', '/api/v2/users/1/compliance_deletion_statuses')).status).toBe(404);
  });

  it('serves the deletion endpoints in the OAS shapes, with every field of the vendor examples', async () => {
    const user = emailed[3]!;
    const soft = await json(await s.call('DELETE', `/api/v2/users/${user.id}.json`));
    expect(specProblemsNullsPresent('UserResponse', soft)).toEqual([]);
    expect(Object.keys(soft.user)).toEqual(expect.arrayContaining(Object.keys(fixture<{ user: object }>('user-delete.200.spec.json').user)));
    const exampleKeys = Object.keys(fixture<{ deleted_user: object }>('deleted-user-permanent-delete.200.spec.json').deleted_user);
    for (const method of ['GET', 'DELETE'] as const) {
      const body = await json(await s.call(method, `/api/v2/deleted_users/${user.id}`));
      expect(specProblemsNullsPresent('DeletedUserResponse', body)).toEqual([]);
      expect(Object.keys(body.deleted_user).sort()).toEqual(exampleKeys.sort());
    }
    const statuses = await json(await s.call('GET', `/api/v2/users/${user.id}/compliance_deletion_statuses`));
    expect(specProblemsNullsPresent('ComplianceDeletionStatusesResponse', statuses)).toEqual([]);
    const rowKeys = Object.keys(fixture<{ compliance_deletion_statuses: object[] }>('compliance-deletion-statuses.200.spec.json').compliance_deletion_statuses[0]!);
    for (const row of statuses.compliance_deletion_statuses) expect(Object.keys(row).sort()).toEqual(rowKeys.sort());
  });
});

describe('Zendesk sandbox: the permanent-deletion limit', () => {
  let s: Awaited<ReturnType<typeof connectTo>>;
  beforeAll(async () => {
    s = await connectTo(40, { permanentDeletionLimit: 1 });
  });
  afterAll(() => s.zd.close());

  it('answers 429 with Retry-After past the limit; the connector throws SourceRateLimited and the user stays held', async () => {
    const [first, second] = s.zd.world.zendesk.users;
    expect((await s.connector.eraseRecord(first!.id)).state).toBe('ERASED');

    const error = (await s.connector.eraseRecord(second!.id).catch((e: unknown) => e)) as SourceError;
    expect(error).toBeInstanceOf(SourceRateLimited);
    const wait = (error as SourceRateLimited).retryAfterMs!;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(600_000);

    const raw = await s.call('DELETE', `/api/v2/deleted_users/${second!.id}`);
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    // Soft-deleted, not permanently: still held, and a later run resumes it.
    expect(await s.connector.recordPresence(second!.id)).toBe('PRESENT');
    expect(await s.truthIds()).toContain(second!.id);
    expect(await s.truthIds()).not.toContain(first!.id);
  });
});

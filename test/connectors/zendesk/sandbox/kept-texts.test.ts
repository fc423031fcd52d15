import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_AUTH, searchPath, startZendeskSandbox } from '../support.js';

// The sandbox keeps each user's JSON text, so batched searches and show_many are not serialised again. A kept text
// must never outlive a write: a change through the control surface (what a webhook announces) and a soft delete
// are seen by the very next search and show_many.

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
beforeAll(async () => {
  zd = await startZendeskSandbox(120);
});
afterAll(() => zd.close());

type User = { id: number; name: string; updated_at: string; result_type?: string };
const read = async (path: string) => {
  const res = await zd.get(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return (await res.json()) as { results?: User[]; users?: User[]; count?: number };
};

describe('Zendesk sandbox kept user texts', () => {
  const user = () => {
    const found = zd.world.zendesk.users.find((u) => u.email !== null && u.firstName !== null);
    if (!found) throw new Error('the test world holds no Zendesk user with an email and a name');
    return found;
  };
  const searched = async () => (await read(searchPath(`type:user email:"${user().email?.trim()}"`))).results?.find((r) => String(r.id) === user().id);
  const shown = async () => (await read(`/api/v2/users/show_many?ids=${user().id}`)).users?.[0];

  it('serves a changed user fresh in the search and show_many that kept its text before', async () => {
    const before = await searched();
    expect(before?.result_type).toBe('user');
    expect(await shown()).toEqual({ ...before, result_type: undefined });
    const res = await fetch(`${zd.url}/__sandbox/records/${user().id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lastName: 'Zyxchanged' }) });
    expect(res.status).toBe(200);
    for (const after of [await searched(), await shown()]) {
      expect(after?.name).toContain('Zyxchanged');
      expect(after?.updated_at).not.toBe(before?.updated_at);
    }
  });

  it('leaves a soft-deleted user out of the search and show_many that kept its text', async () => {
    expect(await shown()).toBeDefined();
    const res = await fetch(`${zd.url}/api/v2/users/${user().id}`, { method: 'DELETE', headers: { authorization: SANDBOX_AUTH } });
    expect(res.status).toBe(200);
    expect(await searched()).toBeUndefined();
    expect(await shown()).toBeUndefined();
  });
});

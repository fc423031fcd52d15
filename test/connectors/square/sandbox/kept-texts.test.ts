import { describe, expect, it } from 'vitest';
import { useSquareSilo } from '../support.js';

// The sandbox keeps each profile's JSON text, so long pages and searches are not serialised again. A kept text must
// never outlive a write: a change through the control surface (what a webhook announces) and a delete are seen by
// the very next search and list page.

const silo = useSquareSilo(120);
const everyone = { query: { sort: { field: 'CREATED_AT', order: 'ASC' } }, limit: 100 };
const found = async (id: string, body: unknown = everyone) => {
  const res = await silo.api('/v2/customers/search', { method: 'POST', body });
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return ((await res.json()) as { customers?: Array<{ id: string; family_name?: string; updated_at: string }> }).customers?.find((c) => c.id === id);
};
const listed = async (id: string) => {
  const res = await silo.api('/v2/customers?limit=100&sort_field=CREATED_AT');
  return ((await res.json()) as { customers?: Array<{ id: string; family_name?: string }> }).customers?.find((c) => c.id === id);
};

describe('Square sandbox kept profile texts', () => {
  const target = () => {
    const profile = [...silo.world.square.customers].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).find((c) => c.lastName !== null);
    if (!profile) throw new Error('the test world holds no named Square profile');
    return profile;
  };

  it('serves a changed profile fresh in the search and the list that kept its text before', async () => {
    const { id } = target();
    const before = await found(id);
    expect(before).toBeDefined();
    expect((await listed(id))?.family_name).toBe(before?.family_name);
    const res = await fetch(`${silo.sandbox.url}/__sandbox/records/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lastName: 'Zyxchanged' }) });
    expect(res.status).toBe(200);
    const after = await found(id);
    expect(after?.family_name).toBe('Zyxchanged');
    expect(after?.updated_at).not.toBe(before?.updated_at);
    expect((await listed(id))?.family_name).toBe('Zyxchanged');
  });

  it('leaves a deleted profile out of the search and the list that kept its text', async () => {
    const { id } = target();
    expect(await found(id)).toBeDefined();
    expect((await silo.api(`/v2/customers/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await found(id)).toBeUndefined();
    expect(await listed(id)).toBeUndefined();
  });
});

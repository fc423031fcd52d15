import { describe, expect, it } from 'vitest';
import {
  createSquareConnector,
  DEFAULT_SQUARE_VERSION,
  resolveSquareConfig,
  SQUARE_SANDBOX_CREDENTIALS,
  SQUARE_VERSIONS,
  squareSettings,
} from '../../../../connectors/square/index.js';
import { squareSpec, useSquareSilo } from '../support.js';

const silo = useSquareSilo(120);
const pinned = useSquareSilo(60, { pinnedVersion: '2026-05-20' });
const auth = { authorization: `Bearer ${SQUARE_SANDBOX_CREDENTIALS.accessToken}` };
const withEmail = () => silo.world.square.customers.filter((c) => c.email);
const connectAt = (version: string) =>
  createSquareConnector(resolveSquareConfig(squareSettings.parse({ SQUARE_VERSION: version }), { sandboxUrl: silo.sandbox.url }));

describe('Square API versions', () => {
  it('lists the supported releases oldest first, with the newest as the default and the Node SDK 46.0.0 release among them', () => {
    expect(SQUARE_VERSIONS.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)))).toBe(true);
    expect([...SQUARE_VERSIONS].sort()).toEqual([...SQUARE_VERSIONS]);
    expect(DEFAULT_SQUARE_VERSION).toBe(SQUARE_VERSIONS.at(-1));
    // square@46.0.0 sends Square-Version 2026-09-16 unless told otherwise.
    expect(SQUARE_VERSIONS).toContain('2026-09-16');
    expect(DEFAULT_SQUARE_VERSION).not.toBe('2025-08-20');
  });

  it.each(SQUARE_VERSIONS)('works end to end against the sandbox at %s: reads, searches, orders', async (version) => {
    const pos = connectAt(version);
    const [first, second] = withEmail();
    if (!first || !second) throw new Error('the test world lacks customers with an email');
    expect((await pos.getContacts([first.id])).get(first.id)?.provenance.recordId).toBe(first.id);
    const found = await pos.findContacts([{ kind: 'email', value: (second.email ?? '').trim().toLowerCase() }]);
    expect([...found.values()].flat().map((r) => r.provenance.recordId)).toContain(second.id);
    const page = (await pos.transactionsFor([first.id], { first: 5 })).get(first.id);
    expect(page?.totalCount).toBe(silo.world.square.orders.filter((o) => o.customerId === first.id).length);
  });

  it('answers a request with no Square-Version at the application\'s pinned version, and says so in the Square-Version header', async () => {
    const res = await silo.api('/v2/locations', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('square-version')).toBe(DEFAULT_SQUARE_VERSION);
    const other = await pinned.api('/v2/locations', { headers: auth });
    expect([other.status, other.headers.get('square-version')]).toEqual([200, '2026-05-20']);
  });

  it('echoes the Square-Version it answered with for every supported release', async () => {
    for (const version of SQUARE_VERSIONS) {
      const res = await silo.api('/v2/locations', { headers: { ...auth, 'square-version': version } });
      expect([res.status, res.headers.get('square-version')], version).toEqual([200, version]);
    }
  });

  it('refuses a date-shaped Square-Version that is not a release with a 400 INVALID_REQUEST_ERROR, and changes nothing', async () => {
    const victim = withEmail().at(-1);
    if (!victim) throw new Error('no customer to delete');
    for (const version of ['2025-08-19', '2099-01-01', '2026-13-45']) {
      const res = await silo.api(`/v2/customers/${victim.id}`, { method: 'DELETE', headers: { ...auth, 'square-version': version } });
      const body = (await res.json()) as { errors: { category: string; code: string; field?: string }[] };
      expect(res.status, version).toBe(400);
      expect(body.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_VALUE', field: 'Square-Version' });
      expect(squareSpec.customers.problems('DeleteCustomerResponse', body)).toEqual([]);
    }
    expect((await silo.api(`/v2/customers/${victim.id}`)).status).toBe(200);
  });

  it('refuses a Square-Version that is not a date with INVALID_SQUARE_VERSION_FORMAT, the code Square documents for it', async () => {
    for (const version of ['latest', '2026-9-16', '20260916']) {
      const res = await silo.api('/v2/locations', { headers: { ...auth, 'square-version': version } });
      const body = (await res.json()) as { errors: { category: string; code: string }[] };
      expect([res.status, body.errors[0]?.category, body.errors[0]?.code], version).toEqual([400, 'INVALID_REQUEST_ERROR', 'INVALID_SQUARE_VERSION_FORMAT']);
    }
  });
});

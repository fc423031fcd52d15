import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../connectors/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { ERASURE_FIELDS, FAST_PRIVACY, recordsOf, watchErasure, type ErasureView } from './support.js';

const world = testWorld();
const REQUEST = `mutation($subject: DataSubjectInput!) { requestErasure(subject: $subject) { ${ERASURE_FIELDS} } }`;
const FIND = `query($email: String!) { findCustomers(email: $email) { id } }`;

describe('erasure across every silo, over HTTP', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack(FAST_PRIVACY);
  }, 60_000);
  afterAll(async () => t?.close());

  it('erases a person from all four sandboxes with the vendors\' deletion APIs, Shopify deferring, and proves it by read-back', async () => {
    const person = personEverywhere(world, 0);
    const before = await recordsOf(t, person);
    for (const system of SYSTEMS) expect(before[system].length, system).toBeGreaterThan(0);
    const found = await t.query<{ findCustomers: { id: string }[] }>(FIND, { email: person.email }, { role: 'privacy' });
    const customerId = found.data?.findCustomers[0]?.id as string;
    expect(customerId).toMatch(/^cus_/);

    const res = await t.query<{ requestErasure: ErasureView }>(REQUEST, { subject: { customerId } }, { role: 'privacy', sub: 'officer-1' });
    expect(res.errors).toBeUndefined();
    const job = res.data?.requestErasure as ErasureView;
    expect(job.joinedExisting).toBe(false);
    // Every record the truth holds for the person is a target of its silo's step.
    const targets = Object.fromEntries(job.steps.map((s) => [s.source, s.records.map((r) => r.recordId).sort()]));
    expect(targets).toEqual({ CRM: before.hubspot.sort(), ECOMMERCE: before.shopify.sort(), SUPPORT: before.zendesk.sort(), POS: before.square.sort() });

    // A second request for the same person (by email this time) joins the running job.
    const again = await t.query<{ requestErasure: ErasureView }>(REQUEST, { subject: { email: person.email.toUpperCase() } }, { role: 'privacy', sub: 'officer-2' });
    expect(again.data?.requestErasure).toMatchObject({ id: job.id, joinedExisting: true });

    // Shopify accepts the erasure and completes it later: the job says so rather than claiming it done.
    const deferred = await watchErasure(t, job.id, (v) => v.steps.some((s) => s.source === 'ECOMMERCE' && s.status === 'PENDING_AT_VENDOR') || v.status === 'COMPLETED');
    const shop = deferred.steps.find((s) => s.source === 'ECOMMERCE');
    expect(shop?.receipts[0]?.vendor).toMatchObject({ operation: 'mutation customerRequestDataErasure', httpStatus: 200 });

    const done = await watchErasure(t, job.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.readBack).toEqual([]);
    expect(done.completedAt).not.toBeNull();
    for (const step of done.steps) {
      expect(step.status, step.source).toBe('DONE');
      expect(step.records.every((r) => r.state === 'ERASED'), step.source).toBe(true);
      expect(step.receipts.length, step.source).toBeGreaterThan(0);
    }
    // Zendesk takes two calls per user: soft delete, then permanent delete.
    const desk = done.steps.find((s) => s.source === 'SUPPORT');
    expect(desk?.receipts.map((r) => r.vendor.operation)).toEqual(expect.arrayContaining([expect.stringMatching(/^DELETE \/api\/v2\/users\//), expect.stringMatching(/^DELETE \/api\/v2\/deleted_users\//)]));
    // Receipts keep vendor answers without personal data.
    const receipts = JSON.stringify(done.steps.flatMap((s) => s.receipts));
    expect(receipts).not.toContain(person.email);
    expect(receipts.toLowerCase()).not.toContain(person.lastName.toLowerCase());

    const after = await recordsOf(t, person);
    expect(after).toEqual({ hubspot: [], shopify: [], zendesk: [], square: [] });
    // The gateway no longer finds the person, by id or by email (its caches were purged).
    const gone = await t.query<{ customer: unknown; findCustomers: unknown[] }>(`query($id: ID!, $email: String!) { customer(id: $id) { id } findCustomers(email: $email) { id } }`, { id: customerId, email: person.email }, { role: 'support' });
    expect(gone.data).toEqual({ customer: null, findCustomers: [] });
  }, 60_000);

  it('keeps retrying a silo that is down and finishes once it returns', async () => {
    const person = personEverywhere(world, 1);
    await t.faults('square', { outage: true });
    try {
      const res = await t.query<{ requestErasure: ErasureView }>(REQUEST, { subject: { email: person.email } }, { role: 'privacy' });
      expect(res.errors).toBeUndefined();
      const id = res.data?.requestErasure.id as string;
      const retrying = await watchErasure(t, id, (v) => v.steps.some((s) => s.source === 'POS' && s.attempts >= 3 && s.status === 'RETRYING'));
      const pos = retrying.steps.find((s) => s.source === 'POS');
      expect(pos?.status).toBe('RETRYING');
      expect(pos?.lastError).toMatch(/SOURCE_UNAVAILABLE|CIRCUIT_OPEN/);
      expect(retrying.status).toBe('RUNNING');
      await t.faults('square', {});
      const done = await watchErasure(t, id);
      expect(done.readBack).toEqual([]);
      expect(done.status).toBe('COMPLETED');
      expect((await recordsOf(t, person)).square).toEqual([]);
    } finally {
      await t.faults('square', {});
    }
  }, 60_000);

  it('completes an unknown subject with nothing found in every silo', async () => {
    const res = await t.query<{ requestErasure: ErasureView }>(REQUEST, { subject: { email: 'nobody-at-all@nowhere.example' } }, { role: 'privacy' });
    expect(res.errors).toBeUndefined();
    const done = await watchErasure(t, res.data?.requestErasure.id as string);
    expect(done.status).toBe('NOTHING_FOUND');
    expect(done.steps.map((s) => [s.source, s.status, s.records.length])).toEqual([
      ['CRM', 'NOTHING_FOUND', 0], ['ECOMMERCE', 'NOTHING_FOUND', 0], ['POS', 'NOTHING_FOUND', 0], ['SUPPORT', 'NOTHING_FOUND', 0],
    ]);
  }, 30_000);

  it('lists erasure requests newest first, page by page', async () => {
    const q = `query($after: String) { erasureRequests(first: 2, after: $after) { edges { cursor node { id requestedAt } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { erasureRequests: { edges: { node: { id: string; requestedAt: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const first = await t.query<Page>(q, {}, { role: 'admin' });
    const second = await t.query<Page>(q, { after: first.data?.erasureRequests.pageInfo.endCursor }, { role: 'admin' });
    const ids = [...(first.data?.erasureRequests.edges ?? []), ...(second.data?.erasureRequests.edges ?? [])].map((e) => e.node);
    expect(ids.length).toBe(3);
    expect(new Set(ids.map((n) => n.id)).size).toBe(3);
    expect([...ids].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))).toEqual(ids);
    expect(first.data?.erasureRequests.pageInfo.hasNextPage).toBe(true);
  });

  it('keeps no personal data in its tables once a job is done: keyed hashes, ids and outcomes only', async () => {
    const url = t.stack.settings.storage.databaseUrl;
    if (!url) return;
    const erased = [personEverywhere(world, 0), personEverywhere(world, 1)];
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = ['privacy_erasure_jobs', 'privacy_erasure_steps', 'privacy_erasure_subject_keys', 'privacy_suppressions', 'privacy_reappearances'];
      const dump = (await Promise.all(tables.map(async (table) => JSON.stringify((await client.query(`SELECT * FROM ${table}`)).rows))));
      const text = dump.join('\n').toLowerCase();
      for (const person of erased) {
        for (const value of [person.email, person.firstName, person.lastName, person.phone.replace(/\D/g, '').slice(-7)]) {
          if (value) expect(text, `${value} in the privacy tables`).not.toContain(value.toLowerCase());
        }
      }
      const { rows } = await client.query<{ sealed: number; suppressed: number }>(
        `SELECT (SELECT count(*) FROM privacy_erasure_jobs WHERE sealed_keys IS NOT NULL AND completed_at IS NOT NULL)::int AS sealed,
                (SELECT count(*) FROM privacy_suppressions)::int AS suppressed`);
      expect(rows[0]).toMatchObject({ sealed: 0 });
      expect(rows[0]?.suppressed).toBeGreaterThanOrEqual(2);
    } finally {
      await client.end();
    }
  });
});

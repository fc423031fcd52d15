import { Writable } from 'node:stream';
import { bypass, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import { createLogger } from '../../src/logging/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

type LogLine = Record<string, unknown> & { msg?: string };
type Found = { findCustomers: { sourceRecords: { system: string; recordId: string }[]; tickets: { totalCount: number } }[] };

// One Zendesk user with only a `name` (all the OAS requires of a user) used to fail the whole support silo with
// BAD_RESPONSE. The Zendesk sandbox's own answers are passed through msw, which adds to a user search's results a
// sparse user (id, name and the person's email: nothing else) and one with only a name, as a real account may hold.
describe('sparse and unusable records over the sandboxes', () => {
  let stack: TestStack;
  let world: World;
  let person: Person;
  const chunks: string[] = [];
  const lines = (): LogLine[] => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
  const msw = setupServer();
  const SPARSE_ID = 777_000_001;

  beforeAll(async () => {
    const sink = new Writable({ write(chunk: Buffer, _encoding, callback) { chunks.push(chunk.toString()); callback(); } });
    stack = await startTestStack({}, { logger: createLogger({ level: 'info', destination: sink }) });
    world = testWorld();
    person = personEverywhere(world);
    msw.use(http.get(`${stack.sandbox('zendesk')}/api/v2/search`, async ({ request }) => {
      const real = await fetch(bypass(request));
      const body = (await real.json()) as { results: Record<string, unknown>[] };
      if (new URL(request.url).searchParams.get('query')?.startsWith('type:user') && real.ok) {
        body.results.push({ id: SPARSE_ID, name: 'Sparse User', email: person.email, result_type: 'user' }, { name: 'Only A Name', result_type: 'user' });
      }
      return HttpResponse.json(body, { status: real.status });
    }));
    msw.listen({ onUnhandledRequest: 'bypass' });
  });
  afterAll(async () => {
    msw.close();
    await stack.close();
  });

  it('parses the sparse user, leaves out the one with only a name, reports it for itself, and answers the rest', async () => {
    const res = await stack.query<Found>(
      'query($email: String) { findCustomers(email: $email) { sourceRecords { system recordId } tickets(first: 5) { totalCount } } }',
      { email: person.email },
    );
    const zendesk = world.zendesk.users.filter((u) => u.personId === person.id).map((u) => u.id);
    const customers = res.data?.findCustomers ?? [];
    const zendeskOf = (c: Found['findCustomers'][number]) => c.sourceRecords.filter((r) => r.system === 'zendesk').map((r) => r.recordId);
    // The sparse user is answered (as a customer of its own: nothing but the email ties it to the person).
    expect(customers.flatMap(zendeskOf).sort()).toEqual([...zendesk, String(SPARSE_ID)].sort());
    const theirs = customers.find((c) => zendeskOf(c).includes(zendesk[0] ?? ''));
    expect(theirs?.tickets.totalCount).toBe(world.zendesk.tickets.filter((t) => zendesk.includes(t.requesterId)).length);
    expect(res.extensions?.sources?.find((s) => s.source === 'SUPPORT')?.status).toBe('OK');
    expect(res.errors).toEqual([{
      message: expect.stringMatching(/^SUPPORT: a record without a usable id was left out of the answer/),
      extensions: { code: 'SOURCE_RECORD_SKIPPED', source: 'SUPPORT', recordId: null, field: 'id' },
    }]);
    expect(JSON.stringify(res.errors)).not.toContain('Only A Name');
  });

  it('logs the record left out with its silo and field, and no personal data', async () => {
    await vi.waitFor(() => expect(lines().some((l) => l.msg === 'request completed' && Array.isArray(l.skippedRecords))).toBe(true), { timeout: 5_000, interval: 25 });
    const line = lines().find((l) => l.msg === 'request completed' && Array.isArray(l.skippedRecords));
    expect(line?.skippedRecords).toEqual([{ source: 'SUPPORT', recordId: null, field: 'id' }]);
    const text = chunks.join('');
    for (const personal of ['Only A Name', 'Sparse User', person.email]) expect(text).not.toContain(personal);
  });
});

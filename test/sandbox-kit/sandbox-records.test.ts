import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type NewRecord, type RunningSandbox, type SandboxDefinition, type SandboxWebhooks, type WebhookNotification } from '../../connectors/sandbox-kit/index.js';
import { fakeVendor } from './fixtures/fake-vendor.js';

/** The fake vendor with records it can change and, when `creates`, create; `taken` is an address it refuses. */
function vendorWithRecords(creates: boolean) {
  const records = new Map<string, NewRecord & { personId?: number }>([['1', { email: 'one@example.org', personId: 1 }]]);
  let next = 100;
  const notification = (id: string, type: string): WebhookNotification => ({
    eventIds: [`${type}-${id}`],
    body: (attempt) => JSON.stringify({ type, id, attempt }),
    headers: ({ now }) => ({ 'x-fake-sent': String(now) }),
  });
  const webhooks: SandboxWebhooks = {
    change: (id) => (records.has(id) ? [notification(id, 'changed')] : null),
    ...(creates
      ? {
          create(fields) {
            if (fields.email === 'taken@example.org') return { refused: 'the vendor already holds that address' };
            const id = String((next += 1));
            records.set(id, fields);
            return { id, notifications: [notification(id, 'created')] };
          },
        }
      : {}),
  };
  const truth = () => {
    const out: Record<string, string[]> = {};
    for (const [id, r] of records) if (r.personId !== undefined) (out[String(r.personId)] ??= []).push(id);
    return out;
  };
  const definition: SandboxDefinition = { ...fakeVendor, truth, webhooks };
  return { definition, records };
}

async function startReceiver() {
  const bodies: unknown[] = [];
  const app = Fastify({ logger: false });
  app.post('/hook', async (request) => {
    bodies.push(request.body);
    return {};
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/hook`, bodies, close: () => app.close() };
}

describe('POST /__sandbox/records', () => {
  let creating: RunningSandbox;
  let plain: RunningSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const vendor = vendorWithRecords(true);
  const post = (sandbox: RunningSandbox, path: string, body: unknown, method = 'POST') =>
    fetch(`${sandbox.url}/__sandbox/${path}`, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    creating = await startSandbox(vendor.definition);
    plain = await startSandbox(vendorWithRecords(false).definition);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await creating.close();
    await plain.close();
    await receiver.close();
  });

  it('creates through the vendor definition, answers 201 with id, event ids and deliveries, and delivers the creation webhook', async () => {
    expect((await post(creating, 'webhooks', { url: receiver.url, secret: 's' }, 'PUT')).status).toBe(200);
    const res = await post(creating, 'records', { email: 'new@example.org', firstName: 'Nova', personId: 7 });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; eventIds: string[]; deliveries: number[] };
    expect(body).toEqual({ id: '101', eventIds: ['created-101'], deliveries: [expect.any(Number)] });
    expect(vendor.records.get('101')).toEqual({ email: 'new@example.org', firstName: 'Nova', personId: 7 });
    expect(await (await fetch(`${creating.url}/__sandbox/truth`)).json()).toEqual({ '1': ['1'], '7': ['101'] });
    for (let i = 0; i < 100 && receiver.bodies.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(receiver.bodies).toEqual([{ type: 'created', id: '101', attempt: 0 }]);
    // The creation is what a redelivery sends again, as after a PATCH.
    const again = await fetch(`${creating.url}/__sandbox/webhooks/redeliver-last`, { method: 'POST' });
    expect(((await again.json()) as { eventIds: string[] }).eventIds).toEqual(['created-101']);
  });

  it("answers 409 with the vendor's reason when it refuses the record", async () => {
    const res = await post(creating, 'records', { email: 'taken@example.org' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: 'the vendor already holds that address' });
  });

  it.each([
    ['no field at all', {}],
    ['only a personId', { personId: 3 }],
    ['an unknown field', { email: 'a@example.org', nickname: 'x' }],
    ['a personId that is not a whole number', { email: 'a@example.org', personId: 1.5 }],
    ['an empty email', { email: '  ' }],
  ])('refuses %s with 400 and creates nothing', async (_what, body) => {
    const before = vendor.records.size;
    const res = await post(creating, 'records', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid new record', issues: [expect.any(String)] });
    expect(vendor.records.size).toBe(before);
  });

  it('answers 404 {error} when the vendor cannot create records, while PATCH still works', async () => {
    const res = await post(plain, 'records', { email: 'new@example.org' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/cannot create/) });
    expect((await post(plain, 'records/1', { firstName: 'Changed' }, 'PATCH')).status).toBe(200);
  });
});

import { randomUUID } from 'node:crypto';
import { parse, type OperationDefinitionNode } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditAction } from '../../src/audit/index.js';
import { CALLER_BUDGET_DEFAULTS, type CallerBudgetSettings } from '../../src/config/index.js';
import { createCallerBudgets, type CallerBudgetOptions } from '../../src/resilience/index.js';
import { budgetAsk } from '../../src/server/caller-budget-plugin.js';
import { requireRedis } from '../support/services.js';
import { createGatewayOverFakes, type GatewayOverFakes } from './gateway-over-fakes.js';

const service = await requireRedis();
const LOOKUP = '{ findCustomers(email: "p1@example.com") { id } }';
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `l${i}: findCustomers(email: "p1@example.com") { id }`).join(' ')} }`;

type Answer = { status: number; retryAfter: string | null; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };

function askOf(query: string) {
  const document = parse(query);
  return budgetAsk(document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode, document);
}

describe('what a request asks of its caller’s budgets', () => {
  it('counts root fields by kind, aliases one by one, through fragments and inline fragments', () => {
    expect(askOf(aliased(3))).toEqual({ lookups: 3 });
    expect(askOf(`{ a: customer(id: "x") { id } b: customers(first: 5) { totalCount } ...F ... on Query { c: customerByOrder(orderId: "1") { id } }
      erasureRequests(first: 1) { totalCount } __typename } fragment F on Query { d: customerByTicket(ticketId: "2") { id } e: customer(id: "y") { id } }`))
      .toEqual({ reads: 3, lookups: 2 });
    expect(askOf('mutation { a: requestErasure(subject: { email: "a@example.com" }) { id } b: requestDataExport(subject: { email: "a@example.com" }) { json } }'))
      .toEqual({ privacy: 2 });
    expect(askOf('{ recordOfProcessing { controller } erasureRequest(id: "x") { id } }')).toEqual({});
  });
});

describe('per-caller budgets at the gateway', () => {
  const rigs: GatewayOverFakes[] = [];
  const clock = { now: 1_700_000_000_000 };
  const rig = async (perMinute: Partial<CallerBudgetSettings>, options: CallerBudgetOptions = {}) => {
    const budgets = createCallerBudgets({ ...CALLER_BUDGET_DEFAULTS, ...perMinute }, { now: () => clock.now, ...options });
    await budgets.ready();
    const r = await createGatewayOverFakes({ budgets });
    rigs.push(r);
    await r.listen();
    const close = r.close.bind(r);
    r.close = async () => {
      await close();
      await budgets.close();
    };
    return r;
  };
  const post = async (r: GatewayOverFakes, query: string, token: string): Promise<Answer> => {
    const res = await fetch(`${r.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Answer['body'] };
  };
  afterEach(async () => {
    await Promise.all(rigs.splice(0).map((r) => r.close()));
  });

  it('answers the N+1-th look-up of one sub 429 RATE_LIMITED with Retry-After, audited, while another sub is served; the window refills by the clock', async () => {
    const r = await rig({ lookups: 3 });
    const recorded: AuditAction[] = [];
    vi.spyOn(r.auditTrail, 'record').mockImplementation((action) => void recorded.push(action));
    const agent = await r.token('support', 'agent-a');
    for (let i = 0; i < 3; i++) expect((await post(r, LOOKUP, agent)).status).toBe(200);
    const calls = r.fakes.calls.length;

    const refused = await post(r, LOOKUP, agent);
    expect(refused.status).toBe(429);
    // 3 a minute refill one every 20 s.
    expect(refused.retryAfter).toBe('20');
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(r.fakes.calls.length).toBe(calls);
    expect(recorded).toEqual([expect.objectContaining({ sub: 'agent-a', roles: ['support'], action: 'budget.refused', customerIds: [] })]);
    expect(recorded[0]?.outcome).toMatch(/^lookups: 1 asked, 3 per minute; retry after 20 s/);
    expect(JSON.stringify(recorded)).not.toContain('p1@example.com');

    const other = await post(r, LOOKUP, await r.token('support', 'agent-b'));
    expect(other.status).toBe(200);

    clock.now += 19_000;
    expect((await post(r, LOOKUP, agent)).status).toBe(429);
    clock.now += 1_000;
    expect((await post(r, LOOKUP, agent)).status).toBe(200);
  });

  it('refuses a request whose aliases cross the budget whole: nothing runs and nothing is spent', async () => {
    const r = await rig({ lookups: 3 });
    const agent = await r.token('support', 'agent-c');
    const refused = await post(r, aliased(4), agent);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.message).toMatch(/asks 4 and the budget is 3/);
    // Asking more than the budget ever holds: a minute's wait.
    expect(refused.retryAfter).toBe('60');
    expect(r.fakes.calls).toEqual([]);
    // Nothing was taken: three aliases still fit.
    const served = await post(r, aliased(3), agent);
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
  });

  it.skipIf(!service.available)('is shared by two gateways on one Redis, under keys that do not name the caller', async () => {
    const prefix = `c360:test:${randomUUID()}:`;
    const redis = { url: service.url, prefix, keySecret: Buffer.from('caller-budgets-test-key-0123456789') };
    const [a, b] = [await rig({ lookups: 3 }, { redis }), await rig({ lookups: 3 }, { redis })] as [GatewayOverFakes, GatewayOverFakes];
    const agent = await a.token('support', 'shared-agent@example.com');
    expect((await post(a, LOOKUP, agent)).status).toBe(200);
    expect((await post(b, LOOKUP, agent)).status).toBe(200);
    expect((await post(a, LOOKUP, agent)).status).toBe(200);
    const refused = await post(b, LOOKUP, agent);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    const client = new Redis(service.url);
    try {
      const keys = await client.keys(`${prefix}*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^${prefix}caller:lookups:[\\w-]{43}$`));
      expect(keys.join()).not.toMatch(/shared-agent|example/);
      await client.del(...keys);
    } finally {
      await client.quit();
    }
  });
});

afterAll(() => {
  vi.restoreAllMocks();
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { System } from '../../src/model/index.js';
import { SCENARIOS } from '../../bench/scenarios.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const SYSTEMS: System[] = ['hubspot', 'shopify', 'zendesk', 'square'];
const AGENT = (SCENARIOS.find((s) => s.id === 'agent') as { query: string }).query;

describe('agent views over the record cache and the kept resolutions', () => {
  let stack: TestStack;
  const world = testWorld();
  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '300' });
  });
  afterAll(() => stack.close());

  const upstream = async () => (await Promise.all(SYSTEMS.map((s) => stack.stats(s)))).reduce((n, s) => n + s.total, 0);

  it('answers warm views as the cold one, without a single upstream request', async () => {
    const person = personEverywhere(world, 2);
    const ticket = world.zendesk.tickets.find((t) => world.zendesk.users.some((u) => u.id === t.requesterId && u.personId === person.id));
    expect(ticket).toBeDefined();
    const view = () => stack.query<{ customerByTicket: { emails: string[] } | null }>(AGENT, { ticketId: String(ticket?.id) }, { role: 'support' });
    await stack.resetStats();
    const cold = await view();
    expect(cold.errors).toBeUndefined();
    expect(cold.data?.customerByTicket?.emails).toContain(person.email);
    expect(await upstream()).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      await stack.resetStats();
      const warm = await view();
      expect(warm.data).toEqual(cold.data);
      expect(await upstream()).toBe(0);
      expect(warm.extensions?.sources?.map((s) => `${s.source} ${s.status} ${s.cached}`)).toEqual(['CRM OK true', 'ECOMMERCE OK true', 'SUPPORT OK true', 'POS OK true']);
    }
  });
});

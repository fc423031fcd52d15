import { makeExecutableSchema } from '@graphql-tools/schema';
import type { IResolvers } from '@graphql-tools/utils';
import { describe, expect, it } from 'vitest';
import { createAccessPolicy, type AccessPolicy } from '../../src/access/index.js';
import type { AuditAction } from '../../src/audit/index.js';
import type { Role } from '../../src/auth/index.js';
import { createRequestContext } from '../../src/context/index.js';
import type { Order, Ticket } from '../../src/model/index.js';
import { resolvers, type ResolverContext } from '../../src/resolvers/index.js';
import { loadTypeDefs } from '../../src/server/schema.js';
import { memoryAuditTrail } from '../support/memory-audit-trail.js';
import { createFakeSilos, type FakeSilos } from '../cache/fake-silos.js';
import { testGatewayServices } from '../support/gateway-services.js';

// The shipped policy lets every role read the buyer's orders and the requester's tickets, so these look-ups reveal
// only what a crawl shows. This suite proves the rule for a policy where a role may not: it gets what an unknown
// id gets, after the same one read of the order or ticket, and the refusal is audited.
const ORDER = 'gid://shopify/Order/4242';
const TICKET = '4242';

/** The shipped policy, except that marketing may not read customers' orders or tickets. */
function withoutBuyers(policy: AccessPolicy): AccessPolicy {
  return {
    ...policy,
    ruleFor: (roles, category) => (roles.includes('marketing') && (category === 'PURCHASES' || category === 'SUPPORT_META') ? 'deny' : policy.ruleFor(roles, category)),
  };
}

function rig() {
  const fakes: FakeSilos = createFakeSilos(3);
  const sold = fakes.items.ECOMMERCE.get('ECOMMERCE-1')?.[0] as Order;
  fakes.items.ECOMMERCE.get('ECOMMERCE-1')?.push({ ...sold, provenance: { ...sold.provenance, recordId: ORDER } });
  const asked = fakes.items.SUPPORT.get('SUPPORT-2')?.[0] as unknown as Ticket;
  fakes.items.SUPPORT.get('SUPPORT-2')?.push({ ...asked, provenance: { ...asked.provenance, recordId: TICKET }, requesterRecordId: 'SUPPORT-2' } as unknown as Order);
  const actions: AuditAction[] = [];
  const services = testGatewayServices({ silos: fakes.silos, auditTrail: memoryAuditTrail(actions), secret: 'lookup-refusals-secret' });
  const plain = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as IResolvers<unknown, ResolverContext> });
  const access = withoutBuyers(createAccessPolicy(plain));
  const context = (role: Role): ResolverContext => ({ ...createRequestContext(services, { sub: `rig-${role}`, roles: [role] }), access });
  return { fakes, actions, context };
}

const Query = resolvers.Query as unknown as Record<'customerByOrder' | 'customerByTicket', (root: unknown, args: Record<string, string>, ctx: ResolverContext) => Promise<{ id: string } | null>>;

describe.each([
  ['customerByOrder', { orderId: ORDER }, { orderId: 'gid://shopify/Order/9999' }, 'PURCHASES'],
  ['customerByTicket', { ticketId: TICKET }, { ticketId: '9999' }, 'SUPPORT_META'],
] as const)('%s for a role that may not read the buyer or requester', (lookup, known, unknown, category) => {
  it('answers null with the one read an unknown id costs, and audits the refusal', async () => {
    const { fakes, actions, context } = rig();
    expect(await Query[lookup](null, known, context('marketing'))).toBeNull();
    const refusedCalls = fakes.calls.splice(0).map(({ source, method }) => `${source}.${method}`);
    expect(await Query[lookup](null, unknown, context('marketing'))).toBeNull();
    const unknownCalls = fakes.calls.splice(0).map(({ source, method }) => `${source}.${method}`);
    expect(refusedCalls).toEqual(unknownCalls);
    expect(refusedCalls).toHaveLength(1);
    expect(actions).toHaveLength(2);
    expect(actions[0]).toMatchObject({ sub: 'rig-marketing', roles: ['marketing'], action: 'lookup.refused', customerIds: [] });
    expect(actions[0]?.categories).toMatchObject({ [category]: 'DENIED' });
    expect(actions[0]?.outcome).toContain(lookup);
  });

  it('still answers a role that may', async () => {
    const { fakes, actions, context } = rig();
    const customer = await Query[lookup](null, known, context('support'));
    expect(customer?.id).toMatch(/^cus_/);
    expect(fakes.calls.length).toBeGreaterThan(1);
    expect(actions).toEqual([]);
  });
});

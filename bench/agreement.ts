import type { World } from '../connectors/sandbox-kit/index.js';
import { postGraphql } from './load.js';
import type { Scenario } from './scenarios.js';
import { settle, type Sandboxes } from './stack.js';

/** What one server answered for the sample tickets, on quiet sandboxes, before it was loaded. */
export interface Agreement {
  /** Sample tickets whose answer lists the requester's email (as the world holds it, trimmed and lower-case). */
  requesterEmailFound: number;
  of: number;
  /** Tickets whose answer carried no customer or GraphQL errors. */
  failed: string[];
  /** Upstream requests of the first sample ticket alone, total and per silo. */
  upstreamForOneTicket: { total: number; perSilo: Record<string, number> };
}

/** A few tickets whose requester has an email, with that email: what every server should link. */
export function sampleTickets(world: World, count = 5): { ticketId: string; email: string }[] {
  const users = new Map(world.zendesk.users.map((u) => [u.id, u]));
  const out: { ticketId: string; email: string }[] = [];
  for (const t of world.zendesk.tickets) {
    const email = users.get(t.requesterId)?.email?.trim().toLowerCase();
    if (email) out.push({ ticketId: t.id, email });
    if (out.length === count) break;
  }
  return out;
}

interface AgentBody {
  data?: { customerByTicket?: { emails?: string[] | null } | null } | null;
  errors?: unknown[];
}

/**
 * Asks one server the agent query for each sample ticket and checks the requester's email is among the
 * customer's emails; the first ticket is asked alone on quiet sandboxes, so its upstream requests are counted
 * exactly (the gateway in cold mode and the peers without their cache have nothing to answer from).
 */
export async function checkAgreement(o: {
  graphqlUrl: string;
  agent: Scenario;
  token(): string;
  sandboxes: Sandboxes;
  samples: readonly { ticketId: string; email: string }[];
  quietMs: number;
}): Promise<Agreement> {
  let found = 0;
  const failed: string[] = [];
  let upstream: Agreement['upstreamForOneTicket'] = { total: 0, perSilo: {} };
  for (const [i, sample] of o.samples.entries()) {
    if (i === 0) {
      await settle(o.sandboxes, o.quietMs);
      await o.sandboxes.resetStats();
    }
    const body = (await postGraphql(o.graphqlUrl, o.token(), o.agent.query, { ticketId: sample.ticketId })) as AgentBody;
    if (i === 0) {
      await settle(o.sandboxes, o.quietMs);
      const stats = await o.sandboxes.stats();
      upstream = { total: [...stats.values()].reduce((n, s) => n + s.total, 0), perSilo: Object.fromEntries([...stats].map(([silo, s]) => [silo, s.total])) };
    }
    const emails = body.data?.customerByTicket?.emails ?? null;
    if (!emails || body.errors?.length) failed.push(sample.ticketId);
    if (emails?.includes(sample.email)) found++;
  }
  return { requesterEmailFound: found, of: o.samples.length, failed, upstreamForOneTicket: upstream };
}

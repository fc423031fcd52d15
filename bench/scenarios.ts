import type { Role } from '../src/auth/index.js';
import type { ScenarioId } from './options.js';

/** One benchmarked query: what it asks, as whom, and how many dependent silo levels it needs at best. */
export interface Scenario {
  id: ScenarioId;
  title: string;
  role: Role;
  query: string;
  /** The root field, whose captured value the baseline serves. */
  rootField: string;
  /** Dependent silo levels on the critical path, as the gateway resolves the query (see below). */
  floorLevels: number;
  levelDerivation: string;
  /** Whether a response body carries no customer at all (a wrong input, not a slow one). */
  isEmpty(body: string): boolean;
}

/*
 * Floor levels. The floor is the time the silos alone make a query wait: sandbox latency × the number of
 * silo calls that must follow one another. How the gateway resolves a query (src/identity/service.ts,
 * resolve.ts, src/context/loaders.ts):
 *   - a seed step finds the first record(s);
 *   - resolveClusters then runs rounds: each round asks every silo, in parallel and batched by the
 *     per-request DataLoaders, about the keys (email, phone, own id as cross-reference) and outgoing
 *     cross-reference ids of the records linked in the previous round. Round 0 asks about the seeds; round 1
 *     asks about what round 0 linked, and is needed even when it links nothing new, because only its answer
 *     shows that the cluster is closed. A third round (maxRounds = 3) runs only when round 1 linked more.
 *     A key some cluster of the same request already asked about is answered by the DataLoader's cache and
 *     costs no round trip, so a round made only of such keys is not a level;
 *   - Customer facets (orders, tickets, posTransactions) are per-request DataLoaders that run after the
 *     cluster is known, all silos in parallel: one level.
 * Calls a connector makes inside one level (Square's one search per key, 8 at a time; Zendesk's 4 searches
 * at a time; paging) are not levels: they are what makes a level cost more than one round trip, which is
 * exactly what p50/floor should show.
 */

// The support agent's view; the insights scenario asks the same view with the customer's KPIs beside it, so the
// two rows differ by what `insights` costs alone.
const agentQuery = (name: string, extra: string) => `query ${name}($ticketId: ID!) {
  customerByTicket(ticketId: $ticketId) {
    id displayName emails phones
    consent { email { state decidedBy updatedAt } sms { state decidedBy updatedAt } }
    crm { recordId lifecycleStage leadStatus company jobTitle }
    orders(first: 5) { totalCount edges { node { id name createdAt financialStatus total { amount currencyCode } } } }
    tickets(first: 10, status: OPEN) { totalCount edges { node { id subject status priority createdAt } } }
    posTransactions(first: 5) { totalCount edges { node { id state createdAt total { amount currencyCode } } } }${extra}
  }
}`;

/** The scenarios, in the order they run and are reported. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'agent',
    title: 'Agent context',
    role: 'support',
    rootField: 'customerByTicket',
    // getTicket (Zendesk) → the requester's user by id (Zendesk) → round 0 → round 1 → facets.
    floorLevels: 5,
    levelDerivation: 'ticket by id → requester by id → identity round 0 → round 1 (closure) → facets (orders, tickets, POS in parallel)',
    query: agentQuery('AgentContext', ''),
    isEmpty: (body) => body.includes('"customerByTicket":null'),
  },
  {
    id: 'insights',
    title: 'Agent context with insights',
    role: 'support',
    rootField: 'customerByTicket',
    // The agent view's levels: insights read every page of the same facets the view reads (one facet call serves
    // both), and the model fields score against the newest stored model, read once per request.
    floorLevels: 5,
    levelDerivation: 'as the agent view: insights read the facets the view reads, in the same facet level',
    query: agentQuery('AgentContextWithInsights', `
    insights {
      value { orderCount perCurrency { currency net { amount currencyCode } } firstPurchaseAt lastPurchaseAt meanDaysBetweenPurchases }
      support { csat { value ratedTickets } firstReplyTime { calendarMinutes businessMinutes } openTickets }
      rfm { value { segment } reason } probabilityAlive { value reason } expectedValue { value interval { low high } reason }
    }`),
    isEmpty: (body) => body.includes('"customerByTicket":null'),
  },
  {
    id: 'bi',
    title: 'BI page',
    role: 'analyst',
    rootField: 'customers',
    // A page of 100 customers takes two crawl iterations (the bench sees 2.0 HubSpot list calls per page):
    // the first vendor page of 100 records holds fewer than 100 anchors (in-silo duplicates and records of
    // clusters anchored elsewhere are skipped), so service.page() lists the next vendor page and resolves
    // the rest. Each iteration is list → round 0 (all seeds batched) → round 1; then the orders facet.
    // Pages past the CRM part of the crawl skip more records and need more iterations; the bench's
    // rotation stays in the CRM part (the first pages).
    floorLevels: 7,
    levelDerivation: '2 crawl iterations × (list a vendor page of 100 → identity round 0, all seeds batched → round 1) → orders facet',
    query: `query BiPage($after: String) {
  customers(first: 100, after: $after) {
    edges { cursor node { id emails orders(first: 10) { totalCount edges { node { total { amount currencyCode } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    isEmpty: (body) => body.includes('"customers":{"edges":[]'),
  },
  {
    id: 'search',
    title: 'Search',
    role: 'support',
    rootField: 'findCustomers',
    // The email key in every silo at once → round 0 over every seed found. Each seed starts its own
    // cluster, so round 1 asks about records another seed already asked about in round 0: the request's
    // DataLoaders answer those from their cache, and round 1 costs a round trip only when round 0 linked a
    // record by a key no seed had (measured at 300 ms latency: ~2.3 levels on average). No facets asked.
    floorLevels: 2,
    levelDerivation: 'email look-up in every silo in parallel → identity round 0 (round 1 is answered from the request\'s DataLoader cache unless round 0 found new keys)',
    query: `query Search($email: String!) {
  findCustomers(email: $email) {
    id displayName emails phones
    consent { email { state decidedBy } }
  }
}`,
    isEmpty: (body) => body.includes('"findCustomers":[]'),
  },
];

/** The scenarios selected on the command line, in run order. */
export function selectScenarios(ids: readonly ScenarioId[]): Scenario[] {
  return SCENARIOS.filter((s) => ids.includes(s.id));
}

import type { System } from '../../src/model/index.js';

/** The four silos a crawl is scored over. */
export const SCORED_SYSTEMS: readonly System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

const PAGE = `query Crawl($after: String) {
  customers(first: 100, after: $after) {
    edges { node { id sourceRecords { system recordId } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface CrawlPage {
  customers: {
    edges: { node: { id: string; sourceRecords: { system: string; recordId: string }[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** How a scorer reaches the gateway and the sandboxes' ground truth. */
export interface ScoreTarget {
  /** Runs one GraphQL query as an admin; an answer with errors is thrown by the caller's transport or returned here. */
  query(query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  /** `/__sandbox/truth` of one silo: its record ids per person. */
  truth(system: System): Promise<Record<string, string[]>>;
}

/** A full crawl scored against the truth: pairwise precision and recall, and what the crawl lost or repeated. */
export interface ResolutionScore {
  pages: number;
  customers: number;
  people: number;
  precision: number;
  recall: number;
  /** `system:recordId` of records no customer holds. */
  missing: string[];
  /** Records more than one customer holds. */
  repeated: string[];
  /** Distinct customer ids (equal to `customers` when ids are unique). */
  ids: number;
  /** Records in the largest predicted and the largest true cluster. */
  largestPredicted: number;
  largestTrue: number;
  /** True pairs not linked, and predicted pairs that are not true: `a|b` of `system:recordId`. */
  missedPairs: string[];
  wrongPairs: string[];
}

async function crawl(target: ScoreTarget): Promise<{ customers: string[][]; ids: Set<string>; pages: number }> {
  const customers: string[][] = [];
  const ids = new Set<string>();
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await target.query(PAGE, { after });
    if (res.errors?.length) throw new Error(`crawl page ${pages + 1} answered errors: ${res.errors.map((e) => e.extensions?.code ?? e.message).join(', ')}`);
    const connection = (res.data as CrawlPage | undefined)?.customers;
    if (!connection) throw new Error(`crawl page ${pages + 1} answered no data`);
    pages += 1;
    for (const { node } of connection.edges) {
      ids.add(node.id);
      customers.push(node.sourceRecords.map((r) => `${r.system}:${r.recordId}`));
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
    if (pages > 10_000) throw new Error('crawl did not end');
  }
  return { customers, ids, pages };
}

function pairs(groups: readonly string[][]): Set<string> {
  const out = new Set<string>();
  for (const group of groups) {
    const sorted = [...group].sort();
    for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) out.add(`${sorted[i]}|${sorted[j]}`);
  }
  return out;
}

async function truthGroups(target: ScoreTarget): Promise<string[][]> {
  const byPerson = new Map<string, string[]>();
  for (const system of SCORED_SYSTEMS) {
    for (const [person, ids] of Object.entries(await target.truth(system))) {
      byPerson.set(person, [...(byPerson.get(person) ?? []), ...ids.map((id) => `${system}:${id}`)]);
    }
  }
  return [...byPerson.values()];
}

/** Crawls every customer through `customers(first: 100)` and scores the links against the generator's ground truth. */
export async function scoreResolution(target: ScoreTarget): Promise<ResolutionScore> {
  const { customers, ids, pages } = await crawl(target);
  const truth = await truthGroups(target);
  const predicted = pairs(customers);
  const actual = pairs(truth);
  const wrongPairs = [...predicted].filter((p) => !actual.has(p));
  const missedPairs = [...actual].filter((p) => !predicted.has(p));
  const correct = predicted.size - wrongPairs.length;
  const seen = new Map<string, number>();
  for (const c of customers) for (const r of c) seen.set(r, (seen.get(r) ?? 0) + 1);
  return {
    pages,
    customers: customers.length,
    people: truth.length,
    precision: predicted.size === 0 ? 1 : correct / predicted.size,
    recall: actual.size === 0 ? 1 : correct / actual.size,
    missing: truth.flat().filter((r) => !seen.has(r)),
    repeated: [...seen].filter(([, n]) => n > 1).map(([r]) => r),
    ids: ids.size,
    largestPredicted: Math.max(0, ...customers.map((c) => c.length)),
    largestTrue: Math.max(0, ...truth.map((t) => t.length)),
    missedPairs,
    wrongPairs,
  };
}

/** The score as one line of figures: the pair and record lists as their counts. */
export function scoreFigures(score: ResolutionScore): Record<string, number> {
  const { missedPairs, wrongPairs, missing, repeated, ...figures } = score;
  return { ...figures, missedPairs: missedPairs.length, wrongPairs: wrongPairs.length, missing: missing.length, repeated: repeated.length };
}

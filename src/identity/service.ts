import { z } from 'zod';
import {
  isSourceError,
  normaliseEmail,
  SOURCES,
  type ContactRecord,
  type ListWindow,
  type LookupKey,
  type Page,
  type Source,
} from '../model/index.js';
import { compareRecords, identityKeys, recordKey } from './cluster.js';
import { toCustomer, unreadableCustomer, type ResolvedCustomer } from './customer.js';
import type { CustomerIdCodec } from './customer-id.js';
import type { CursorCodec } from './cursor.js';
import { familyNamesMatch, givenNamesCompatible, nameKey } from './names.js';
import type { LinkReview } from './link-review.js';
import { resolveClusters, type ContactLookup, type Resolution, type ResolutionBounds, type ResolutionRead, type ResolutionTrace } from './resolve.js';
import { Cluster } from './cluster.js';
import { compare, evaluate, type FieldComparison, type RuleOutcome } from './rules.js';

/** Where a crawl over every silo stands: silo, vendor page, index in it, and when the crawl began. */
export const crawlPosition = z.object({
  s: z.number().int().min(0).max(SOURCES.length),
  c: z.string().max(1024).nullable(),
  i: z.number().int().min(0).max(1000),
  t: z.number().int().positive(),
});
/** A position in the crawl order of all anchor records. */
export type CrawlPosition = z.infer<typeof crawlPosition>;

/** A resolution as kept across requests: the seed it was resolved from (the same record object) and its cluster. */
export interface MemoizedResolution {
  seed: ContactRecord;
  resolution: Resolution;
}

/**
 * Resolutions kept across requests (src/cache's derived cache over the record cache), each valid exactly while every
 * silo answer it was built from is still the record cache's: a request that would ask only the record cache gets the
 * cluster those answers give without asking again. Below the access rules: it holds raw clusters, never an answer.
 */
export interface ResolutionMemo {
  get(key: string): MemoizedResolution | undefined;
  /** Keeps the resolution when its reads are the record cache's current, fresh answers; false otherwise. */
  put(key: string, value: MemoizedResolution, reads: readonly ResolutionRead[]): boolean;
}

/** What the identity service needs from the request: batched reads, listings, codecs and settings. */
export interface IdentityDeps {
  lookup: ContactLookup;
  /** Resolutions kept across requests; absent on paths that must read the silos (privacy operations). */
  memo?: ResolutionMemo;
  list(source: Source, window: ListWindow): Promise<Page<ContactRecord>>;
  ids: CustomerIdCodec;
  cursors: CursorCodec<CrawlPosition>;
  region: string;
  /** Bounds against over-linking (the identity settings); the defaults when absent. */
  bounds?: ResolutionBounds;
  /** Where resolutions report what they refused to trust (shared values, cut clusters). */
  review?: LinkReview;
  now?: () => number;
  /** Where the resolution rounds make their spans; absent: tracing is off. */
  trace?: ResolutionTrace;
}

/** Two silo records compared by every rule: whether they are one customer, what each field gave, and each rule's outcome. */
export interface PairExplanation {
  sameCustomer: boolean;
  customerIds: [string, string];
  comparisons: readonly FieldComparison[];
  outcomes: readonly RuleOutcome[];
}

/** A page of customers and where the next one starts. */
export interface CustomerPage {
  customers: { customer: ResolvedCustomer; cursor: string }[];
  hasNextPage: boolean;
}

/** Search criteria of findCustomers, already validated and normalised. */
export interface CustomerCriteria {
  email?: string;
  phone?: string;
  name?: string;
}

/**
 * What a look-up may answer, for callers whose rules hide some values: records found by the value that may seed
 * the resolution (decided before any resolution round, so a refused seed costs what no match costs), and resolved
 * customers that may be answered.
 */
export interface LookupFilter {
  /** The records found by the value that may seed a resolution (judged together: one record's opt-out can refuse all). */
  seeds(found: readonly ContactRecord[]): ContactRecord[];
  customer(customer: ResolvedCustomer): boolean;
  /** Search by the value past the record cache, so whether others read it recently shows in neither answer nor timing. */
  readonly fresh?: boolean;
}

const LIST_PAGE = 100;
/** The share of crawled records expected to emit a customer before a page has measured its own (about 0.9 on the first CRM pages). */
const EXPECTED_YIELD = 0.8;

/** Per-request identity resolution: from ids, records, search criteria or a crawl position to customers. */
export function createIdentityService(deps: IdentityDeps) {
  const { lookup, ids, region } = deps;
  const now = deps.now ?? Date.now;
  // A crawl page may need the same vendor page twice (it resolves only as many records as it still needs).
  const listed = new Map<string, Promise<Page<ContactRecord>>>();
  const list = (source: Source, after: string | null) => {
    const key = `${source}:${after ?? ''}`;
    let page = listed.get(key);
    if (!page) {
      page = deps.list(source, { first: LIST_PAGE, after });
      listed.set(key, page);
    }
    return page;
  };

  /** One batched resolution; what it refused to trust goes to the link review. */
  async function run(seeds: readonly ContactRecord[], sources: readonly Source[]): Promise<Resolution[]> {
    const resolutions = await resolveClusters(seeds, lookup, { region, sources, ...(deps.bounds ? { bounds: deps.bounds } : {}), trace: deps.trace });
    for (const r of resolutions) if (r.alarms.length > 0) deps.review?.report(r.alarms, toCustomer(r, ids).id);
    return resolutions;
  }

  /**
   * Resolves the seeds within `sources`: each from the memo when it holds the seed's resolution, the rest in one
   * batched resolution, whose clusters the memo keeps when no silo failed. `remember: false` (a look-up whose answer
   * must not depend on what others read) neither reads nor fills the memo.
   */
  async function resolve(seeds: readonly ContactRecord[], sources: readonly Source[], remember: boolean): Promise<Resolution[]> {
    const memo = remember ? deps.memo : undefined;
    if (!memo) return run(seeds, sources);
    const scope = `${region}|${sources.join(',')}|`;
    const out = seeds.map((seed) => {
      const held = memo.get(scope + recordKey(seed));
      return held?.seed === seed ? held.resolution : undefined;
    });
    const missing = seeds.filter((_, n) => out[n] === undefined);
    if (missing.length === 0) return out as Resolution[];
    const resolved = await run(missing, sources);
    let next = 0;
    return out.map((held, n) => {
      if (held) return held;
      const resolution = resolved[next++] as Resolution;
      const seed = seeds[n] as ContactRecord;
      if (resolution.failures.size === 0) memo.put(scope + recordKey(seed), { seed, resolution: frozen(resolution) }, resolution.reads);
      return resolution;
    });
  }

  async function fromRecords(seeds: readonly ContactRecord[], remember = true): Promise<ResolvedCustomer[]> {
    const resolutions = await resolve(seeds, SOURCES, remember);
    return resolutions.map((r) => toCustomer(r, ids));
  }

  /**
   * Resolves a crawl chunk. Past the first silo, a record linked to a record of an earlier silo cannot
   * anchor its customer, so it is first resolved against the earlier silos only (cheap, batched), and
   * only the records still anchoring are resolved across all silos. Skipped records come back undefined.
   */
  async function resolveForCrawl(chunk: readonly ContactRecord[], position: CrawlPosition): Promise<(ResolvedCustomer | undefined)[]> {
    if (position.s === 0) return fromRecords(chunk);
    const earlier = SOURCES.slice(0, position.s);
    const probes = await resolve(chunk, earlier, true);
    const candidates = chunk.filter((record, n) => {
      const members = [...(probes[n] as Resolution).cluster.members.values()].map((m) => m.record);
      return !members.some((m) => earlier.includes(m.provenance.source)) || members.some((m) => changedSince(m, position.t));
    });
    const resolved = await fromRecords(candidates);
    const byRecord = new Map(candidates.map((record, n) => [recordKey(record), resolved[n]]));
    return chunk.map((record) => byRecord.get(recordKey(record)));
  }

  /**
   * Up to `wanted` records of one silo's listing from `from` on, across its vendor pages, each with the crawl position
   * right after it; `rest` is where the listing goes on (the next silo once this one is done).
   */
  async function gather(from: CrawlPosition, wanted: number): Promise<{ chunk: { record: ContactRecord; after: CrawlPosition }[]; rest: CrawlPosition }> {
    const chunk: { record: ContactRecord; after: CrawlPosition }[] = [];
    let at = from;
    while (chunk.length < wanted && at.s === from.s) {
      const page = await list(SOURCES[at.s] as Source, at.c);
      const here = at;
      const positionAt = (i: number): CrawlPosition =>
        i < page.items.length ? { ...here, i } : page.next ? { ...here, c: page.next, i: 0 } : { s: here.s + 1, c: null, i: 0, t: here.t };
      for (let i = here.i; i < page.items.length && chunk.length < wanted; i++) chunk.push({ record: page.items[i] as ContactRecord, after: positionAt(i + 1) });
      // This vendor page is used up: go on with the next one (or the next silo).
      if (chunk.length < wanted) at = positionAt(page.items.length);
    }
    return { chunk, rest: chunk.at(-1)?.after ?? at };
  }

  /** Resolves seeds, keeping one customer per cluster. */
  async function distinct(seeds: readonly ContactRecord[], remember: boolean): Promise<ResolvedCustomer[]> {
    const seen = new Set<string>();
    return (await fromRecords(seeds, remember)).filter((c) => !seen.has(c.id) && seen.add(c.id));
  }

  return {
    fromRecords: (seeds: readonly ContactRecord[]) => fromRecords(seeds),

    /** The customer an opaque id names, or null when the id is forged, its record is gone or the filter holds it back. */
    async byId(id: string, filter?: LookupFilter): Promise<ResolvedCustomer | null> {
      const anchor = ids.decode(id);
      if (!anchor) return null;
      let record: ContactRecord | undefined;
      try {
        record = (await lookup.byIds(anchor.source, [anchor.recordId])).get(anchor.recordId);
      } catch (error) {
        if (isSourceError(error)) return unreadableCustomer(id, anchor.source, error);
        throw error;
      }
      if (!record || (filter && filter.seeds([record]).length === 0)) return null;
      return admitted((await fromRecords([record], !filter?.fresh))[0], filter);
    },

    /** The customer holding a silo record, or null when the record does not exist or the filter holds it back. */
    async byRecord(source: Source, recordId: string, filter?: LookupFilter): Promise<ResolvedCustomer | null> {
      const record = (await lookup.byIds(source, [recordId])).get(recordId);
      if (!record || (filter && filter.seeds([record]).length === 0)) return null;
      return admitted((await fromRecords([record], !filter?.fresh))[0], filter);
    },

    /**
     * Customers matching every criterion given. Silos that fail are left out of the search. With a filter, records
     * it refuses seed nothing and customers it refuses are left out, before the limit.
     */
    async find(criteria: CustomerCriteria, limit: number, filter?: LookupFilter): Promise<ResolvedCustomer[]> {
      const key: LookupKey | undefined = criteria.email
        ? { kind: 'email', value: criteria.email }
        : criteria.phone
          ? { kind: 'phone', value: criteria.phone }
          : criteria.name
            ? { kind: 'name', value: criteria.name }
            : undefined;
      if (!key) return [];
      const settled = await Promise.allSettled(SOURCES.map((s) => lookup.byKeys(s, [key], filter?.fresh ? { fresh: true } : undefined)));
      const found = settled.flatMap((r) => (r.status === 'fulfilled' ? [...r.value.values()].flat() : []));
      const seeds = filter ? filter.seeds(found) : found;
      seeds.sort(compareRecords);
      const customers = await distinct(seeds, !filter?.fresh);
      return customers.filter((c) => matches(c, criteria, region) && (!filter || filter.customer(c))).slice(0, limit);
    },

    /**
     * Two silo records compared by every rule, for `whyNotLinked`: each record's customer (the same one or not), what
     * each field of the second gives against the first, and every rule's outcome. Null when either record is unknown.
     */
    async explainPair(a: { source: Source; recordId: string }, b: { source: Source; recordId: string }): Promise<PairExplanation | null> {
      const [first, second] = await Promise.all([a, b].map(async (r) => (await lookup.byIds(r.source, [r.recordId])).get(r.recordId)));
      if (!first || !second) return null;
      const [x, y] = await fromRecords([first, second], false);
      const crossReferenced = [[first, second], [second, first]].some(([p, q]) =>
        (p as ContactRecord).crossRefs.some((ref) => ref.source === (q as ContactRecord).provenance.source && ref.recordId === (q as ContactRecord).provenance.recordId));
      const alone = new Cluster(first, region);
      const comparison = compare(alone.candidate(second, crossReferenced), alone.values);
      return { sameCustomer: x?.id === y?.id, customerIds: [x?.id ?? '', y?.id ?? ''], comparisons: comparison.fields, outcomes: evaluate(comparison) };
    },

    /** A page of the crawl over every person known to any silo, each cluster at its anchor record. */
    async page(first: number, after: CrawlPosition | null): Promise<CustomerPage> {
      let position: CrawlPosition = after ?? { s: 0, c: null, i: 0, t: now() };
      const out: CustomerPage['customers'] = [];
      // Not every record emits a customer (in-silo duplicates, records of clusters anchored elsewhere), so a chunk
      // holds as many records as the share that emitted so far says are needed — across vendor pages when it must —
      // and is resolved at once: one batched round of look-ups per silo serves the whole page.
      let yieldRate = EXPECTED_YIELD;
      while (out.length < first && position.s < SOURCES.length) {
        const wanted = Math.ceil((first - out.length) / Math.max(yieldRate, 0.25));
        const { chunk, rest } = await gather(position, wanted);
        if (chunk.length === 0) {
          position = rest;
          continue;
        }
        const customers = await resolveForCrawl(chunk.map((c) => c.record), position);
        let consumed = 0;
        let emitted = 0;
        for (const [n, { record, after: next }] of chunk.entries()) {
          consumed = n + 1;
          position = next;
          const customer = customers[n];
          if (!customer || !emitsAt(record, customer, position.t)) continue;
          emitted += 1;
          out.push({ customer, cursor: deps.cursors.encode(next) });
          if (out.length === first) break;
        }
        yieldRate = emitted / consumed;
      }
      const last = out.at(-1);
      if (last) last.cursor = deps.cursors.encode(position);
      return { customers: out, hasNextPage: position.s < SOURCES.length };
    },
  };
}

/** A resolution made read-only before it is shared with later requests (its links are handed out to every one). */
function frozen(resolution: Resolution): Resolution {
  for (const member of resolution.cluster.members.values()) {
    Object.freeze(member.matchedOn);
    Object.freeze(member);
  }
  return resolution;
}

function admitted(customer: ResolvedCustomer | undefined, filter: LookupFilter | undefined): ResolvedCustomer | null {
  return customer && (!filter || filter.customer(customer)) ? customer : null;
}

/** The per-request identity service. */
export type IdentityService = ReturnType<typeof createIdentityService>;

/**
 * A cluster is emitted at its anchor record. It is emitted again at a later record when one of its
 * records changed after the crawl began, since it may then have gained records that were emitted
 * elsewhere: a record that moves mid-crawl may appear twice but never vanishes.
 */
function emitsAt(record: ContactRecord, customer: ResolvedCustomer, crawlStart: number): boolean {
  if (customer.anchor && recordKey(customer.anchor) === recordKey(record)) return true;
  return customer.records.some((r) => changedSince(r.record, crawlStart));
}

function changedSince(record: ContactRecord, since: number): boolean {
  return record.provenance.updatedAt !== null && Date.parse(record.provenance.updatedAt) > since;
}

function matches(customer: ResolvedCustomer, criteria: CustomerCriteria, region: string): boolean {
  const keys = customer.records.map((r) => identityKeys(r.record, region));
  if (criteria.email && !keys.some((k) => k.emails.includes(criteria.email as string)) &&
    !customer.records.some((r) => r.record.emails.some((e) => normaliseEmail(e) === criteria.email))) return false;
  if (criteria.phone && !keys.some((k) => k.phones.includes(criteria.phone as string))) return false;
  if (criteria.name) {
    const tokens = criteria.name.split(/\s+/).map(nameKey).filter((t): t is string => t !== null);
    const names = customer.records.map((r) => r.record);
    const ok = tokens.every((t) => names.some((r) => givenNamesCompatible(r.firstName, t) && nameKey(r.firstName) !== null || familyNamesMatch(r.lastName, t)));
    if (!ok) return false;
  }
  return true;
}

import {
  familyNameKey,
  isSourceError,
  lookupKeyId,
  postalCodeKey,
  SOURCES,
  UnreachableCaseError,
  type ContactRecord,
  type LookupKey,
  type Source,
  type SourceError,
} from '../model/index.js';
import type { Context, Tracer } from '@opentelemetry/api';
import { inSpan, SPAN_ATTRIBUTES } from '../tracing/index.js';
import { Cluster, identityKeys, recordKey } from './cluster.js';
import { nameKey } from './names.js';
import type { MatchKind } from './rules.js';

/** Batched contact reads across the silos (per-request loaders implement it). Failures throw typed errors. */
export interface ContactLookup {
  /** Whether a silo can search this kind of key. */
  supports(source: Source, key: LookupKey): boolean;
  /** Whether at most one record of a silo can hold the key (see `ContactConnector.holdsUniquely`); absent: none. */
  holdsUniquely?(source: Source, key: LookupKey): boolean;
  byIds(source: Source, ids: readonly string[]): Promise<Map<string, ContactRecord>>;
  /** `fresh`: past the record cache, so the answer does not depend on what other requests read. */
  byKeys(source: Source, keys: readonly LookupKey[], options?: { fresh?: boolean }): Promise<Map<string, ContactRecord[]>>;
}

/** One answer a resolution used: a read by id (`r`) or a look-up by key (`k`, by its `lookupKeyId`), and what it found. */
export type ResolutionRead =
  | { source: Source; kind: 'r'; id: string; found: ContactRecord | null }
  | { source: Source; kind: 'k'; id: string; found: readonly ContactRecord[] };

/**
 * Something a resolution refused to trust, for the link review: an email or phone that more people hold than a key can
 * belong to (it stopped linking), or a cluster past its size bound (cut at its weakest link).
 */
export type LinkAlarm =
  | { kind: 'SHARED_VALUE'; source: Source; field: 'EMAIL' | 'PHONE'; value: string; names: number }
  | { kind: 'OVERSIZED_CLUSTER'; size: number; cutOff: number };

/** The bounds that keep one resolution from linking too much (the identity settings). */
export interface ResolutionBounds {
  /** More distinct names than this behind one email or phone in a look-up, and it is no key. */
  maxNamesPerValue: number;
  /** A cluster with more records than this is cut at its weakest link. */
  maxClusterSize: number;
}

/** The defaults of `ResolutionBounds`, as documented in the README's settings table. */
export const DEFAULT_RESOLUTION_BOUNDS: ResolutionBounds = { maxNamesPerValue: 5, maxClusterSize: 12 };

/** Where a resolution's rounds make their spans (src/tracing); absent: tracing is off. */
export interface ResolutionTrace {
  tracer: Tracer;
  /** The request's span context, parent of the rounds' spans. */
  parent?: Context;
}

/** A cluster after resolution, with the silos that could not be asked. */
export interface Resolution {
  cluster: Cluster;
  /** What it refused to trust, for the link review; empty almost always. */
  alarms: LinkAlarm[];
  /** Silos whose look-ups failed: their records may be missing, and their facets must say so. */
  failures: Map<Source, SourceError>;
  /** Every answer of a silo this cluster was built from (keys no silo can search are none): the same answers give the same cluster. */
  reads: ResolutionRead[];
}

interface Asked {
  keys: LookupKey[];
  /** Which records each key was taken from (by lookupKeyId): a record found only by its own key proves no link. */
  origins: Map<string, Set<string>>;
  /** Outgoing cross-references: ids to read directly in their silo. */
  ids: { source: Source; id: string }[];
}

const LINK_ORDER: readonly Exclude<MatchKind, 'ANCHOR'>[] = ['CROSS_REFERENCE', 'PHONE', 'EMAIL', 'NAME_AND_POSTAL_CODE'];

const KIND_OF: Readonly<Record<LookupKey['kind'], Exclude<MatchKind, 'ANCHOR'>>> = {
  xref: 'CROSS_REFERENCE',
  phone: 'PHONE',
  email: 'EMAIL',
  name: 'NAME_AND_POSTAL_CODE',
  familyName: 'NAME_AND_POSTAL_CODE',
};

/** Whether a record answers a key by what it holds: its email, phone or cross-reference (names are never certain). */
function holds(record: ContactRecord, key: LookupKey, region: string): boolean {
  switch (key.kind) {
    case 'xref':
      return record.crossRefs.some((ref) => ref.source === key.source && ref.recordId === key.value);
    case 'email':
      return identityKeys(record, region).emails.includes(key.value);
    case 'phone':
      return identityKeys(record, region).phones.includes(key.value);
    case 'name':
    case 'familyName':
      return false;
    default:
      throw new UnreachableCaseError(key);
  }
}

/** A round's keys for one silo and cluster: those to ask it, and those whose answer the cluster already holds. */
interface SiloKeys {
  ask: LookupKey[];
  known: { key: LookupKey; records: ContactRecord[] }[];
}

/**
 * The keys of a round for `source` and one cluster: not a record's own silo for references to itself; and a key at
 * most one record of the silo can hold is not asked when the cluster already has that record: it is the answer.
 */
function keysFor(source: Source, keys: readonly LookupKey[], cluster: Cluster, lookup: ContactLookup, region: string): SiloKeys {
  const members = [...cluster.members.values()].map((m) => m.record).filter((r) => r.provenance.source === source);
  const out: SiloKeys = { ask: [], known: [] };
  for (const key of keys) {
    if (key.kind === 'xref' && key.source === source) continue;
    const holders = members.length > 0 && lookup.holdsUniquely?.(source, key) ? members.filter((r) => holds(r, key, region)) : [];
    if (holders.length > 0) out.known.push({ key, records: holders });
    else out.ask.push(key);
  }
  return out;
}

/** The ids of a round to read from `source` for one cluster: those of records it does not hold yet. */
function idsFor(source: Source, ids: Asked['ids'], cluster: Cluster): string[] {
  return ids.filter((r) => r.source === source && !cluster.members.has(`${source}:${r.id}`)).map((r) => r.id);
}

function questionsFor(records: ContactRecord[], region: string, lookup: ContactLookup): Asked {
  const asked: Asked = { keys: [], ids: [], origins: new Map() };
  for (const record of records) {
    const ask = (key: LookupKey) => {
      const id = lookupKeyId(key);
      const from = asked.origins.get(id) ?? new Set<string>();
      if (from.size === 0) asked.keys.push(key);
      asked.origins.set(id, from.add(recordKey(record)));
    };
    const { emails, phones } = identityKeys(record, region);
    for (const value of emails) ask({ kind: 'email', value });
    for (const value of phones) ask({ kind: 'phone', value });
    const family = familyNameKey(record.lastName);
    const postalCode = postalCodeKey(record.postalCode);
    const spelling = record.lastName?.trim().toLowerCase();
    const fuzzy: LookupKey | null = family && postalCode && record.firstName
      ? { kind: 'familyName', value: family, postalCode, ...(spelling && spelling !== family ? { spelling } : {}) }
      : null;
    // Asked only from silos that can be asked back, so a fuzzy link is found from either end and the
    // cluster is the same whichever record it is resolved from.
    if (fuzzy && lookup.supports(record.provenance.source, fuzzy)) ask(fuzzy);
    ask({ kind: 'xref', source: record.provenance.source, value: record.provenance.recordId });
    for (const ref of record.crossRefs) asked.ids.push({ source: ref.source, id: ref.recordId });
  }
  return asked;
}

/**
 * Resolves every seed into a cluster, level by level: each round asks every silo once for all keys of
 * all clusters' newly linked records (one batched call per silo and round), then links what the guards allow.
 * A silo that fails is recorded on each cluster that asked it; the others go on.
 */
export async function resolveClusters(
  seeds: readonly ContactRecord[],
  lookup: ContactLookup,
  {
    region,
    maxRounds = 3,
    sources = SOURCES,
    bounds = DEFAULT_RESOLUTION_BOUNDS,
    trace,
  }: { region: string; maxRounds?: number; sources?: readonly Source[]; bounds?: ResolutionBounds; trace?: ResolutionTrace | undefined },
): Promise<Resolution[]> {
  const states = seeds.map((seed) => ({
    resolution: { cluster: new Cluster(seed, region), alarms: [] as LinkAlarm[], failures: new Map<Source, SourceError>(), reads: [] as ResolutionRead[] },
    frontier: [seed],
    seen: new Set<string>(),
    /** Records a rule refused so far: offered again whenever the cluster grows, since a new member may tip a rule. */
    refused: [] as Found[],
  }));

  for (let round = 0; round < maxRounds; round++) {
    const perState = states.map((state) => {
      const asked = questionsFor(state.frontier, region, lookup);
      const keys = asked.keys.filter((k) => !state.seen.has(lookupKeyId(k)));
      const ids = asked.ids.filter((r) => !state.seen.has(`id:${r.source}:${r.id}`));
      for (const k of keys) state.seen.add(lookupKeyId(k));
      for (const r of ids) state.seen.add(`id:${r.source}:${r.id}`);
      return { keys, ids, origins: asked.origins };
    });
    if (perState.every((q) => q.keys.length === 0 && q.ids.length === 0)) break;

    // A record's own silo is asked by key too (in-silo duplicates), but not for references to itself.
    const keysOf = new Map(sources.map((source) => [source, states.map((state, i) => keysFor(source, (perState[i] as Asked).keys, state.resolution.cluster, lookup, region))]));
    // One span per round (counts only: no key, id or record), the parent of the silo calls it makes.
    const roundSpan = !trace ? {} : {
      attributes: {
        [SPAN_ATTRIBUTES.round]: round,
        [SPAN_ATTRIBUTES.clusters]: states.length,
        [SPAN_ATTRIBUTES.keys]: perState.reduce((n, q) => n + q.keys.length, 0),
        [SPAN_ATTRIBUTES.ids]: perState.reduce((n, q) => n + q.ids.length, 0),
      },
      ...(trace.parent ? { parent: trace.parent } : {}),
    };
    const answers = await inSpan(trace?.tracer, 'identity round', roundSpan, () => Promise.all(
      sources.map(async (source) => {
        const keys = (keysOf.get(source) ?? []).flatMap((k) => k.ask);
        const ids = states.flatMap((state, i) => idsFor(source, (perState[i] as Asked).ids, state.resolution.cluster));
        if (keys.length === 0 || ids.length === 0) {
          const [byKey, byId] = await Promise.allSettled([
            keys.length ? lookup.byKeys(source, keys) : Promise.resolve(new Map<string, ContactRecord[]>()),
            ids.length ? lookup.byIds(source, ids) : Promise.resolve(new Map<string, ContactRecord>()),
          ]);
          return { source, byKey, byId, byKeyOf: new Map<string, string>() };
        }
        // A silo asked by key and by id in one round is asked by key first: a cross-referenced record the look-up
        // found (it mostly holds the email that found it) is the record asked for, and is not read again.
        const [byKey] = await Promise.allSettled([lookup.byKeys(source, keys)]);
        const byKeyOf = byKey.status === 'fulfilled' ? idsAnswered(source, byKey.value) : new Map<string, string>();
        const rest = ids.filter((id) => !byKeyOf.has(id));
        const [byId] = await Promise.allSettled([rest.length ? lookup.byIds(source, rest) : Promise.resolve(new Map<string, ContactRecord>())]);
        return { source, byKey, byId, byKeyOf };
      }),
    ));

    states.forEach((state, i) => {
      const questions = perState[i] as Asked;
      const { cluster, alarms } = state.resolution;
      const found: Found[] = [];
      for (const { source, byKey, byId, byKeyOf } of answers) {
        const { ask: keys, known } = keysOf.get(source)?.[i] ?? { ask: [], known: [] };
        const referenced = questions.ids.filter((r) => r.source === source);
        // A cross-referenced record the cluster already holds is not read again: it is offered as the reference it is.
        for (const { id } of referenced) {
          const held = state.resolution.cluster.members.get(`${source}:${id}`);
          if (held) found.push({ record: held.record, kind: 'CROSS_REFERENCE' });
        }
        const ids = idsFor(source, referenced, state.resolution.cluster);
        for (const [settled, used] of [[byKey, keys.length], [byId, ids.filter((id) => !byKeyOf.has(id)).length]] as const) {
          if (settled.status === 'rejected' && used > 0) {
            const reason: unknown = settled.reason;
            if (!isSourceError(reason)) throw reason;
            state.resolution.failures.set(source, reason);
          }
        }
        const asked = byKey.status === 'fulfilled' ? keys.map((key) => ({ key, records: byKey.value.get(lookupKeyId(key)) ?? [] })) : [];
        for (const { key, records } of asked) {
          if (lookup.supports(source, key)) state.resolution.reads.push({ source, kind: 'k', id: lookupKeyId(key), found: records });
        }
        for (const { key, records } of asked) {
          if (key.kind !== 'email' && key.kind !== 'phone') continue;
          const names = distinctNames(records);
          if (names <= bounds.maxNamesPerValue) continue;
          cluster.ignore(key.value);
          alarms.push({ kind: 'SHARED_VALUE', source, field: key.kind === 'email' ? 'EMAIL' : 'PHONE', value: key.value, names });
        }
        const trusted = asked.filter(({ key }) => !((key.kind === 'email' || key.kind === 'phone') && cluster.ignores(key.value)));
        for (const { key, records } of [...known, ...trusted]) {
          const origins = questions.origins.get(lookupKeyId(key));
          for (const record of records) {
            // Found by nothing but its own email, phone or name: that says nothing about its link to the others.
            if (origins?.size === 1 && origins.has(recordKey(record))) continue;
            found.push({ record, kind: KIND_OF[key.kind] });
          }
        }
        // Ids a key look-up of this round answered: the record, and the answer it came in, which this cluster was built from.
        const answeredIds = new Set<string>();
        for (const id of ids) {
          const keyId = byKeyOf.get(id);
          const records = keyId !== undefined && byKey.status === 'fulfilled' ? byKey.value.get(keyId) : undefined;
          const record = records?.find((r) => r.provenance.recordId === id);
          if (keyId === undefined || !records || !record) continue;
          answeredIds.add(id);
          if (!keys.some((key) => lookupKeyId(key) === keyId)) state.resolution.reads.push({ source, kind: 'k', id: keyId, found: records });
          found.push({ record, kind: 'CROSS_REFERENCE' });
        }
        if (byId.status === 'fulfilled') {
          for (const id of ids.filter((i) => !answeredIds.has(i))) {
            const record = byId.value.get(id);
            state.resolution.reads.push({ source, kind: 'r', id, found: record ?? null });
            if (record) found.push({ record, kind: 'CROSS_REFERENCE' });
          }
        }
      }
      const { joined, refused } = offerAll(cluster, [...state.refused, ...found]);
      state.refused = refused;
      state.frontier = joined;
    });
  }
  for (const { resolution } of states) {
    const size = resolution.cluster.members.size;
    if (size > bounds.maxClusterSize) resolution.alarms.push({ kind: 'OVERSIZED_CLUSTER', size, cutOff: resolution.cluster.cut(bounds.maxClusterSize).length });
  }
  return states.map((s) => s.resolution);
}

/** The records of `source` a key look-up answered, by record id, each with the id of the first key that found it. */
function idsAnswered(source: Source, byKey: ReadonlyMap<string, readonly ContactRecord[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [keyId, records] of byKey) {
    for (const r of records) if (r.provenance.source === source && !out.has(r.provenance.recordId)) out.set(r.provenance.recordId, keyId);
  }
  return out;
}

/** A record a look-up found, and the kind of key that found it. */
interface Found {
  record: ContactRecord;
  kind: Exclude<MatchKind, 'ANCHOR'>;
}

/**
 * Offers found records to a cluster, the strongest kinds first, and offers the refused ones again while the cluster
 * still grows: a record a rule refused may link once another has joined. Returns the new members and those refused.
 */
function offerAll(cluster: Cluster, found: readonly Found[]): { joined: ContactRecord[]; refused: Found[] } {
  const ordered = LINK_ORDER.flatMap((kind) => found.filter((f) => f.kind === kind));
  const joined: ContactRecord[] = [];
  let pending = ordered;
  for (let grew = true; grew; ) {
    grew = false;
    const still: Found[] = [];
    for (const f of pending) {
      if (cluster.offer(f.record, f.kind)) {
        joined.push(f.record);
        grew = true;
      } else if (!cluster.has(f.record)) still.push(f);
    }
    pending = still;
  }
  const seen = new Set<string>();
  const refused = pending.filter((f) => {
    const key = `${recordKey(f.record)}|${f.kind}`;
    return !seen.has(key) && seen.add(key);
  });
  return { joined, refused };
}

/** How many different people's names answer one look-up (records without a name do not count). */
function distinctNames(records: readonly ContactRecord[]): number {
  const names = new Set<string>();
  for (const r of records) {
    const given = nameKey(r.firstName);
    const family = familyNameKey(r.lastName);
    if (given || family) names.add(`${given ?? ''}|${family ?? ''}`);
  }
  return names.size;
}

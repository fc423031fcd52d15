import type { Context, Tracer } from '@opentelemetry/api';
import type { OperationTrace } from '../tracing/index.js';
import type { AuditTrail, RequestAudit } from '../audit/index.js';
import type { Principal } from '../auth/index.js';
import { createIdentityService, type CrawlPosition, type CursorCodec, type CustomerIdCodec, type IdentityService, type LinkReview, type ResolutionBounds, type ResolutionMemo } from '../identity/index.js';
import type { Source } from '../model/index.js';
import type { Silos } from '../model/index.js';
import { createLoaders, type Loaders } from './loaders.js';
import { createSourceTracker, type SourceTracker } from './source-status.js';

/** What lives as long as the gateway: silos, codecs and settings every request shares. */
export interface GatewayServices {
  silos: Silos;
  customerIds: CustomerIdCodec;
  crawlCursors: CursorCodec<CrawlPosition>;
  deadlineMs: number;
  /** Cap on one silo call inside the deadline, so one slow silo leaves time for the rest. */
  siloTimeoutMs: number;
  phoneRegion: string;
  auditTrail: AuditTrail;
  /** Keyed pseudonyms for BI: the same value always gives the same pseudonym, and only the gateway can reverse one. */
  pseudonyms: PseudonymCodec;
  /**
   * Resolved clusters kept across requests while the record cache answers they rest on are unchanged (src/cache's
   * derived cache); absent on paths past the record cache (privacy operations) and when the cache is off.
   */
  resolutions?: ResolutionMemo;
  /** Identity's bounds against over-linking (the identity settings). */
  identityBounds: ResolutionBounds;
  /** What identity resolution refused to trust, for `linkReview` (this replica's memory). */
  linkReview: LinkReview;
  /** How long after its record's creation a timeline event is still placed right (TIMELINE_LOOKAHEAD_DAYS). */
  timelineLookaheadMs: number;
  /** Makes the spans of identity rounds and silo calls (src/tracing); absent: tracing is off. */
  tracer?: Tracer;
}

/** Keyed, reversible pseudonyms (made by src/access). */
export interface PseudonymCodec {
  pseudonymise(kind: string, value: string): string;
  /** The kind and normalised value a pseudonym stands for, or null for anything the gateway did not make. */
  reidentify(pseudonym: string): { kind: string; value: string } | null;
}

/** The context of one GraphQL request. */
export interface RequestContext {
  principal: Principal;
  /** Epoch ms by which every silo call of this request must be done. */
  deadline: number;
  loaders: Loaders;
  identity: IdentityService;
  sources: SourceTracker;
  silos: Silos;
  crawlCursors: CursorCodec<CrawlPosition>;
  phoneRegion: string;
  /** This request's audit notes, written as one event when it ends. */
  audit: RequestAudit;
  auditTrail: AuditTrail;
  pseudonyms: PseudonymCodec;
  linkReview: LinkReview;
  /** How long after its record's creation a timeline event is still placed right. */
  timelineLookaheadMs: number;
  /** The request's operation span (src/server's tracing plugin names and ends it); absent when tracing is off. */
  operationTrace?: OperationTrace;
}

/** The memo as a request uses it: a kept resolution counts, in `extensions.sources`, as the cached answers it rests on. */
function reported(memo: ResolutionMemo, sources: SourceTracker): ResolutionMemo {
  return {
    get(key) {
      const held = memo.get(key);
      if (held) {
        const silos = new Set<Source>();
        for (const read of held.resolution.reads) silos.add(read.source);
        for (const source of silos) sources.noteCached(source);
      }
      return held;
    },
    put: (key, value, reads) => memo.put(key, value, reads),
  };
}

/** Builds a request's context: fresh loaders (no result outlives the request) under one deadline. */
export function createRequestContext(services: GatewayServices, principal: Principal, trace?: Context): RequestContext {
  const deadline = Date.now() + services.deadlineMs;
  const sources = createSourceTracker();
  const loaders = createLoaders(services.silos, sources, { deadline, siloTimeoutMs: services.siloTimeoutMs }, services.tracer ? trace : undefined);
  const identity = createIdentityService({
    lookup: loaders.contacts,
    ...(services.resolutions ? { memo: reported(services.resolutions, sources) } : {}),
    list: loaders.list,
    ids: services.customerIds,
    cursors: services.crawlCursors,
    region: services.phoneRegion,
    bounds: services.identityBounds,
    review: services.linkReview,
    ...(services.tracer ? { trace: { tracer: services.tracer, ...(trace ? { parent: trace } : {}) } } : {}),
  });
  return {
    principal,
    deadline,
    loaders,
    identity,
    sources,
    silos: services.silos,
    crawlCursors: services.crawlCursors,
    phoneRegion: services.phoneRegion,
    audit: services.auditTrail.begin(principal),
    auditTrail: services.auditTrail,
    pseudonyms: services.pseudonyms,
    linkReview: services.linkReview,
    timelineLookaheadMs: services.timelineLookaheadMs,
  };
}

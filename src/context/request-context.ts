import type { CallOptions } from '../../connectors/shared/index.js';
import type { Principal } from '../auth/index.js';
import { createIdentityService, type CrawlPosition, type CursorCodec, type CustomerIdCodec, type IdentityService } from '../identity/index.js';
import type { Silos } from '../silos/index.js';
import { createLoaders, type Loaders } from './loaders.js';
import { createSourceTracker, type SourceTracker } from './source-status.js';

/** What lives as long as the gateway: silos, codecs and settings every request shares. */
export interface GatewayServices {
  silos: Silos;
  customerIds: CustomerIdCodec;
  crawlCursors: CursorCodec<CrawlPosition>;
  deadlineMs: number;
  phoneRegion: string;
}

/** The context of one GraphQL request. */
export interface RequestContext {
  principal: Principal;
  /** Epoch ms by which every silo call of this request must be done. */
  deadline: number;
  loaders: Loaders;
  identity: IdentityService;
  sources: SourceTracker;
  /** Options every direct silo call of this request passes (its deadline). */
  call: CallOptions;
  silos: Silos;
  crawlCursors: CursorCodec<CrawlPosition>;
  phoneRegion: string;
}

/** Builds a request's context: fresh loaders (no result outlives the request) under one deadline. */
export function createRequestContext(services: GatewayServices, principal: Principal): RequestContext {
  const deadline = Date.now() + services.deadlineMs;
  const sources = createSourceTracker();
  const call: CallOptions = { deadline };
  const loaders = createLoaders(services.silos, sources, call);
  const identity = createIdentityService({
    lookup: loaders.contacts,
    list: loaders.list,
    ids: services.customerIds,
    cursors: services.crawlCursors,
    region: services.phoneRegion,
  });
  return {
    principal,
    deadline,
    loaders,
    identity,
    sources,
    call,
    silos: services.silos,
    crawlCursors: services.crawlCursors,
    phoneRegion: services.phoneRegion,
  };
}

import type { RequestContext } from '../context/index.js';
import type { PrivacyOperations } from '../privacy/index.js';

/** What resolvers receive: the request's context, plus the privacy operations where the gateway has them. */
export interface ResolverContext extends RequestContext {
  /** Data-subject requests; absent in stacks built without a privacy database. */
  privacy?: PrivacyOperations;
}

import type { AccessPolicy } from '../access/index.js';
import type { RequestContext } from '../context/index.js';
import type { DataQualityReports, InsightsModels } from '../population/index.js';
import type { PrivacyOperations } from '../privacy/index.js';

/** What resolvers receive: the request's context, plus the privacy operations where the gateway has them. */
export interface ResolverContext extends RequestContext {
  /** The access policy the schema is enforced with, for look-ups that must not reveal what reads hide. */
  access: AccessPolicy;
  /** Data-subject requests; absent in stacks built without a privacy database. */
  privacy?: PrivacyOperations;
  /** The population models; absent in stacks built without them (the model fields then say NO_MODEL). */
  insightsModels?: InsightsModels;
  /** The data-quality reports and the stale setting; absent in stacks built without them (findings then judge staleness by the default). */
  dataQuality?: DataQualityReports;
}

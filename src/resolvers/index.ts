import type { Resolvers } from './generated/types.js';
import { AuditEvent, auditEvents } from './audit.js';
import { Customer } from './customer.js';
import { DataQualityMutation, DataQualityQuery } from './data-quality.js';
import { CustomerInsights } from './insights.js';
import { InsightsModelMutation, InsightsModelQuery } from './insights-model.js';
import { IdentityQuery, LinkReviewEntry } from './identity.js';
import { PrivacyMutation, PrivacyQuery } from './privacy.js';
import { Query } from './query.js';
import { CrmProfile, Money, Order, PosTransaction, Ticket } from './records.js';
import { TimelineDetails, TimelineEvent, TimelinePurchase, TimelineTicketChange } from './timeline.js';

/** Every resolver of the schema. Resolvers stay thin: they validate arguments and call services or loaders. */
export const resolvers: Resolvers = { Query: { ...Query, ...PrivacyQuery, ...IdentityQuery, ...InsightsModelQuery, ...DataQualityQuery, auditEvents }, Mutation: { ...PrivacyMutation, ...InsightsModelMutation, ...DataQualityMutation }, Customer, CustomerInsights, CrmProfile, Money, Order, PosTransaction, Ticket, AuditEvent, LinkReviewEntry, TimelineEvent, TimelineDetails, TimelinePurchase, TimelineTicketChange };
export type { Resolvers } from './generated/types.js';
export type { ResolverContext } from './context.js';

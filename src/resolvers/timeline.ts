import type DataLoader from 'dataloader';
import { TIMELINE_KIND_CATEGORIES } from '../../schema/access-policy.js';
import { effectiveRule } from '../access/index.js';
import type { FacetKey } from '../context/index.js';
import { BadUserInput } from '../errors/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import { isSourceError, UnreachableCaseError, type ContactRecord, type CrmPropertyChange, type Page, type Source } from '../model/index.js';
import {
  canonicalInstant, consentStatementEvents, crmHistoryEvents, decodeTimelineCursor, encodeTimelineCursor, FACET_KINDS, orderEvents, posEvents,
  readTimeline, SILO_KINDS, ticketEvents, TIMELINE_EVENT_KINDS, type FacetSource, type TimelineEvent as TimelineEventModel, type TimelineEventKind, type TimelineGap,
  type TimelineRecord, type TimelineStream,
} from '../timeline/index.js';
import { dateTimeArgument, pageSize } from './args.js';
import type { ResolverContext } from './context.js';
import type {
  CustomerTimelineArgs, PageInfo, TimelineDetailsResolvers, TimelineEventResolvers, TimelinePurchaseResolvers, TimelineTicketChangeResolvers,
} from './generated/types.js';

const MAX_TIMELINE_PAGE = 100;

/** One page of a timeline as `Customer.timeline` answers it. */
export interface TimelineConnection {
  edges: { cursor: string; node: TimelineEventModel }[];
  pageInfo: PageInfo;
  gaps: TimelineGap[];
}

/** The kinds the caller's roles may read on this customer: every other kind is left out before paging. */
function readableKinds(customer: ResolvedCustomer, ctx: ResolverContext): Set<TimelineEventKind> {
  return new Set(TIMELINE_EVENT_KINDS.filter((kind) => effectiveRule(ctx.access, ctx.principal.roles, TIMELINE_KIND_CATEGORIES[kind], customer) === 'allow'));
}

function instantArgument(argument: string, value: string | null | undefined): string | null {
  return value == null ? null : dateTimeArgument(argument, value, new Date(0)).toISOString();
}

/** A facet loader as a timeline stream of one record's list. */
function stream<T extends { createdAt: string; provenance: { recordId: string } }>(source: Source, recordId: string, loader: DataLoader<FacetKey, Page<T>, string>, eventsOf: (item: T) => TimelineEventModel[]): TimelineStream {
  return {
    source,
    async read({ first, createdAtOrBefore }) {
      const page = await loader.load({ recordId, first, createdAtOrBefore });
      const items: TimelineRecord[] = [];
      for (const item of page.items) {
        const createdAt = canonicalInstant(item.createdAt);
        if (createdAt) items.push({ recordId: item.provenance.recordId, createdAt, events: eventsOf(item) });
      }
      return { items, next: page.next, totalCount: page.totalCount };
    },
  };
}

function streamsOf(ctx: ResolverContext, source: FacetSource, ids: readonly string[]): TimelineStream[] {
  switch (source) {
    case 'ECOMMERCE': return ids.map((id) => stream(source, id, ctx.loaders.orders, orderEvents));
    case 'POS': return ids.map((id) => stream(source, id, ctx.loaders.pos, posEvents));
    case 'SUPPORT': return ids.map((id) => stream(source, id, ctx.loaders.tickets, ticketEvents));
  }
}

/** Every CRM contact's property history (`loaders.crmHistory`: one batched read); throws the CRM's failure. */
async function crmHistory(ctx: ResolverContext, contactIds: readonly string[]): Promise<Map<string, CrmPropertyChange[]>> {
  const values = await ctx.loaders.crmHistory.loadMany(contactIds);
  const found = new Map<string, CrmPropertyChange[]>();
  values.forEach((value, i) => {
    if (value instanceof Error) throw value;
    found.set(contactIds[i] as string, value);
  });
  return found;
}

/** The events told by the customer's contact records and the CRM's history: read once per page, bounded by their size. */
async function recordEvents(records: readonly ContactRecord[], kinds: ReadonlySet<TimelineEventKind>, ctx: ResolverContext, gaps: TimelineGap[]): Promise<TimelineEventModel[]> {
  const events: TimelineEventModel[] = [];
  const contacts = records.filter((r) => r.provenance.source === 'CRM').map((r) => r.provenance.recordId);
  let history: Map<string, CrmPropertyChange[]> = new Map();
  if (contacts.length > 0 && (kinds.has('LIFECYCLE_STAGE_CHANGED') || kinds.has('CONSENT_CHANGED'))) {
    try {
      history = await crmHistory(ctx, contacts);
    } catch (error) {
      if (!isSourceError(error)) throw error;
      gaps.push({ source: 'CRM', code: error.code });
    }
    for (const [contactId, changes] of history) events.push(...crmHistoryEvents(contactId, changes));
  }
  if (kinds.has('CONSENT_CHANGED')) {
    // The CRM's statement carries the contact's last modification, not the consent's: its consent changes are told
    // by its history alone. Square's carries no time, so it tells no change.
    for (const r of records) if (r.provenance.source !== 'CRM') events.push(...consentStatementEvents(r));
  }
  return events;
}

/** `Customer.timeline`: one page of the customer's events across the silos. */
export async function customerTimeline(customer: ResolvedCustomer, args: CustomerTimelineArgs, ctx: ResolverContext): Promise<TimelineConnection> {
  const first = pageSize('first', args.first, 20, MAX_TIMELINE_PAGE, 1);
  const after = args.after == null ? null : decodeTimelineCursor('after', args.after);
  const since = instantArgument('since', args.since);
  const until = instantArgument('until', args.until);
  if (since !== null && until !== null && since > until) throw new BadUserInput('since', 'must not be after until');
  if (!customer.anchor) throw [...customer.failures.values()][0];
  const readable = readableKinds(customer, ctx);
  const kinds = new Set((args.kinds ?? TIMELINE_EVENT_KINDS).filter((k) => readable.has(k)));
  const tells = (source: Source) => SILO_KINDS[source].some((k) => kinds.has(k));
  const gaps: TimelineGap[] = [...customer.failures].filter(([source]) => tells(source)).map(([source, error]) => ({ source, code: error.code }));
  const records = customer.records.map((r) => r.record);
  const streams = (Object.keys(FACET_KINDS) as FacetSource[])
    .filter((source) => FACET_KINDS[source].some((k) => kinds.has(k)) && !customer.failures.has(source))
    .flatMap((source) => streamsOf(ctx, source, records.filter((r) => r.provenance.source === source).map((r) => r.provenance.recordId)));
  const fixed = await recordEvents(records, kinds, ctx, gaps);
  const page = await readTimeline({ streams, fixed, gaps, first, after, since, until, kinds, lookaheadMs: ctx.timelineLookaheadMs, window: first });
  const edges = page.events.map((node) => ({ cursor: encodeTimelineCursor(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    gaps: page.gaps,
  };
}

/** A timeline event links to the record it came from, as the page read it: no further silo call. */
export const TimelineEvent: TimelineEventResolvers = {
  details: (e) => e.details,
  order: (e) => (e.details.type === 'ORDER' ? e.details.order : null),
  posTransaction: (e) => (e.details.type === 'POS' ? e.details.transaction : null),
  ticket: (e) => (e.details.type === 'TICKET' ? e.details.ticket : null),
};

/** Which payload type an event's details are. */
export const TimelineDetails: TimelineDetailsResolvers = {
  __resolveType(d) {
    switch (d.type) {
      case 'ORDER':
      case 'POS': return 'TimelinePurchase';
      case 'TICKET': return 'TimelineTicketChange';
      case 'LIFECYCLE': return 'TimelineLifecycleChange';
      case 'CONSENT': return 'TimelineConsentChange';
      default: throw new UnreachableCaseError(d);
    }
  },
};

/** A purchase event's amounts and state, off the order or sale it came from. */
export const TimelinePurchase: TimelinePurchaseResolvers = {
  total: (d) => (d.type === 'ORDER' ? d.order.total : d.transaction.total),
  orderState: (d) => (d.type === 'ORDER' ? d.order.financialStatus : d.transaction.state),
};

/** A ticket event's subject, state and satisfaction, off the ticket as the page read it. */
export const TimelineTicketChange: TimelineTicketChangeResolvers = {
  subject: (d) => d.ticket.subject,
  status: (d) => d.ticket.status,
  satisfaction: (d) => d.ticket.satisfaction,
};

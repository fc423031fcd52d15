import type { Source } from '../model/index.js';

/** Every kind of event a customer's timeline tells, in the tie-break order of events at one instant. */
export const TIMELINE_EVENT_KINDS = [
  'ORDER_PLACED',
  'ORDER_REFUNDED',
  'ORDER_CANCELLED',
  'POS_SALE',
  'POS_REFUNDED',
  'TICKET_OPENED',
  'TICKET_SOLVED',
  'LIFECYCLE_STAGE_CHANGED',
  'CONSENT_CHANGED',
] as const;

/** A kind of timeline event. */
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

/** Determines if a value names a timeline event kind. */
export function isTimelineEventKind(value: unknown): value is TimelineEventKind {
  return typeof value === 'string' && (TIMELINE_EVENT_KINDS as readonly string[]).includes(value);
}

/** The kinds each paged silo facet tells: a facet none of whose kinds is wanted is not read at all. */
export const FACET_KINDS: Readonly<Record<'ECOMMERCE' | 'POS' | 'SUPPORT', readonly TimelineEventKind[]>> = {
  ECOMMERCE: ['ORDER_PLACED', 'ORDER_REFUNDED', 'ORDER_CANCELLED'],
  POS: ['POS_SALE', 'POS_REFUNDED'],
  SUPPORT: ['TICKET_OPENED', 'TICKET_SOLVED'],
};

/** The kinds read from the customer's contact records and the CRM's property history, once per page. */
export const RECORD_KINDS: readonly TimelineEventKind[] = ['LIFECYCLE_STAGE_CHANGED', 'CONSENT_CHANGED'];

/** The silos whose facets the timeline pages through. */
export type FacetSource = Extract<Source, keyof typeof FACET_KINDS>;

/** The kinds each silo tells, through its facet or its contact records: a silo that failed leaves a gap in these. */
export const SILO_KINDS: Readonly<Record<Source, readonly TimelineEventKind[]>> = {
  CRM: ['LIFECYCLE_STAGE_CHANGED', 'CONSENT_CHANGED'],
  ECOMMERCE: [...FACET_KINDS.ECOMMERCE, 'CONSENT_CHANGED'],
  POS: [...FACET_KINDS.POS, 'CONSENT_CHANGED'],
  SUPPORT: FACET_KINDS.SUPPORT,
};

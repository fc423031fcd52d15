/** A customer's timeline: events from every silo merged by time, paged lazily per silo with a bounded look-ahead. */
export { FACET_KINDS, RECORD_KINDS, SILO_KINDS, TIMELINE_EVENT_KINDS, isTimelineEventKind, type FacetSource, type TimelineEventKind } from './kinds.js';
export { canonicalInstant, consentStatementEvents, crmHistoryEvents, orderEvents, posEvents, ticketEvents, type ConsentDetails, type LifecycleDetails, type PurchaseDetails, type TicketDetails, type TimelineDetails, type TimelineEvent, type TimelinePosition } from './events.js';
export { comparePositions, decodeTimelineCursor, encodeTimelineCursor, positionId } from './position.js';
export { MAX_WINDOW, readTimeline, type TimelineGap, type TimelinePage, type TimelineQuery, type TimelineRecord, type TimelineStream } from './read-timeline.js';

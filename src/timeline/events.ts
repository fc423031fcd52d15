import type { ConsentChannel, ConsentState, ContactRecord, CrmPropertyChange, Money, Order, PosTransaction, Source, Ticket } from '../model/index.js';
import type { TimelineEventKind } from './kinds.js';

/** An order event's details: the order, and the refund's amount on ORDER_REFUNDED (else null). */
export interface OrderDetails { type: 'ORDER'; order: Order; amount: Money | null }
/** A POS event's details: the sale, and the refund's amount on POS_REFUNDED (else null). */
export interface PosDetails { type: 'POS'; transaction: PosTransaction; amount: Money | null }
/** An order's or a sale's details. */
export type PurchaseDetails = OrderDetails | PosDetails;
/** A ticket event's details: the ticket. */
export interface TicketDetails { type: 'TICKET'; ticket: Ticket }
/** A lifecycle-stage change: the stage set, and what set it where the CRM says. */
export interface LifecycleDetails { type: 'LIFECYCLE'; stage: string; changedBy: string | null }
/** A consent change: the channel, the state set, and what set it where the silo says. */
export interface ConsentDetails { type: 'CONSENT'; channel: ConsentChannel; state: ConsentState; changedBy: string | null }

/** What an event says beyond its time and kind, with the record it came from where it has one. */
export type TimelineDetails = PurchaseDetails | TicketDetails | LifecycleDetails | ConsentDetails;

/** Where an event sits in the timeline: its own time, then (kind, source, record id, key) to break ties. */
export interface TimelinePosition {
  /** When it happened, ISO 8601 UTC with milliseconds (`Date#toISOString`), so that strings compare as times. */
  at: string;
  kind: TimelineEventKind;
  source: Source;
  /** The silo's id of the record the event belongs to (order, sale, ticket, contact). */
  recordId: string;
  /**
   * What tells apart events of one record, kind and instant: a refund's place among the record's refunds, a consent
   * statement's channel, a history change's value; empty where a record has one such event.
   */
  key: string;
}

/** One event of a customer's timeline. */
export interface TimelineEvent extends TimelinePosition {
  details: TimelineDetails;
}

/** An instant in the timeline's canonical form, or null when it does not parse. */
export function canonicalInstant(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function event(at: string | null, kind: TimelineEventKind, source: Source, recordId: string, key: string, details: TimelineDetails): TimelineEvent[] {
  const instant = canonicalInstant(at);
  return instant ? [{ at: instant, kind, source, recordId, key, details }] : [];
}

/** An order's events: placed, each refund with its time, and its cancellation. */
export function orderEvents(order: Order): TimelineEvent[] {
  const { source, recordId } = order.provenance;
  return [
    ...event(order.createdAt, 'ORDER_PLACED', source, recordId, '', { type: 'ORDER', order, amount: null }),
    ...(order.refunds ?? []).flatMap((r, i) => event(r.createdAt, 'ORDER_REFUNDED', source, recordId, `r${i}`, { type: 'ORDER', order, amount: r.amount })),
    ...event(order.cancelledAt, 'ORDER_CANCELLED', source, recordId, '', { type: 'ORDER', order, amount: null }),
  ];
}

/** A POS sale's events: the sale and each approved refund with its time. */
export function posEvents(transaction: PosTransaction): TimelineEvent[] {
  const { source, recordId } = transaction.provenance;
  return [
    ...event(transaction.createdAt, 'POS_SALE', source, recordId, '', { type: 'POS', transaction, amount: null }),
    ...(transaction.refunds ?? []).flatMap((r, i) => event(r.createdAt, 'POS_REFUNDED', source, recordId, `r${i}`, { type: 'POS', transaction, amount: r.amount })),
  ];
}

/** A ticket's events: opened, and solved (with the satisfaction rating given) once it carries its solve time. */
export function ticketEvents(ticket: Ticket): TimelineEvent[] {
  const { source, recordId } = ticket.provenance;
  return [
    ...event(ticket.createdAt, 'TICKET_OPENED', source, recordId, '', { type: 'TICKET', ticket }),
    ...event(ticket.solvedAt, 'TICKET_SOLVED', source, recordId, '', { type: 'TICKET', ticket }),
  ];
}

const CONSENT_STATES: readonly string[] = ['GRANTED', 'DENIED', 'UNKNOWN'];

/** A CRM contact's property history as events: lifecycle-stage changes and email-consent changes. */
export function crmHistoryEvents(contactId: string, changes: readonly CrmPropertyChange[]): TimelineEvent[] {
  return changes.flatMap((change) => {
    if (change.property === 'LIFECYCLE_STAGE') {
      return event(change.at, 'LIFECYCLE_STAGE_CHANGED', 'CRM', contactId, change.value, { type: 'LIFECYCLE', stage: change.value, changedBy: change.changedBy });
    }
    // A value that is no consent state is a CRM contract breach: it tells nothing, so it is left out.
    if (!CONSENT_STATES.includes(change.value)) return [];
    const state = change.value as ConsentState;
    return event(change.at, 'CONSENT_CHANGED', 'CRM', contactId, `EMAIL:${state}`, { type: 'CONSENT', channel: 'EMAIL', state, changedBy: change.changedBy });
  });
}

/** The consent statements of a contact record that say when they were set (Shopify's `consentUpdatedAt`), as consent changes. */
export function consentStatementEvents(record: ContactRecord): TimelineEvent[] {
  const { source, recordId } = record.provenance;
  return record.consent
    .flatMap((fact) => event(fact.updatedAt, 'CONSENT_CHANGED', source, recordId, fact.channel, { type: 'CONSENT', channel: fact.channel, state: fact.state, changedBy: null }));
}

import type { CallOptions } from './call-options.js';
import type { ListWindow, Page } from './page.js';
import type { CrmPropertyChange, NpsAnswer, Order, PosTransaction, Ticket, TicketStatus } from './records.js';

/** E-commerce orders, batched over customers. */
export interface OrderSource {
  ordersFor(customerIds: readonly string[], window: ListWindow, opts?: CallOptions): Promise<Map<string, Page<Order>>>;
  /** An order by vendor id, or null. */
  getOrder(orderId: string, opts?: CallOptions): Promise<Order | null>;
}

/** POS transactions, batched over customers. */
export interface PosSource {
  transactionsFor(
    customerIds: readonly string[],
    window: ListWindow,
    opts?: CallOptions,
  ): Promise<Map<string, Page<PosTransaction>>>;
  getTransaction(transactionId: string, opts?: CallOptions): Promise<PosTransaction | null>;
}

/** Support tickets, batched over requesters. */
export interface TicketSource {
  ticketsFor(
    requesterIds: readonly string[],
    window: ListWindow & { status?: TicketStatus | null },
    opts?: CallOptions,
  ): Promise<Map<string, Page<Ticket>>>;
  getTicket(ticketId: string, opts?: CallOptions): Promise<Ticket | null>;
}

/** NPS survey answers (the CRM's feedback submissions), batched over contacts. */
export interface FeedbackSource {
  /** Every NPS answer of each contact, newest first; every requested id gets an entry (empty when it gave none). */
  npsAnswersFor(contactIds: readonly string[], opts?: CallOptions): Promise<Map<string, NpsAnswer[]>>;
}

/** The CRM's history of each contact's lifecycle stage and email consent, batched over contacts. */
export interface CrmHistorySource {
  /** Each contact's changes of the `CrmHistoryProperty` properties, newest first; every requested id gets an entry. */
  crmHistoryFor(contactIds: readonly string[], opts?: CallOptions): Promise<Map<string, CrmPropertyChange[]>>;
}

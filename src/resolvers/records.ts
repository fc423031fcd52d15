import { formatMinorUnits } from '../model/index.js';
import type { CrmProfileResolvers, MoneyResolvers, OrderResolvers, PosTransactionResolvers, TicketResolvers } from './generated/types.js';

/** Money on the wire: an exact decimal string and the currency. */
export const Money: MoneyResolvers = {
  amount: (m) => formatMinorUnits(m),
  currencyCode: (m) => m.currency,
};

/** An order's id is the vendor's own, so it can be handed back to customerByOrder. */
export const Order: OrderResolvers = {
  id: (o) => o.provenance.recordId,
};

/** A POS transaction's id is Square's order id. */
export const PosTransaction: PosTransactionResolvers = {
  id: (t) => t.provenance.recordId,
};

/** A ticket's id is Zendesk's. */
export const Ticket: TicketResolvers = {
  id: (t) => t.provenance.recordId,
};

/** The CRM profile is read off the CRM contact record. */
export const CrmProfile: CrmProfileResolvers = {
  recordId: (r) => r.provenance.recordId,
  lifecycleStage: (r) => r.crm?.lifecycleStage ?? null,
  leadStatus: (r) => r.crm?.leadStatus ?? null,
  company: (r) => r.crm?.company ?? null,
  jobTitle: (r) => r.crm?.jobTitle ?? null,
  ownerId: (r) => r.crm?.ownerId ?? null,
  createdAt: (r) => r.crm?.createdAt ?? null,
};

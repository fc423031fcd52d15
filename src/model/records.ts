import type { Money } from './money.js';
import type { Provenance, Source } from './provenance.js';

/** A pointer one silo keeps to a record in another (e.g. a Shopify id on a HubSpot contact). */
export interface CrossRef {
  source: Source;
  recordId: string;
  /** The vendor field that holds it, e.g. `shopify_customer_id`, `external_id`, `reference_id`. */
  via: string;
}

/** A marketing channel that consent is tracked for. */
export type ConsentChannel = 'EMAIL' | 'SMS';

/** Consent as one silo states it. */
export type ConsentState = 'GRANTED' | 'DENIED' | 'UNKNOWN';

/** One silo's statement about one channel's marketing consent. */
export interface ConsentFact {
  channel: ConsentChannel;
  state: ConsentState;
  /** When the silo says the state was set, if it says. */
  updatedAt: string | null;
}

/** The CRM's view of a person beyond contact data. */
export interface CrmProfile {
  lifecycleStage: string | null;
  leadStatus: string | null;
  company: string | null;
  jobTitle: string | null;
  ownerId: string | null;
  createdAt: string | null;
}

/** A person as one silo records them: the identity-bearing part of every silo. */
export interface ContactRecord {
  provenance: Provenance;
  firstName: string | null;
  lastName: string | null;
  /** The silo's own display form of the name. */
  fullName: string | null;
  /** Email addresses as stored (not normalised: identity does that). */
  emails: string[];
  /** Phone numbers as stored (any format: identity normalises to E.164). */
  phones: string[];
  /**
   * Further addresses the silo keeps for the record beyond `emails` (HubSpot `hs_additional_emails`, Zendesk secondary
   * email identities), as stored. Match keys only, never look-up keys: the silo's search does not find the record by
   * them, and some are another person's (a partner's). Absent where the silo keeps none (Square) or the answer that
   * carried the record holds none (a Zendesk search result: identities are not sideloaded there).
   */
  secondaryEmails?: string[];
  /**
   * Further phones the silo keeps beyond `phones` (Zendesk secondary phone identities, a Shopify default address's
   * phone), as stored. Match keys only, as `secondaryEmails`: some are shared (an office switchboard) or another
   * person's (a gift recipient's).
   */
  secondaryPhones?: string[];
  postalCode: string | null;
  countryCode: string | null;
  crossRefs: CrossRef[];
  consent: ConsentFact[];
  createdAt: string | null;
  /** Only CRM records carry a profile. */
  crm?: CrmProfile;
}

/** One line of an order or POS transaction. */
export interface LineItem {
  title: string;
  /**
   * How many units, or for an item sold by weight or length the amount measured, as an exact decimal string in
   * `parseDecimalQuantity`'s canonical form ("2", "2.25"): never a float, as `Money` is never one.
   */
  quantity: string;
  sku: string | null;
  unitPrice: Money | null;
  total: Money | null;
}

/** Money paid back on an order or sale, and when: one refund as the silo records it. */
export interface Refund {
  /** When the refund was made (ISO 8601 UTC). */
  createdAt: string;
  /** What it paid back, in the order's currency. */
  amount: Money;
}

/** An e-commerce order. */
export interface Order {
  provenance: Provenance;
  /** The customer record it belongs to, in the same silo. */
  customerRecordId: string;
  name: string | null;
  createdAt: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  cancelledAt: string | null;
  total: Money;
  /** What was refunded of the order so far, in its currency; null where the silo does not say. */
  refunded: Money | null;
  /** Each refund with its time, oldest first (the timeline's refund events); null where the read did not carry them. */
  refunds: Refund[] | null;
  lineItems: LineItem[];
}

/** A point-of-sale order (Square). */
export interface PosTransaction {
  provenance: Provenance;
  customerRecordId: string;
  locationId: string | null;
  state: string;
  createdAt: string;
  total: Money;
  /** What was refunded of the sale so far (approved refunds), in its currency; null where the silo does not say. */
  refunded: Money | null;
  /** Each approved refund with its time, oldest first; null where the read did not carry them. */
  refunds: Refund[] | null;
  lineItems: LineItem[];
}

/** The support desk's ticket states. */
export const TICKET_STATUSES = ['NEW', 'OPEN', 'PENDING', 'HOLD', 'SOLVED', 'CLOSED'] as const;

/** A support ticket's state. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A support ticket. */
export interface Ticket {
  provenance: Provenance;
  requesterRecordId: string;
  subject: string | null;
  description: string | null;
  status: TicketStatus;
  priority: string | null;
  channel: string | null;
  createdAt: string;
  updatedAt: string | null;
  satisfaction: string | null;
  /** Calendar minutes from the ticket's creation to the first agent reply; null before one, or where the read did not carry it. */
  firstReplyMinutes: number | null;
  /** When the ticket was last solved (Zendesk's metric set `solved_at`); null while unsolved, or where the read did not carry it. */
  solvedAt: string | null;
}

/** An answer to the NPS survey ("How likely are you to recommend us?"), as the CRM's feedback submissions hold it. */
export interface NpsAnswer {
  /** The submission's own record. */
  provenance: Provenance;
  /** The contact who answered. */
  contactRecordId: string;
  /** 0–10. */
  score: number;
  /** When it was given (ISO 8601 UTC). */
  givenAt: string;
}

/** The CRM properties whose history the timeline tells: the lifecycle stage and the email opt-out. */
export type CrmHistoryProperty = 'LIFECYCLE_STAGE' | 'EMAIL_CONSENT';

/** One change of a CRM contact property, as the CRM's property history (HubSpot `propertiesWithHistory`) keeps it. */
export interface CrmPropertyChange {
  property: CrmHistoryProperty;
  /** The value set: a lifecycle stage's internal name, or for `EMAIL_CONSENT` the `ConsentState` it meant. */
  value: string;
  /** When it was set (ISO 8601 UTC). */
  at: string;
  /** What set it, as the CRM names it (HubSpot `sourceType`: `FORM`, `CRM_UI`, `IMPORT`, …); null where it does not say. */
  changedBy: string | null;
}

import type { System } from '../../src/model/index.js';

/** Marketing consent as the generator records it, before each vendor spells it its own way. */
export type WorldConsent = 'GRANTED' | 'DENIED' | 'UNKNOWN';

/** A generated person: the ground truth that silo records are derived from. */
export interface Person {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  workEmail: string | null;
  /** E.164. */
  phone: string;
  countryCode: string;
  postalCode: string;
  city: string;
  street: string;
  company: string | null;
  jobTitle: string | null;
  emailConsent: WorldConsent;
  smsConsent: WorldConsent;
  /** The person whose email this person also uses in some silo (a household), if any. */
  householdOf: number | null;
}

/** One person's record in one silo, vendor-neutral apart from its id. Values are as the silo stores them. */
export interface WorldContact {
  /** The vendor's id, exactly as its API exposes it. */
  id: string;
  personId: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /**
   * Further addresses the silo holds for this record, as it stores them (HubSpot `hs_additional_emails`, Zendesk
   * email identities); none where the vendor has no place for them.
   */
  secondaryEmails: string[];
  /** Further phones the silo holds (Zendesk phone identities, Shopify address phones); none where it has no place. */
  secondaryPhones: string[];
  street: string | null;
  city: string | null;
  postalCode: string | null;
  countryCode: string | null;
  createdAt: string;
  updatedAt: string;
  emailConsent: WorldConsent;
  smsConsent: WorldConsent;
  consentUpdatedAt: string;
  /** The cross-reference this silo keeps: HubSpot → Shopify numeric id, Zendesk and Square → HubSpot id. */
  xref: string | null;
  company: string | null;
  jobTitle: string | null;
  lifecycleStage: string | null;
  leadStatus: string | null;
  ownerId: string | null;
}

/** A line of an order, in minor units of the order's currency. */
export interface WorldLine {
  title: string;
  sku: string;
  /** A whole count; on a line sold by weight (`weightUnit`), a measure to the 10 g (1.35 kg). */
  quantity: number;
  /** The price of one unit, or of one `weightUnit` of a weighed line. */
  unitMinor: number;
  /** Present on a POS line weighed at the till: the unit its quantity measures, as Square names it. */
  weightUnit?: 'METRIC_KILOGRAM';
}

/** An online order (Shopify). */
export interface WorldOrder {
  id: string;
  customerId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  currency: string;
  lines: WorldLine[];
  totalMinor: number;
  financialStatus: 'PAID' | 'PENDING' | 'REFUNDED' | 'PARTIALLY_REFUNDED' | 'AUTHORIZED';
  fulfillmentStatus: 'FULFILLED' | 'UNFULFILLED' | 'PARTIALLY_FULFILLED';
  cancelledAt: string | null;
  /**
   * Its refunds (Shopify's `Order.refunds`), oldest first; absent when it has none. An order without them whose status
   * says refunded is refunded as `statusRefundMinorOf` says, at its `updatedAt` (`shopifyRefundsOf`).
   */
  refunds?: WorldOrderRefund[];
}

/** A refund of an online order, in minor units of the order's currency. */
export interface WorldOrderRefund {
  /** When it was made (ISO 8601 UTC). */
  createdAt: string;
  amountMinor: number;
}

/** A support ticket (Zendesk); ids are Zendesk's integers, kept as strings here. */
export interface WorldTicket {
  id: string;
  requesterId: string;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent' | null;
  channel: 'web' | 'email' | 'voice' | 'chat';
  createdAt: string;
  updatedAt: string;
  satisfaction: 'offered' | 'unoffered' | 'good' | 'bad';
}

/** A Square location; its currency is the currency of every sale there. */
export interface WorldLocation {
  id: string;
  name: string;
  currency: string;
  countryCode: string;
}

/** A point-of-sale order (Square). */
export interface WorldPosOrder {
  id: string;
  customerId: string;
  locationId: string;
  state: 'COMPLETED' | 'OPEN' | 'CANCELED';
  createdAt: string;
  updatedAt: string;
  currency: string;
  lines: WorldLine[];
  totalMinor: number;
  /** Refunds of the sale (Square's `Order.refunds`); absent when it has none. */
  refunds?: WorldPosRefund[];
}

/** A refund of a Square sale, in minor units of the sale's currency. */
export interface WorldPosRefund {
  id: string;
  reason: string;
  /** Square's RefundStatus: only an APPROVED refund has paid money back. */
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'FAILED';
  amountMinor: number;
  createdAt: string;
}

/** A Square payment for a POS order. */
export interface WorldPayment {
  id: string;
  orderId: string;
  customerId: string;
  locationId: string;
  amountMinor: number;
  currency: string;
  status: 'COMPLETED' | 'FAILED' | 'CANCELED';
  createdAt: string;
}

/** The HubSpot contact properties whose history the generator writes: the lifecycle stage and email consent's two. */
export type WorldHistoryProperty = 'lifecyclestage' | 'hs_email_optout' | 'hs_legal_basis';

/** One value a HubSpot contact property took, and when: an entry of HubSpot's `propertiesWithHistory`. */
export interface WorldPropertyChange {
  /** The HubSpot contact whose property changed. */
  contactId: string;
  property: WorldHistoryProperty;
  /** The value set, as HubSpot stores it (`''` where it was cleared). */
  value: string;
  /** When it was set (ISO 8601 UTC). */
  timestamp: string;
  /** What set it, as HubSpot names it (`FORM`, `CRM_UI`, `IMPORT`, `INTEGRATION`, `EMAIL`). */
  sourceType: string;
}

/** An answer to HubSpot's NPS survey: a `feedback_submissions` record associated with a contact. */
export interface WorldFeedbackSubmission {
  /** HubSpot's record id (numeric), as its API exposes it. */
  id: string;
  /** The HubSpot contact who answered (`hs_contact_id`). */
  contactId: string;
  /** "How likely are you to recommend us?", 0–10 (`hs_value`). */
  score: number;
  /** When it was submitted (`hs_submission_timestamp`). */
  submittedAt: string;
  /** The survey answered (`hs_survey_id`, `hs_survey_name`). */
  surveyId: string;
  surveyName: string;
  /** How the survey reached the contact (`hs_survey_channel`). */
  channel: 'EMAIL' | 'WEB';
}

/** Everything the sandboxes serve, generated deterministically from a seed. */
export interface World {
  seed: number;
  people: Person[];
  hubspot: {
    contacts: WorldContact[];
    feedbackSubmissions: WorldFeedbackSubmission[];
    /** The contacts' property histories, each contact's oldest first; a property without entries has none. */
    propertyHistory: WorldPropertyChange[];
  };
  shopify: { customers: WorldContact[]; orders: WorldOrder[] };
  zendesk: { users: WorldContact[]; tickets: WorldTicket[] };
  square: { customers: WorldContact[]; orders: WorldPosOrder[]; payments: WorldPayment[]; locations: WorldLocation[] };
}

/** The ground truth one sandbox serves: for every person it holds, that person's record ids there. */
export type SiloTruth = Record<string, string[]>;

/** The silos a world describes, by vendor. */
export type WorldSystem = System;

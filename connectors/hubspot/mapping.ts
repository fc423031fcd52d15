import type { ConsentFact, ConsentState, ContactRecord, CrossRef, CrmProfile } from '../../src/model/index.js';
import type { HubSpotContact, SubscriptionStatuses } from './schemas.js';

type Properties = HubSpotContact['properties'];

/** A property value with empty strings read as "not set". */
function value(properties: Properties, name: keyof Properties & string): string | null {
  const raw = properties[name];
  return typeof raw === 'string' && raw.trim() !== '' ? raw : null;
}

/** The addresses of `hs_additional_emails`: HubSpot keeps them as one semicolon-separated string. */
export function additionalEmailsOf(properties: Properties): string[] {
  return (value(properties, 'hs_additional_emails') ?? '').split(';').map((e) => e.trim()).filter((e) => e !== '');
}

/** An ISO 8601 timestamp with any offset, restated in UTC. */
function utc(iso: string | null): string | null {
  return iso === null ? null : new Date(iso).toISOString();
}

/**
 * The email consent a contact's properties state (its current values, or those in effect at a moment of their
 * history): opted out beats a recorded legal basis.
 */
export function emailConsentOf(properties: { hs_email_optout?: string | null | undefined; hs_legal_basis?: string | null | undefined }): ConsentState {
  if (properties.hs_email_optout === 'true') return 'DENIED';
  if (/consent/i.test(properties.hs_legal_basis ?? '')) return 'GRANTED';
  return 'UNKNOWN';
}

/** The Shopify customer a contact points at through the custom `shopify_customer_id` property. */
export function shopifyCrossRef(properties: Properties): CrossRef | null {
  const id = value(properties, 'shopify_customer_id')?.trim();
  // A hand-typed value that is not a Shopify numeric id points nowhere: skip it rather than invent a gid.
  if (id === undefined || !/^\d+$/.test(id)) return null;
  return { source: 'ECOMMERCE', recordId: `gid://shopify/Customer/${id}`, via: 'shopify_customer_id' };
}

function crmProfileOf(properties: Properties): CrmProfile {
  return {
    lifecycleStage: value(properties, 'lifecyclestage'),
    leadStatus: value(properties, 'hs_lead_status'),
    company: value(properties, 'company'),
    jobTitle: value(properties, 'jobtitle'),
    ownerId: value(properties, 'hubspot_owner_id'),
    createdAt: utc(value(properties, 'createdate')),
  };
}

/** Maps a validated HubSpot contact to the canonical record; `fetchedAt` is when it was read. */
export function toContactRecord(contact: HubSpotContact, fetchedAt: string): ContactRecord {
  const p = contact.properties;
  const firstName = value(p, 'firstname');
  const lastName = value(p, 'lastname');
  const updatedAt = utc(value(p, 'lastmodifieddate')) ?? utc(contact.updatedAt);
  const email = value(p, 'email');
  const phone = value(p, 'phone');
  const crossRef = shopifyCrossRef(p);
  const consent: ConsentFact = { channel: 'EMAIL', state: emailConsentOf(p), updatedAt };
  return {
    provenance: { source: 'CRM', system: 'hubspot', recordId: contact.id, updatedAt, fetchedAt },
    firstName,
    lastName,
    fullName: [firstName, lastName].filter((part) => part !== null).join(' ') || null,
    emails: email === null ? [] : [email],
    phones: phone === null ? [] : [phone],
    // Match keys only: HubSpot's search on `email` does not find a contact by them.
    secondaryEmails: additionalEmailsOf(p),
    secondaryPhones: [],
    postalCode: value(p, 'zip'),
    countryCode: value(p, 'hs_country_region_code')?.trim().toUpperCase() ?? null,
    crossRefs: crossRef === null ? [] : [crossRef],
    consent: [consent],
    createdAt: utc(value(p, 'createdate')) ?? utc(contact.createdAt),
    crm: crmProfileOf(p),
  };
}

/**
 * Reads marketing email consent from communication preferences: an opt-out of all email (portal or brand wide)
 * is DENIED, any subscription held is GRANTED, otherwise UNKNOWN. The v3 answer carries no timestamp.
 */
export function toEmailConsent(answer: SubscriptionStatuses): ConsentFact {
  const statuses = answer.subscriptionStatuses;
  const optedOutOfAll = statuses.some((s) => s.status === 'NOT_SUBSCRIBED' && s.sourceOfStatus !== 'SUBSCRIPTION_STATUS');
  const subscribed = statuses.some((s) => s.status === 'SUBSCRIBED');
  const state: ConsentState = optedOutOfAll ? 'DENIED' : subscribed ? 'GRANTED' : 'UNKNOWN';
  return { channel: 'EMAIL', state, updatedAt: null };
}

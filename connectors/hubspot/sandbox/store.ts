import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { CONSENT_LEGAL_BASIS, RecordIndex, SerialisedRecords, type World, type WorldContact, type WorldHistoryProperty } from '../../sandbox-kit/index.js';
import { FeedbackStore } from './feedback-store.js';
import type { PropertyValue } from './stored-object.js';

/** A contact as the sandbox holds it: HubSpot's string properties, `null` where unset. */
export interface StoredContact {
  id: string;
  /** The generated person behind the record; null for a record created through the API (no known person). */
  personId: number | null;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  /** The tracked properties' values, oldest first (`propertiesWithHistory`). */
  history: Record<string, PropertyValue[]>;
}

/** The properties whose history the sandbox keeps: every change of them, by whatever write, is recorded. */
export const TRACKED_PROPERTIES: readonly WorldHistoryProperty[] = ['lifecyclestage', 'hs_email_optout', 'hs_legal_basis'];

/** The world's property histories, by contact id. */
function historiesOf(world: World): Map<string, Record<string, PropertyValue[]>> {
  const byContact = new Map<string, Record<string, PropertyValue[]>>();
  for (const { contactId, property, value, timestamp, sourceType } of world.hubspot.propertyHistory) {
    let history = byContact.get(contactId);
    if (!history) byContact.set(contactId, (history = {}));
    (history[property] ??= []).push({ value, timestamp, sourceType });
  }
  return byContact;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** HubSpot's calculated phone: E.164 of a valid number, read in the contact's country. */
export function calculatedPhone(phone: string | null, region: string | null): string | null {
  if (phone === null) return null;
  const parsed = parsePhoneNumberFromString(phone, { defaultCountry: (region ?? 'US') as CountryCode });
  return parsed?.isValid() ? parsed.number : null;
}

/** The properties HubSpot would hold for a world contact. */
export function propertiesOf(c: WorldContact): Record<string, string | null> {
  return {
    firstname: c.firstName,
    lastname: c.lastName,
    email: c.email,
    // HubSpot keeps further addresses as one semicolon-separated property; search on `email` does not look at it.
    hs_additional_emails: c.secondaryEmails.length === 0 ? null : c.secondaryEmails.join(';'),
    phone: c.phone,
    hs_calculated_phone_number: calculatedPhone(c.phone, c.countryCode),
    address: c.street,
    city: c.city,
    zip: c.postalCode,
    country: c.countryCode === null ? null : (regionNames.of(c.countryCode) ?? c.countryCode),
    hs_country_region_code: c.countryCode,
    company: c.company,
    jobtitle: c.jobTitle,
    lifecyclestage: c.lifecycleStage,
    hs_lead_status: c.leadStatus,
    hubspot_owner_id: c.ownerId,
    createdate: c.createdAt,
    lastmodifieddate: c.updatedAt,
    hs_object_id: c.id,
    hs_email_optout: c.emailConsent === 'DENIED' ? 'true' : 'false',
    hs_legal_basis: c.emailConsent === 'GRANTED' ? CONSENT_LEGAL_BASIS : null,
    shopify_customer_id: c.xref,
  };
}

/** Lower-cased and trimmed, as HubSpot compares strings in search and `idProperty` look-ups. */
export const fold = (value: string) => value.trim().toLowerCase();

/** The properties indexed for EQ and IN (folded values), and for CONTAINS_TOKEN (word prefixes: the names, which name searches use; others scan). */
export const EQUALITY_INDEXED: ReadonlySet<string> = new Set(['email', 'phone', 'hs_calculated_phone_number', 'shopify_customer_id', 'firstname', 'lastname', 'zip', 'company', 'hs_object_id']);
export const TOKEN_INDEXED: ReadonlySet<string> = new Set(['firstname', 'lastname']);
/** How many leading characters of a word the token index files it under. */
export const TOKEN_PREFIX_LENGTH = 6;

/** The words CONTAINS_TOKEN tests a stored value's tokens against: its words, and the whole value. */
export const tokensOf = (stored: string): string[] => fold(stored).split(/[\s@.,;:_-]+/).concat(fold(stored));

/** The key of a property value in the equality index. */
export const equalityKey = (property: string, value: string) => `${property}\u0000${fold(value)}`;
/** The key of a word prefix (at most TOKEN_PREFIX_LENGTH characters) in the token index. */
export const tokenKey = (property: string, prefix: string) => `${property}\u0000${prefix.slice(0, TOKEN_PREFIX_LENGTH)}`;

function equalityKeys(contact: StoredContact): string[] {
  return [...EQUALITY_INDEXED].flatMap((name) => {
    const value = contact.properties[name];
    return value == null ? [] : [equalityKey(name, value)];
  });
}

function tokenKeys(contact: StoredContact): string[] {
  return [...TOKEN_INDEXED].flatMap((name) => {
    const value = contact.properties[name];
    if (value == null) return [];
    return tokensOf(value).flatMap((word) => Array.from({ length: Math.min(word.length, TOKEN_PREFIX_LENGTH) }, (_, i) => tokenKey(name, word.slice(0, i + 1))));
  });
}

/** Appends the tracked properties' current values to their histories where they differ from the last one kept. */
function recordChanges(contact: StoredContact, now: string, sourceType: string): void {
  for (const property of TRACKED_PROPERTIES) {
    const value = contact.properties[property] ?? '';
    const kept = contact.history[property];
    // A property never set has no history; clearing one records an empty value, as HubSpot does.
    if ((kept?.at(-1)?.value ?? '') === value) continue;
    (contact.history[property] ??= []).push({ value, timestamp: now, sourceType });
  }
}

const inIdOrder = (contacts: readonly StoredContact[]) => [...contacts].sort((a, b) => Number(a.id) - Number(b.id));

/**
 * The sandbox's own copy of the world's HubSpot contacts, in id order, plus derived companies. Indexed by id, by
 * the folded values of EQUALITY_INDEXED properties and by the word prefixes of TOKEN_INDEXED ones; every write goes
 * through `create`, `touch` (after changing properties) or `remove`, which keep the indexes right.
 */
export class ContactStore {
  readonly contacts: StoredContact[];
  /** Contacts by `equalityKey`: the candidates of EQ and IN filters. */
  readonly byValue = new RecordIndex<StoredContact>(equalityKeys);
  /** Contacts by `tokenKey`: the candidates of CONTAINS_TOKEN filters. */
  readonly byToken = new RecordIndex<StoredContact>(tokenKeys);
  /** The contacts' NPS survey answers (feedback submissions); a contact's erasure removes its own. */
  readonly feedback: FeedbackStore;
  /** Contacts' JSON texts per property list; forgotten on every write, as the indexes are re-filed. */
  readonly serialised = new SerialisedRecords<StoredContact>();
  /** Addresses GDPR-deleted by email: HubSpot blocklists them so they cannot be re-used. */
  readonly blocklist = new Set<string>();
  private readonly byId = new Map<string, StoredContact>();
  private readonly companyIds = new Map<string, string>();
  private lastId: number;

  constructor(world: World) {
    const histories = historiesOf(world);
    this.contacts = world.hubspot.contacts
      .map((c) => ({ id: c.id, personId: c.personId, properties: propertiesOf(c), createdAt: c.createdAt, updatedAt: c.updatedAt, history: histories.get(c.id) ?? {} }))
      .sort((a, b) => Number(a.id) - Number(b.id));
    for (const contact of this.contacts) {
      this.byId.set(contact.id, contact);
      this.reindex(contact);
      this.companyOf(contact); // numbers companies in id order, so a seed always gives the same company ids
    }
    this.lastId = Number(this.contacts.at(-1)?.id ?? 0);
    this.feedback = new FeedbackStore(world);
  }

  /**
   * Adds a contact with the given properties under a new id (ids are never re-used, as HubSpot's are not);
   * HubSpot's calculated and system properties are filled in.
   */
  create(properties: Record<string, string | null>, now: string, personId: number | null = null): StoredContact {
    this.lastId += 1;
    const id = String(this.lastId);
    const phone = properties.phone ?? null;
    const contact: StoredContact = {
      id,
      personId,
      properties: {
        hs_email_optout: 'false',
        ...properties,
        hs_calculated_phone_number: calculatedPhone(phone, properties.hs_country_region_code ?? null),
        createdate: now,
        lastmodifieddate: now,
        hs_object_id: id,
      },
      createdAt: now,
      updatedAt: now,
      history: {},
    };
    recordChanges(contact, now, 'INTEGRATION');
    this.contacts.push(contact);
    this.byId.set(id, contact);
    this.reindex(contact);
    return contact;
  }

  /** Every contact holding an email address (compared as HubSpot does); subscriptions are kept per address. */
  withEmail(email: string): StoredContact[] {
    return inIdOrder(this.byValue.get(equalityKey('email', email)));
  }

  /** Whether an address was GDPR-deleted by email (and so cannot be re-used). */
  isBlocklisted(email: string): boolean {
    return this.blocklist.has(fold(email));
  }

  /**
   * Marks a contact changed now, after its properties were changed, records the tracked properties' new values in
   * their history (set by `sourceType`, HubSpot's name for what changed them), and re-files it in the indexes.
   */
  touch(contact: StoredContact, now: string, sourceType = 'INTEGRATION'): void {
    recordChanges(contact, now, sourceType);
    contact.properties.lastmodifieddate = now;
    contact.updatedAt = now;
    this.reindex(contact);
  }

  /** A contact by id, or by the value of a unique property (`email`, `hs_object_id`). */
  find(id: string, idProperty = 'hs_object_id'): StoredContact | undefined {
    if (idProperty === 'hs_object_id') return this.byId.get(id.trim());
    if (EQUALITY_INDEXED.has(idProperty)) return inIdOrder(this.byValue.get(equalityKey(idProperty, id)))[0];
    return this.contacts.find((c) => c.properties[idProperty] != null && fold(c.properties[idProperty] ?? '') === fold(id));
  }

  /** The position of the first contact whose id is at least `id` (contacts stay in id order). */
  positionFrom(id: number): number {
    let [low, high] = [0, this.contacts.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (Number(this.contacts[middle]?.id) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Permanently deletes a contact and its feedback submissions (GDPR delete); the truth no longer lists it. */
  remove(contact: StoredContact): void {
    this.feedback.removeOfContact(contact.id);
    const index = this.contacts.indexOf(contact);
    if (index >= 0) this.contacts.splice(index, 1);
    this.byId.delete(contact.id);
    this.byValue.remove(contact);
    this.byToken.remove(contact);
    this.serialised.forget(contact);
  }

  private reindex(contact: StoredContact): void {
    this.serialised.forget(contact);
    this.byValue.put(contact);
    this.byToken.put(contact);
  }

  /** The id of the company a contact works for, one id per distinct company name. */
  companyOf(contact: StoredContact): string | null {
    const name = contact.properties.company?.trim();
    if (!name) return null;
    const known = this.companyIds.get(fold(name));
    if (known) return known;
    const id = String(8_123_004_512 + this.companyIds.size * 17);
    this.companyIds.set(fold(name), id);
    return id;
  }
}

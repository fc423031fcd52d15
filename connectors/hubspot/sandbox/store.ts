import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { World, WorldContact } from '../../sandbox-kit/index.js';

/** A contact as the sandbox holds it: HubSpot's string properties, `null` where unset. */
export interface StoredContact {
  id: string;
  personId: number;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
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
    hs_legal_basis: c.emailConsent === 'GRANTED' ? 'Freely given consent from contact' : null,
    shopify_customer_id: c.xref,
  };
}

/** Lower-cased and trimmed, as HubSpot compares strings in search and `idProperty` look-ups. */
export const fold = (value: string) => value.trim().toLowerCase();

/** The sandbox's own copy of the world's HubSpot contacts, in id order, plus derived companies. */
export class ContactStore {
  readonly contacts: StoredContact[];
  private readonly byId = new Map<string, StoredContact>();
  private readonly companyIds = new Map<string, string>();

  constructor(world: World) {
    this.contacts = world.hubspot.contacts
      .map((c) => ({ id: c.id, personId: c.personId, properties: propertiesOf(c), createdAt: c.createdAt, updatedAt: c.updatedAt }))
      .sort((a, b) => Number(a.id) - Number(b.id));
    for (const contact of this.contacts) {
      this.byId.set(contact.id, contact);
      this.companyOf(contact); // numbers companies in id order, so a seed always gives the same company ids
    }
  }

  /** A contact by id, or by the value of a unique property (`email`, `hs_object_id`). */
  find(id: string, idProperty = 'hs_object_id'): StoredContact | undefined {
    if (idProperty === 'hs_object_id') return this.byId.get(id.trim());
    return this.contacts.find((c) => c.properties[idProperty] != null && fold(c.properties[idProperty] ?? '') === fold(id));
  }

  /** Permanently deletes a contact (GDPR delete); the truth no longer lists it. */
  remove(contact: StoredContact): void {
    const index = this.contacts.indexOf(contact);
    if (index >= 0) this.contacts.splice(index, 1);
    this.byId.delete(contact.id);
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

import type { Faker } from '@faker-js/faker';
import { normaliseEmail, normalisePhone, phoneRegionOf } from '../../src/model/index.js';
import { COUNTRIES } from './variants.js';
import type { Person, World, WorldContact } from './world-types.js';

/**
 * How often the generator makes records' data wrong on purpose (README, "Data-quality defects"): shares of the
 * records eligible for each defect, drawn independently per record and kind. The other data-quality codes arise
 * without seeding (stale records, missing consent, name and consent conflicts, in-silo duplicates): see the README.
 */
export const DATA_DEFECT_RATES = {
  /** Records with a twin (another record of the person with the same email and phone) whose email is mistyped or throw-away (`INVALID_EMAIL`). */
  invalidEmail: 0.035,
  /** Of those, a disposable domain rather than a syntax fault (always in Square, which refuses malformed ones). */
  disposable: 0.3,
  /** HubSpot and Zendesk records with a twin whose phone has too few or too many digits (`INVALID_PHONE`). */
  invalidPhone: 0.06,
  /** Records with a postal code and an email, of a person with another record holding one, given a former address's (`CONFLICTING_VALUE` postalCode). */
  formerPostalCode: 0.01,
  /** Records of a silo that keeps cross-references, holding none, given one to a deleted record (`ORPHANED_REFERENCE`). */
  orphanedReference: 0.03,
} as const;

/** Famous throw-away domains, each on the disposable-email-domains list the gateway checks against. */
export const DISPOSABLE_DOMAINS = ['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'yopmail.com', 'trashmail.com'] as const;

/** The syntax faults an email is seeded with: the ways addresses come wrong into forms and imports. */
const EMAIL_FAULTS: ReadonlyArray<(email: string, at: number) => string> = [
  // The `@` dropped.
  (email, at) => email.slice(0, at) + email.slice(at + 1),
  // The `@` doubled.
  (email, at) => `${email.slice(0, at)}@${email.slice(at)}`,
  // A trailing dot.
  (email) => `${email}.`,
  // A space in the local part, for the dot or after the first letter.
  (email, at) => (email.slice(0, at).includes('.') ? email.replace('.', ' ') : `${email.charAt(0)} ${email.slice(1)}`),
  // A comma for the domain's last dot.
  (email) => {
    const dot = email.lastIndexOf('.');
    return `${email.slice(0, dot)},${email.slice(dot + 1)}`;
  },
];

/**
 * Where a silo keeps a malformed email as typed: Square refuses one (`INVALID_EMAIL_ADDRESS`), so its invalid emails
 * are throw-away domains only; Shopify keeps them and says so (`validEmailAddress`); HubSpot and Zendesk hold imports.
 */
const LENIENT_EMAIL = { hubspot: true, shopify: true, zendesk: true, square: false } as const;
/**
 * Where a silo keeps an impossible phone: HubSpot's and Zendesk's phone fields are free text; Shopify stores E.164
 * numbers it validated and Square refuses one (`INVALID_PHONE_NUMBER`).
 */
const LENIENT_PHONE = { hubspot: true, shopify: false, zendesk: true, square: false } as const;

// A second key word keeps this stream apart from the generator's own and from the other layers'.
const STREAM = 0x64_66_63_74; // "dfct"

/**
 * Seeds a generated world's records with data-quality defects at `DATA_DEFECT_RATES`: invalid emails, impossible
 * phones, a former postal code the person's other records do not hold, and cross-references to records that exist
 * nowhere. Runs last and draws from a stream of its own (`f` reseeded with the world's seed and
 * "dfct"); it only rewrites values of existing records (`email`, `phone`, `postalCode`, `xref`), so the world
 * generated with `dataDefects: false` is byte-identical to the one before defects. Only a record with a twin (another
 * record of the person with the same email and phone) gets a key defect, so identity resolution keeps its accuracy;
 * `dataQualityTruth` lists what results.
 */
export function addDataDefects(f: Faker, world: World): void {
  f.seed([world.seed >>> 0, STREAM]);
  const chance = (p: number) => f.number.float({ min: 0, max: 1 }) < p;
  const rates = DATA_DEFECT_RATES;
  const person = (id: number) => world.people[id - 1] as Person;
  const countryOf = (p: Person) => COUNTRIES.find((c) => c.code === p.countryCode) ?? (COUNTRIES[0] as (typeof COUNTRIES)[number]);
  const silos = { hubspot: world.hubspot.contacts, shopify: world.shopify.customers, zendesk: world.zendesk.users, square: world.square.customers };

  /** The person's number with digits dropped or added until libphonenumber calls it impossible in the record's region. */
  const impossiblePhone = (r: WorldContact, p: Person): string => {
    const region = phoneRegionOf(r.countryCode);
    const shorten = f.datatype.boolean();
    let phone = p.phone;
    do phone = shorten ? phone.slice(0, -1) : `${phone}${f.number.int({ min: 0, max: 9 })}`;
    while (normalisePhone(phone, region) !== null);
    return phone;
  };
  const invalidEmail = (email: string, lenient: boolean): string => {
    const trimmed = email.trim();
    const at = trimmed.indexOf('@');
    const disposable = chance(rates.disposable);
    const fault = f.helpers.arrayElement(EMAIL_FAULTS);
    return disposable || !lenient ? `${trimmed.slice(0, at)}@${f.helpers.arrayElement(DISPOSABLE_DOMAINS)}` : fault(trimmed, at);
  };
  const formerPostalCode = (r: WorldContact, p: Person): string => {
    for (;;) {
      const code = countryOf(p).postalCode(f);
      if (code !== r.postalCode) return code;
    }
  };

  // A key defect goes only to a record with a twin: another record of the person holding the same email and phone.
  // The record stays linked through the twin by the key it keeps, and the twin keeps both links to the rest, so the
  // person's records stay one cluster from wherever resolution starts. Checked on current values, so a twin that got a
  // defect itself is no twin.
  const keysOf = (r: WorldContact) => {
    const email = normaliseEmail(r.email);
    const phone = normalisePhone(r.phone, phoneRegionOf(r.countryCode));
    return email === null || phone === null ? null : `${email} ${phone}`;
  };
  const byPerson = new Map<number, WorldContact[]>();
  for (const records of Object.values(silos)) for (const r of records) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const othersOf = (r: WorldContact) => (byPerson.get(r.personId) ?? []).filter((o) => o !== r);
  const hasTwin = (r: WorldContact) => {
    const keys = keysOf(r);
    return keys !== null && othersOf(r).some((o) => keysOf(o) === keys);
  };
  // A former postal code conflicts only where the person has another record holding one.
  const othersHoldPostalCode = (r: WorldContact) => othersOf(r).some((o) => o.postalCode !== null);
  for (const [system, records] of Object.entries(silos) as Array<[keyof typeof silos, WorldContact[]]>) {
    for (const r of records) {
      const p = person(r.personId);
      if (hasTwin(r) && chance(rates.invalidEmail)) r.email = invalidEmail(r.email ?? '', LENIENT_EMAIL[system]);
      if (hasTwin(r)) {
        // The draw is taken everywhere, so that a silo's validation changes no other value.
        if (chance(rates.invalidPhone)) r.phone = LENIENT_PHONE[system] ? impossiblePhone(r, p) : r.phone;
      }
      if (r.postalCode !== null && r.email !== null && othersHoldPostalCode(r) && chance(rates.formerPostalCode)) r.postalCode = formerPostalCode(r, p);
    }
  }

  // Deleted records' ids: in the range the silo's ids were drawn from, and no record's.
  const orphanId = (ids: Set<string>, from: number, to: number): string => {
    for (;;) {
      const id = String(f.number.int({ min: from, max: to }));
      if (!ids.has(id)) return id;
    }
  };
  const shopifyNumeric = world.shopify.customers.map((c) => Number(c.id.slice(c.id.lastIndexOf('/') + 1)));
  const shopifyIds = new Set(shopifyNumeric.map(String));
  const hubspotIds = new Set(world.hubspot.contacts.map((c) => c.id));
  const hubspotNumeric = world.hubspot.contacts.map((c) => Number(c.id));
  const range = (ids: number[]) => [Math.min(...ids), Math.max(...ids)] as const;
  const [shopifyFrom, shopifyTo] = shopifyNumeric.length > 0 ? range(shopifyNumeric) : [7_208_455_000_001, 7_208_455_900_000];
  const [hubspotFrom, hubspotTo] = hubspotNumeric.length > 0 ? range(hubspotNumeric) : [52, 80_000];
  for (const r of world.hubspot.contacts) {
    if (r.xref === null && chance(rates.orphanedReference)) r.xref = orphanId(shopifyIds, shopifyFrom, shopifyTo);
  }
  for (const r of [...world.zendesk.users, ...world.square.customers]) {
    if (r.xref === null && chance(rates.orphanedReference)) r.xref = orphanId(hubspotIds, hubspotFrom, hubspotTo);
  }
}

import type { Faker } from '@faker-js/faker';
import type { Person, World, WorldContact } from './world-types.js';
import { COUNTRIES, createPhoneVariant } from './variants.js';

/**
 * How often silos hold identity keys beyond a record's main email and phone (README, "Secondary keys"). Shares of
 * records, then of those records; drawn independently of whether the record is linked by anything else.
 */
export const SECONDARY_KEY_RATES = {
  hubspot: {
    /** Contacts with `hs_additional_emails`. */
    additionalEmails: 0.1,
    /** Of those, contacts with two additional addresses rather than one. */
    two: 0.15,
    /** Of the addresses, another person's (a partner's) rather than one of the person's own. */
    otherPerson: 0.04,
  },
  zendesk: {
    /** Users with a secondary email identity (refused when another user holds the address: identities are unique). */
    email: 0.08,
    /** Users with a secondary phone identity. */
    phone: 0.12,
    /** Of those phones, an office switchboard that many users share. */
    switchboard: 0.25,
  },
  shopify: {
    /** Default addresses with a phone. */
    addressPhone: 0.5,
    /** What the address phone is, by share: the person's own phone, another number of theirs, a gift recipient's, the household's. */
    own: 0.75,
    otherOwn: 0.1,
    giftRecipient: 0.1,
    household: 0.05,
  },
} as const;

// A second key word keeps this stream apart from the generator's own and from the line weigher's.
const STREAM = 0x73_65_63_6b; // "seck"
/** Office switchboards a world's users share: 212-555-0100 … 0109, a range no generated person holds. */
const SWITCHBOARDS = Array.from({ length: 10 }, (_, i) => `+12125550${100 + i}`);

const normal = (email: string) => email.trim().toLowerCase();

/** The addresses a person used before: an old mailbox and a former provider's (their person id keeps them theirs). */
function oldEmailsOf(p: Pick<Person, 'id' | 'firstName' | 'lastName'>): string[] {
  const local = `${p.firstName}.${p.lastName}.${p.id}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  return [`${local}@oldmail.example`, `${local}@isp.example`];
}

/**
 * Gives a generated world's records the further emails and phones their silos keep: HubSpot `hs_additional_emails`,
 * Zendesk secondary identities, Shopify default-address phones, at `SECONDARY_KEY_RATES`. Draws from a stream of
 * its own (seeded with the world's seed and "seck"), after every other value is drawn, so the world is otherwise
 * byte-identical to one without secondary keys. Every key stays on its record's person in the truth: another
 * person's address or phone is noise the truth knows links nothing. `f` is reseeded here.
 */
export function addSecondaryKeys(f: Faker, world: World): void {
  f.seed([world.seed >>> 0, STREAM]);
  const chance = (p: number) => f.number.float({ min: 0, max: 1 }) < p;
  const people = world.people;
  const person = (id: number) => people[id - 1] as Person;
  const phoneVariant = createPhoneVariant();
  const taken = new Set(people.map((p) => p.phone));
  const housemates = new Map<number, Person[]>();
  for (const p of people) {
    if (p.householdOf !== null) {
      housemates.set(p.id, [...(housemates.get(p.id) ?? []), person(p.householdOf)]);
      housemates.set(p.householdOf, [...(housemates.get(p.householdOf) ?? []), p]);
    }
  }
  const anyoneElse = (p: Person): Person => {
    const other = person(f.number.int({ min: 1, max: people.length }));
    return other.id === p.id ? person((p.id % people.length) + 1) : other;
  };
  /** A partner: someone of the person's household when there is one, else another person. */
  const partner = (p: Person): Person => {
    const mates = housemates.get(p.id) ?? [];
    return mates.length > 0 ? f.helpers.arrayElement(mates) : anyoneElse(p);
  };
  /** A number no person holds, in the person's country: a second line of theirs, or a housemate's landline. */
  const freshPhone = (p: Person): string => {
    const country = COUNTRIES.find((c) => c.code === p.countryCode) ?? (COUNTRIES[0] as (typeof COUNTRIES)[number]);
    for (;;) {
      const phone = country.phone(f);
      if (!taken.has(phone)) {
        taken.add(phone);
        return phone;
      }
    }
  };
  /** One of the person's own addresses other than those the record already holds: personal, work or an old one. */
  const ownEmail = (p: Person, held: readonly string[]): string | null => {
    const candidates = [p.email, p.workEmail, ...oldEmailsOf(p)].filter((e): e is string => e !== null && !held.includes(normal(e)));
    return candidates.length === 0 ? null : f.helpers.arrayElement(candidates);
  };
  const heldEmails = (c: WorldContact) => [c.email, ...c.secondaryEmails].filter((e): e is string => e !== null).map(normal);

  const rates = SECONDARY_KEY_RATES;
  for (const c of world.hubspot.contacts) {
    if (!chance(rates.hubspot.additionalEmails)) continue;
    const p = person(c.personId);
    const count = chance(rates.hubspot.two) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const email = chance(rates.hubspot.otherPerson) ? partner(p).email : ownEmail(p, heldEmails(c));
      if (email !== null && !heldEmails(c).includes(normal(email))) c.secondaryEmails.push(email);
    }
  }

  // Zendesk refuses an email identity another user already holds, as primary or secondary.
  const zendeskEmails = new Set(world.zendesk.users.flatMap(heldEmails));
  for (const u of world.zendesk.users) {
    const p = person(u.personId);
    if (chance(rates.zendesk.email)) {
      const email = ownEmail(p, heldEmails(u));
      if (email !== null && !zendeskEmails.has(normal(email))) {
        u.secondaryEmails.push(email);
        zendeskEmails.add(normal(email));
      }
    }
    if (chance(rates.zendesk.phone)) {
      // A user's own number: the one the person calls from when the user has none, else a second line of theirs.
      const phone = chance(rates.zendesk.switchboard)
        ? f.helpers.arrayElement(SWITCHBOARDS)
        : u.phone === null ? phoneVariant(f, p.phone, false) : freshPhone(p);
      u.secondaryPhones.push(phone);
    }
  }

  const { own, otherOwn, giftRecipient } = rates.shopify;
  for (const c of world.shopify.customers) {
    if (c.street === null || !chance(rates.shopify.addressPhone)) continue;
    const p = person(c.personId);
    const draw = f.number.float({ min: 0, max: 1 });
    const mates = housemates.get(p.id) ?? [];
    const phone = draw < own
      ? p.phone
      : draw < own + otherOwn
        ? freshPhone(p)
        : draw < own + otherOwn + giftRecipient
          ? anyoneElse(p).phone
          : mates.length > 0 ? f.helpers.arrayElement(mates).phone : freshPhone(p);
    c.secondaryPhones.push(phone);
  }
}

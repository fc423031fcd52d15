import type { Faker } from '@faker-js/faker';
// The English-only entry: the package root loads every locale (about 0.5 s of start-up), this one only `en`.
import { faker as english } from '@faker-js/faker/locale/en';
import type { Person, World, WorldConsent, WorldContact, WorldLocation, WorldTicket } from './world-types.js';
import { COUNTRIES, NICKNAMES, createPhoneVariant, emailVariant, typo } from './variants.js';
import { createLineWeigher } from './weigh-lines.js';
import { addSecondaryKeys } from './secondary-keys.js';
import { addFeedbackSubmissions } from './feedback-submissions.js';
import { addShopifyRefunds } from './shopify-refunds.js';
import { addPropertyHistory, LIFECYCLE_STAGES } from './property-history.js';
import { currencyOf } from './catalogue.js';
import { skipFormerShopifyOrders, skipFormerSquareSales } from './former-order-draws.js';
import { addPurchases, homeLocations, type Buyer } from './world-purchases.js';
import { addDataDefects } from './data-defects.js';
import { WORLD_REFERENCE_DATE, idFactory, type DateFn, type Ids } from './world-ids.js';

/** Settings of the generator; the same settings always give the same world. */
export interface WorldOptions {
  seed: number;
  people: number;
  /** Whether to seed data-quality defects (`DATA_DEFECT_RATES`); true unless false. Without them the world is as before them. */
  dataDefects?: boolean;
}

// Everything is dated inside a fixed window so that a seed means the same data on any day.
const EPOCH_START = Date.parse('2021-01-01T00:00:00Z');
const EPOCH_END = Date.parse(WORLD_REFERENCE_DATE);

/** Shares of people present in each silo (before the at-least-one rule). */
const PRESENCE = { hubspot: 0.72, shopify: 0.6, zendesk: 0.42, square: 0.36 } as const;

const LIFECYCLE = [...LIFECYCLE_STAGES];
const LEAD_STATUS = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED'];
const TICKET_SUBJECTS = [
  'Where is my order?', 'Refund request', 'Item arrived damaged', 'Cannot log in', 'Change delivery address',
  'Wrong size received', 'Question about warranty', 'Cancel my order', 'Discount code not working',
  'Invoice needed', 'Product stopped working', 'Missing item in package',
];
const GENERIC_LOCALS = ['info', 'office', 'contact', 'noreply'];

/** Creates the deterministic world that all four sandboxes serve. */
export function generateWorld({ seed, people: count, dataDefects = true }: WorldOptions): World {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`people must be a positive integer: ${count}`);
  // One shared instance, reseeded per world: generation is synchronous, so no other caller draws in between.
  const f: Faker = english;
  f.seed(seed);
  const phoneVariant = createPhoneVariant();
  // Weights come from a stream of their own: drawing them takes nothing from `f`, so every other value stays put.
  const weigh = createLineWeigher(seed);
  const ids = idFactory(f);
  const date = (from = EPOCH_START, to = EPOCH_END) => new Date(f.number.int({ min: from, max: to })).toISOString();
  const later = (iso: string) => date(Date.parse(iso), EPOCH_END);
  const chance = (p: number) => f.number.float({ min: 0, max: 1 }) < p;

  const people = createPeople(f, count, chance);
  const buyers: Buyer[] = [];
  const world: World = {
    seed,
    people,
    hubspot: { contacts: [], feedbackSubmissions: [], propertyHistory: [] },
    shopify: { customers: [], orders: [] },
    zendesk: { users: [], tickets: [] },
    square: { customers: [], orders: [], payments: [], locations: squareLocations(f) },
  };

  const consentOf = (base: WorldConsent): WorldConsent =>
    // A silo mostly agrees with the person; sometimes it holds an opt-out, or never asked.
    chance(0.1) ? (chance(0.5) ? 'DENIED' : 'UNKNOWN') : base;

  const contact = (p: Person, id: string, overrides: Partial<WorldContact>): WorldContact => {
    const createdAt = date();
    return {
      id,
      personId: p.id,
      firstName: chance(0.04) ? typo(f, p.firstName) : p.firstName,
      lastName: chance(0.04) ? typo(f, p.lastName) : p.lastName,
      email: chance(0.25) ? emailVariant(f, p.email) : p.email,
      phone: chance(0.7) ? phoneVariant(f, p.phone, true) : null,
      secondaryEmails: [],
      secondaryPhones: [],
      street: p.street,
      city: p.city,
      postalCode: p.postalCode,
      countryCode: p.countryCode,
      createdAt,
      updatedAt: later(createdAt),
      emailConsent: consentOf(p.emailConsent),
      smsConsent: consentOf(p.smsConsent),
      consentUpdatedAt: later(createdAt),
      xref: null,
      company: null,
      jobTitle: null,
      lifecycleStage: null,
      leadStatus: null,
      ownerId: null,
      ...overrides,
    };
  };
  const householdEmail = (p: Person) => (p.householdOf === null ? null : people[p.householdOf - 1]?.email ?? null);

  for (const p of people) {
    const present = {
      hubspot: chance(PRESENCE.hubspot),
      shopify: chance(PRESENCE.shopify),
      zendesk: chance(PRESENCE.zendesk),
      square: chance(PRESENCE.square),
    };
    if (!Object.values(present).some(Boolean)) present[f.helpers.arrayElement(['hubspot', 'shopify', 'zendesk', 'square'] as const)] = true;
    const nickname = NICKNAMES[p.firstName];

    let hubspotId: string | null = null;
    let shopifyNumericId: string | null = null;
    let shopifyAccount: WorldContact | null = null;
    let squareAccount: WorldContact | null = null;
    if (present.shopify) {
      const numeric = ids.shopifyCustomer();
      shopifyNumericId = numeric;
      const household = householdEmail(p);
      const customer = contact(p, `gid://shopify/Customer/${numeric}`, {
        email: household && chance(0.8) ? household : chance(0.2) ? emailVariant(f, p.email) : p.email,
        phone: chance(0.6) ? p.phone : null, // Shopify stores E.164
      });
      world.shopify.customers.push(customer);
      shopifyAccount = customer;
      skipFormerShopifyOrders(f, customer, currencyOf(p), ids, date, chance);
      if (chance(0.02)) {
        // A second account, signed up by phone at checkout.
        world.shopify.customers.push(contact(p, `gid://shopify/Customer/${ids.shopifyCustomer()}`, { email: null, phone: p.phone, emailConsent: 'UNKNOWN' }));
      }
    }
    if (present.hubspot) {
      hubspotId = ids.hubspot();
      world.hubspot.contacts.push(contact(p, hubspotId, {
        firstName: nickname && chance(0.25) ? nickname : chance(0.04) ? typo(f, p.firstName) : p.firstName,
        email: p.workEmail && chance(0.3) ? p.workEmail : chance(0.25) ? emailVariant(f, p.email) : p.email,
        xref: shopifyNumericId && chance(0.6) ? shopifyNumericId : null,
        company: p.company,
        jobTitle: p.jobTitle,
        lifecycleStage: f.helpers.arrayElement(LIFECYCLE),
        leadStatus: chance(0.7) ? f.helpers.arrayElement(LEAD_STATUS) : null,
        ownerId: chance(0.8) ? String(f.number.int({ min: 100, max: 110 }) * 1000 + 7) : null,
      }));
      if (chance(0.03)) {
        // A duplicate contact from an old import: other email, no cross-reference.
        world.hubspot.contacts.push(contact(p, ids.hubspot(), {
          email: p.workEmail ?? `${p.firstName}.${p.lastName}.${p.id}@oldmail.example`.toLowerCase(),
          lifecycleStage: 'subscriber',
        }));
      }
    }
    if (present.zendesk) {
      const generic = p.company && chance(0.04) ? `${f.helpers.arrayElement(GENERIC_LOCALS)}@${domainOf(p.company)}` : null;
      const user = contact(p, ids.zendeskUser(), {
        firstName: nickname && chance(0.2) ? nickname : p.firstName,
        email: generic ?? (p.workEmail && chance(0.2) ? p.workEmail : chance(0.3) ? emailVariant(f, p.email) : p.email),
        // Zendesk has no address: a national-format phone would be ambiguous, so it is stored internationally.
        phone: chance(0.5) ? phoneVariant(f, p.phone, false) : null,
        street: null, city: null, postalCode: null, countryCode: null,
        xref: hubspotId && chance(0.5) ? hubspotId : null,
      });
      world.zendesk.users.push(user);
      world.zendesk.tickets.push(...zendeskTickets(f, user, ids, date, chance));
      if (chance(0.03)) {
        // A caller who rang in before they had an account: phone only.
        const caller = contact(p, ids.zendeskUser(), {
          email: null, phone: phoneVariant(f, p.phone, false), street: null, city: null, postalCode: null, countryCode: null,
        });
        world.zendesk.users.push(caller);
        world.zendesk.tickets.push(...zendeskTickets(f, caller, ids, date, chance));
      }
    }
    if (present.square) {
      const phoneOnly = chance(0.3);
      const customer = contact(p, ids.square(26), {
        firstName: phoneOnly ? null : p.firstName,
        lastName: phoneOnly ? null : p.lastName,
        email: phoneOnly ? null : chance(0.3) ? emailVariant(f, p.email) : p.email,
        // A profile without an address cannot say which country a national number belongs to.
        phone: phoneVariant(f, p.phone, !phoneOnly),
        street: phoneOnly ? null : p.street,
        city: phoneOnly ? null : p.city,
        postalCode: phoneOnly ? null : p.postalCode,
        countryCode: phoneOnly ? null : p.countryCode,
        xref: !phoneOnly && hubspotId && chance(0.4) ? hubspotId : null,
      });
      world.square.customers.push(customer);
      squareAccount = customer;
      skipFormerSquareSales(f, customer, world.square.locations, homeLocations(world.square.locations, p.countryCode), ids, date, chance);
      if (chance(0.05)) {
        // Square allows duplicate profiles: the same phone typed in at another till.
        world.square.customers.push(contact(p, ids.square(26), {
          firstName: null, lastName: null, email: null, phone: phoneVariant(f, p.phone, false),
          street: null, city: null, postalCode: null, countryCode: null,
        }));
      }
    }
    if (shopifyAccount || squareAccount) buyers.push({ person: p, shopify: shopifyAccount, square: squareAccount });
  }
  addSecondaryKeys(f, world);
  addFeedbackSubmissions(world, EPOCH_END);
  addPropertyHistory(world);
  // Purchases come last, from streams of their own (idFactory's order ids draw from `f` reseeded by addPurchases).
  addPurchases(f, world, buyers, idFactory(f), weigh, EPOCH_END);
  // The Shopify refunds' times, from a stream of their own: nothing drawn before them moves.
  addShopifyRefunds(world, EPOCH_END);
  // Defects come after everything, from a stream of their own, rewriting values only.
  if (dataDefects) addDataDefects(f, world);
  return world;
}

function createPeople(f: Faker, count: number, chance: (p: number) => boolean): Person[] {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const unique = (set: Set<string>, make: () => string) => {
    for (;;) {
      const value = make();
      if (!set.has(value)) {
        set.add(value);
        return value;
      }
    }
  };
  const weights = COUNTRIES.map((c) => ({ value: c, weight: c.weight }));
  const people: Person[] = [];
  for (let id = 1; id <= count; id++) {
    const country = f.helpers.weightedArrayElement(weights);
    const household = id > 1 && chance(0.015) ? people[f.number.int({ min: 0, max: people.length - 1 })] : undefined;
    const firstName = chance(0.15) ? f.helpers.arrayElement(Object.keys(NICKNAMES)) : f.person.firstName();
    const lastName = household?.lastName ?? f.person.lastName();
    const company = chance(0.45) ? f.company.name() : null;
    const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
    const email = unique(emails, () => `${local}${chance(0.5) ? f.number.int({ min: 1, max: 999 }) : ''}@${f.helpers.arrayElement(['example.com', 'example.net', 'example.org', 'mail.example'])}`);
    people.push({
      id,
      firstName,
      lastName,
      email,
      workEmail: company && chance(0.6) ? unique(emails, () => `${firstName.charAt(0)}${lastName}${f.number.int({ min: 1, max: 99 })}@${domainOf(company)}`.toLowerCase().replace(/[^a-z0-9@.]/g, '')) : null,
      phone: unique(phones, () => country.phone(f)),
      countryCode: country.code,
      postalCode: household?.postalCode ?? country.postalCode(f),
      city: household?.city ?? f.location.city(),
      street: household?.street ?? f.location.streetAddress(),
      company,
      jobTitle: company ? f.person.jobTitle() : null,
      emailConsent: f.helpers.weightedArrayElement([{ value: 'GRANTED', weight: 55 }, { value: 'DENIED', weight: 25 }, { value: 'UNKNOWN', weight: 20 }]),
      smsConsent: f.helpers.weightedArrayElement([{ value: 'GRANTED', weight: 30 }, { value: 'DENIED', weight: 30 }, { value: 'UNKNOWN', weight: 40 }]),
      householdOf: household?.id ?? null,
    });
  }
  return people;
}

function domainOf(company: string): string {
  return `${company.toLowerCase().replace(/[^a-z]+/g, '').slice(0, 20) || 'company'}.example`;
}

function zendeskTickets(f: Faker, user: WorldContact, ids: Ids, date: DateFn, chance: (p: number) => boolean): WorldTicket[] {
  const n = f.helpers.weightedArrayElement([0, 1, 1, 1, 2, 2, 3, 5].map((value) => ({ value, weight: 1 })));
  return Array.from({ length: n }, () => {
    const createdAt = date(Date.parse(user.createdAt));
    const status = f.helpers.weightedArrayElement([
      { value: 'new', weight: 5 }, { value: 'open', weight: 15 }, { value: 'pending', weight: 10 },
      { value: 'hold', weight: 3 }, { value: 'solved', weight: 37 }, { value: 'closed', weight: 30 },
    ] as const);
    const subject = f.helpers.arrayElement(TICKET_SUBJECTS);
    return {
      id: ids.zendeskTicket(),
      requesterId: user.id,
      subject,
      description: `${subject} ${f.lorem.sentence()}`,
      status,
      priority: chance(0.2) ? null : f.helpers.arrayElement(['low', 'normal', 'normal', 'high', 'urgent'] as const),
      channel: f.helpers.arrayElement(['web', 'email', 'email', 'voice', 'chat'] as const),
      createdAt,
      updatedAt: date(Date.parse(createdAt)),
      satisfaction: status === 'solved' || status === 'closed'
        ? f.helpers.arrayElement(['offered', 'good', 'good', 'bad', 'unoffered'] as const)
        : 'unoffered',
    };
  });
}

function squareLocations(f: Faker): WorldLocation[] {
  const specs = [
    ['Downtown Flagship', 'USD', 'US'], ['Airport Kiosk', 'USD', 'US'], ['London Soho', 'GBP', 'GB'],
    ['Berlin Mitte', 'EUR', 'DE'], ['Tokyo Shibuya', 'JPY', 'JP'], ['Kuwait City Avenues', 'KWD', 'KW'],
  ] as const;
  return specs.map(([name, currency, countryCode]) => ({ id: `L${f.string.fromCharacters('ABCDEFGHJKMNPQRSTVWXYZ0123456789', 12)}`, name, currency, countryCode }));
}

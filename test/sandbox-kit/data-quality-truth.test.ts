import { describe, expect, it } from 'vitest';
import { emailDefectOf, normaliseEmail, normalisePhone, phoneRegionOf, type DataQualityDefect } from '../../src/model/index.js';
import {
  DATA_DEFECT_RATES,
  DISPOSABLE_DOMAINS,
  dataQualityTruth,
  generateWorld,
  startSandbox,
  WORLD_REFERENCE_DATE,
  type Person,
  type World,
  type WorldContact,
} from '../../connectors/sandbox-kit/index.js';
import { createHubSpotSandbox } from '../../connectors/hubspot/index.js';
import { createShopifySandbox } from '../../connectors/shopify/index.js';
import { createSquareSandbox } from '../../connectors/square/index.js';
import { createZendeskSandbox } from '../../connectors/zendesk/index.js';

const AS_OF = { asOf: WORLD_REFERENCE_DATE, staleDays: 730 };
const key = (d: DataQualityDefect) => `${d.code} ${d.source} ${d.recordId} ${d.field}`;
const keys = (ds: DataQualityDefect[]) => ds.map(key).sort();

function person(id: number, firstName: string, lastName: string): Person {
  return {
    id, firstName, lastName, email: `${firstName}@example.com`.toLowerCase(), workEmail: null, phone: '+14155550100', countryCode: 'US',
    postalCode: '94110', city: 'San Francisco', street: '1 Main St', company: null, jobTitle: null,
    emailConsent: 'GRANTED', smsConsent: 'GRANTED', householdOf: null,
  };
}

function record(p: Person, id: string, fields: Partial<WorldContact> = {}): WorldContact {
  return {
    id, personId: p.id, firstName: p.firstName, lastName: p.lastName, email: p.email, phone: null, secondaryEmails: [], secondaryPhones: [],
    street: p.street, city: p.city, postalCode: p.postalCode, countryCode: p.countryCode,
    createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z',
    emailConsent: 'GRANTED', smsConsent: 'UNKNOWN', consentUpdatedAt: '2025-01-01T00:00:00.000Z', xref: null,
    company: null, jobTitle: null, lifecycleStage: null, leadStatus: null, ownerId: null, ...fields,
  };
}

/** Three people whose records hold exactly one defect of each kind. */
function handBuiltWorld(): World {
  const ada = person(1, 'Ada', 'Lovelace');
  const bob = person(2, 'Bob', 'Marley');
  const cy = person(3, 'Cy', 'Young');
  return {
    seed: 0,
    people: [ada, bob, cy],
    hubspot: {
      contacts: [
        record(ada, '101', { xref: '999' }), // ORPHANED_REFERENCE: no Shopify customer 999
        record(bob, '102', { emailConsent: 'DENIED', updatedAt: '2023-06-01T00:00:00.000Z' }), // STALE_RECORD
      ],
      feedbackSubmissions: [],
      propertyHistory: [],
    },
    shopify: {
      customers: [
        // Shopify states SMS consent for a customer with a phone: Ada's phone is consented.
        record(ada, 'gid://shopify/Customer/1', { phone: '+14155550100', smsConsent: 'GRANTED' }),
        record(bob, 'gid://shopify/Customer/2', { emailConsent: 'DENIED', lastName: 'Marly' }), // CONFLICTING_VALUE lastName
        record(cy, 'gid://shopify/Customer/3', { emailConsent: 'UNKNOWN' }), // MISSING_CONSENT email
      ],
      orders: [],
    },
    zendesk: {
      // INVALID_EMAIL; Zendesk states no consent, and HubSpot's " LOVELACE " differs only in case and spacing.
      users: [record(ada, '5001', { email: 'ada@mailinator.com', lastName: ' LOVELACE ', emailConsent: 'DENIED', postalCode: null })],
      tickets: [],
    },
    square: {
      customers: [
        record(ada, 'SQ1', { phone: '+1415555', email: null }), // INVALID_PHONE (too short)
        record(ada, 'SQ2', { phone: '(415) 555-0100', email: null, postalCode: '94 110' }), // DUPLICATE_IN_SILO with SQ1
      ],
      orders: [],
      payments: [],
      locations: [],
    },
  };
}

describe('dataQualityTruth: a hand-built world', () => {
  it('lists exactly the defects the world holds, one kind each', () => {
    expect(keys(dataQualityTruth(handBuiltWorld(), AS_OF))).toEqual([
      'CONFLICTING_VALUE ECOMMERCE gid://shopify/Customer/2 lastName',
      'CONFLICTING_VALUE CRM 102 lastName',
      'DUPLICATE_IN_SILO POS SQ1 record',
      'DUPLICATE_IN_SILO POS SQ2 record',
      'INVALID_EMAIL SUPPORT 5001 email',
      'INVALID_PHONE POS SQ1 phone',
      'MISSING_CONSENT ECOMMERCE gid://shopify/Customer/3 emailConsent',
      'ORPHANED_REFERENCE CRM 101 crossReference',
      'STALE_RECORD CRM 102 updatedAt',
    ].sort());
  });

  it('judges staleness against asOf and staleDays, not against a seeding', () => {
    const world = handBuiltWorld();
    const stale = (asOf: string, staleDays: number) =>
      dataQualityTruth(world, { asOf, staleDays }).filter((d) => d.code === 'STALE_RECORD').map((d) => d.recordId).sort();
    expect(stale(WORLD_REFERENCE_DATE, 365)).toEqual(['102']);
    expect(stale(WORLD_REFERENCE_DATE, 10_000)).toEqual([]);
    // Ten years on, every record is stale.
    expect(stale('2036-10-31T00:00:00.000Z', 730)).toHaveLength(8);
  });

  it('finds consent conflicts and missing SMS consent as each silo states consent', () => {
    const world = handBuiltWorld();
    // Shopify denies the SMS consent for Ada's phone another Shopify record grants; the Square profiles hold phones too.
    world.shopify.customers.push(record(world.people[0]!, 'gid://shopify/Customer/4', { phone: '+14155550100', smsConsent: 'DENIED' }));
    const defects = keys(dataQualityTruth(world, AS_OF));
    expect(defects.filter((d) => d.startsWith('CONFLICTING_VALUE') && d.endsWith('smsConsent'))).toEqual([
      'CONFLICTING_VALUE ECOMMERCE gid://shopify/Customer/1 smsConsent',
      'CONFLICTING_VALUE ECOMMERCE gid://shopify/Customer/4 smsConsent',
    ]);
    // Without a Shopify record with a phone nobody states SMS consent: every record holding a phone gets a finding.
    world.shopify.customers = world.shopify.customers.filter((c) => c.personId !== 1);
    expect(keys(dataQualityTruth(world, AS_OF)).filter((d) => d.endsWith('smsConsent'))).toEqual([
      'MISSING_CONSENT POS SQ1 smsConsent',
      'MISSING_CONSENT POS SQ2 smsConsent',
    ]);
  });
});

describe('dataQualityTruth: the generated world', () => {
  const PEOPLE = 2000;
  const clean = generateWorld({ seed: 42, people: PEOPLE, dataDefects: false });
  const world = generateWorld({ seed: 42, people: PEOPLE });
  const silos = (w: World) => [...w.hubspot.contacts, ...w.shopify.customers, ...w.zendesk.users, ...w.square.customers];
  const truth = dataQualityTruth(world, AS_OF);
  const recordsWith = (code: string, field?: string) =>
    new Set(truth.filter((d) => d.code === code && (field === undefined || d.field === field)).map((d) => d.recordId));

  it('holds no invalid email, impossible phone or orphaned reference without defects: every normal value passes', () => {
    const defects = dataQualityTruth(clean, AS_OF);
    expect(defects.filter((d) => ['INVALID_EMAIL', 'INVALID_PHONE', 'ORPHANED_REFERENCE'].includes(d.code))).toEqual([]);
    for (const r of silos(clean)) {
      for (const email of [r.email, ...r.secondaryEmails]) if (email !== null) expect(emailDefectOf(email)).toBeNull();
      for (const phone of [r.phone, ...r.secondaryPhones]) if (phone !== null) expect(normalisePhone(phone, phoneRegionOf(r.countryCode))).not.toBeNull();
    }
    // Nor a phone or postal-code conflict: those come from the seeding alone.
    expect(defects.filter((d) => d.code === 'CONFLICTING_VALUE' && (d.field === 'phone' || d.field === 'postalCode'))).toEqual([]);
  });

  it('changes only the seeded values of existing records, each into a defect the truth lists', () => {
    const before = silos(clean);
    const after = silos(world);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const changed = { email: 0, phone: 0, postalCode: 0, xref: 0 };
    for (const [i, r] of after.entries()) {
      const was = before[i]!;
      const { email, phone, postalCode, xref, ...rest } = r;
      const { email: e0, phone: p0, postalCode: c0, xref: x0, ...rest0 } = was;
      expect(rest).toEqual(rest0);
      if (email !== e0) {
        changed.email += 1;
        expect(emailDefectOf(email!)).not.toBeNull();
        expect(recordsWith('INVALID_EMAIL').has(r.id)).toBe(true);
      }
      if (phone !== p0) {
        changed.phone += 1;
        expect(recordsWith('INVALID_PHONE').has(r.id)).toBe(true);
      }
      if (postalCode !== c0) {
        changed.postalCode += 1;
        expect(recordsWith('CONFLICTING_VALUE', 'postalCode').has(r.id)).toBe(true);
      }
      if (xref !== x0) {
        changed.xref += 1;
        expect(x0).toBeNull();
        expect(recordsWith('ORPHANED_REFERENCE').has(r.id)).toBe(true);
      }
    }
    expect(changed.email).toBe(recordsWith('INVALID_EMAIL').size);
    expect(changed.phone).toBe(recordsWith('INVALID_PHONE').size);
    expect(changed.xref).toBe(recordsWith('ORPHANED_REFERENCE').size);
  });

  it('seeds each kind at about its documented rate of the eligible records', () => {
    const all = silos(clean);
    // A key defect goes to a record with a twin: another record of the person holding the same email and phone.
    const keysOf = (r: WorldContact) => {
      const [email, phone] = [normaliseEmail(r.email), normalisePhone(r.phone, phoneRegionOf(r.countryCode))];
      return email === null || phone === null ? null : `${email} ${phone}`;
    };
    const hasTwin = (r: WorldContact) => keysOf(r) !== null && all.some((o) => o !== r && o.personId === r.personId && keysOf(o) === keysOf(r));
    const twins = all.filter(hasTwin).length;
    // Phones are made impossible only where the silo keeps them as typed (HubSpot, Zendesk).
    const lenientTwins = [...clean.hubspot.contacts, ...clean.zendesk.users].filter(hasTwin).length;
    const xrefHolders = [...clean.hubspot.contacts, ...clean.zendesk.users, ...clean.square.customers].filter((r) => r.xref === null).length;
    const near = (count: number, eligible: number, rate: number) => {
      // Within four binomial standard deviations of the expected count.
      const mean = eligible * rate;
      expect(Math.abs(count - mean)).toBeLessThanOrEqual(4 * Math.sqrt(mean * (1 - rate)) + 1);
    };
    near(recordsWith('INVALID_EMAIL').size, twins, DATA_DEFECT_RATES.invalidEmail);
    near(recordsWith('INVALID_PHONE').size, lenientTwins, DATA_DEFECT_RATES.invalidPhone);
    expect(truth.filter((d) => d.code === 'INVALID_PHONE' && (d.source === 'ECOMMERCE' || d.source === 'POS'))).toEqual([]);
    near(recordsWith('ORPHANED_REFERENCE').size, xrefHolders, DATA_DEFECT_RATES.orphanedReference);
    // A former postal code conflicts with the person's other records: both of them get a finding. No phone is seeded
    // to conflict (an impossible phone holds no E.164 value).
    expect(recordsWith('CONFLICTING_VALUE', 'postalCode').size).toBeGreaterThan(20);
    expect(recordsWith('CONFLICTING_VALUE', 'phone').size).toBe(0);
    const disposable = silos(world).filter((r) => r.email !== null && emailDefectOf(r.email) === 'DISPOSABLE');
    expect(disposable.length).toBeGreaterThan(0);
    for (const r of disposable) expect(DISPOSABLE_DOMAINS).toContain(r.email!.slice(r.email!.indexOf('@') + 1));
    // Square refuses a malformed address: its invalid emails are throw-away domains only.
    expect(world.square.customers.filter((r) => r.email !== null && emailDefectOf(r.email) === 'SYNTAX')).toEqual([]);
  });

  it('finds the defects that arise without seeding at the rates the README gives', () => {
    const total = silos(world).length;
    const share = (code: string) => recordsWith(code).size / total;
    expect(share('STALE_RECORD')).toBeGreaterThan(0.25);
    expect(share('STALE_RECORD')).toBeLessThan(0.32);
    expect(share('MISSING_CONSENT')).toBeGreaterThan(0.55);
    expect(share('DUPLICATE_IN_SILO')).toBeGreaterThan(0.04);
    expect(share('DUPLICATE_IN_SILO')).toBeLessThan(0.08);
    expect(share('CONFLICTING_VALUE')).toBeGreaterThan(0.15);
  });
});

describe('GET /__sandbox/truth/data-quality', () => {
  it("serves the sandbox's own records' defects, with asOf and staleDays, and refuses a bad query", async () => {
    const world = handBuiltWorld();
    const sandbox = await startSandbox(createSquareSandbox(world));
    try {
      const get = (query: string) => fetch(`${sandbox.url}/__sandbox/truth/data-quality${query}`);
      const answer = await get('');
      expect(answer.status).toBe(200);
      expect(keys((await answer.json()) as DataQualityDefect[])).toEqual(keys(dataQualityTruth(world, AS_OF).filter((d) => d.source === 'POS')));
      const later = (await (await get('?asOf=2036-10-31T00:00:00Z&staleDays=730')).json()) as DataQualityDefect[];
      expect(keys(later).filter((k) => k.startsWith('STALE_RECORD'))).toEqual(['STALE_RECORD POS SQ1 updatedAt', 'STALE_RECORD POS SQ2 updatedAt']);
      expect((await get('?asOf=yesterday')).status).toBe(400);
      expect((await get('?staleDays=-1')).status).toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});

describe('GET /__sandbox/truth/data-quality on the four sandboxes', () => {
  it('together serves exactly the world\'s truth, each sandbox its own silo\'s records', async () => {
    const world = generateWorld({ seed: 3, people: 300 });
    const sandboxes = await Promise.all([createHubSpotSandbox, createShopifySandbox, createZendeskSandbox, createSquareSandbox].map((create) => startSandbox(create(world))));
    try {
      const served = await Promise.all(sandboxes.map(async (s) => (await (await fetch(`${s.url}/__sandbox/truth/data-quality`)).json()) as DataQualityDefect[]));
      const sources = ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'];
      for (const [i, defects] of served.entries()) expect(new Set(defects.map((d) => d.source))).toEqual(new Set([sources[i]]));
      expect(keys(served.flat())).toEqual(keys(dataQualityTruth(world, AS_OF)));
    } finally {
      await Promise.all(sandboxes.map((s) => s.close()));
    }
  });
});

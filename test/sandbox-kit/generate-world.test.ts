import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { CONSENT_LEGAL_BASIS, FEEDBACK_RATES, LIFECYCLE_STAGES, generateWorld, type World, type WorldContact, type WorldLine, type WorldPropertyChange } from '../../connectors/sandbox-kit/index.js';

const PEOPLE = 2000;
const world = generateWorld({ seed: 42, people: PEOPLE });
const silos = {
  hubspot: world.hubspot.contacts,
  shopify: world.shopify.customers,
  zendesk: world.zendesk.users,
  square: world.square.customers,
} satisfies Record<string, WorldContact[]>;
const ID_FORMAT = {
  hubspot: /^[1-9]\d*$/,
  shopify: /^gid:\/\/shopify\/Customer\/[1-9]\d*$/,
  zendesk: /^[1-9]\d*$/,
  square: /^[A-Z0-9]{26}$/,
};
const all = Object.values(silos).flat();
const person = (id: number) => world.people[id - 1]!;
const normal = (email: string) => email.trim().toLowerCase();
// Unit × quantity per line, rounded half to even to the minor unit (Square's Bankers' Rounding), in integer hundredths
// of a unit: every quantity the generator draws is a whole count or kilograms to the 10 g.
const lineTotal = (l: WorldLine) => {
  const hundredths = Math.round(l.quantity * 100);
  expect(hundredths / 100).toBe(l.quantity);
  const product = hundredths * l.unitMinor;
  const [down, rest] = [Math.floor(product / 100), product % 100];
  return rest > 50 || (rest === 50 && down % 2 === 1) ? down + 1 : down;
};
const sum = (lines: WorldLine[]) => lines.reduce((s, l) => s + lineTotal(l), 0);
const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const pin = JSON.parse(readFileSync(new URL('../../bench/pinned-world.json', import.meta.url), 'utf8')) as {
  seed: number; people: number; sha256: string; sha256WithoutDataDefects: string; sha256WithoutIssue19Layers: string; sha256WithoutShopifyRefunds: string; sha256WithoutPropertyHistory: string; sha256WithoutFeedbackSubmissions: string; sha256WithoutSecondaryKeys: string; sha256WithoutPurchases: string;
};
/** The world without the Shopify orders' refunds (their times). */
const withoutShopifyRefunds = (w: World): World =>
  ({ ...w, shopify: { ...w.shopify, orders: w.shopify.orders.map(({ refunds: _refunds, ...order }) => order) } });
/** The world without HubSpot's property histories. */
const withoutPropertyHistory = (w: World): World => {
  const { propertyHistory: _history, ...hubspot } = w.hubspot;
  return { ...w, hubspot: hubspot as World['hubspot'] };
};
/** The world without what issue 19 laid on (the Shopify refunds' times, the property histories). */
const withoutIssue19Layers = (w: World): World => withoutPropertyHistory(withoutShopifyRefunds(w));
/** The seed-42 world without its seeded data-quality defects: the one every layer below is taken of. */
const clean = generateWorld({ seed: 42, people: PEOPLE, dataDefects: false });
/** The world without HubSpot's NPS survey answers (the layers below are taken of the issue-18 world). */
const withoutFeedbackSubmissions = (w: World): World => {
  const { feedbackSubmissions: _answers, ...hubspot } = w.hubspot;
  return { ...w, hubspot: hubspot as World['hubspot'] };
};
/** The world without the addresses and phones silos hold beyond their main ones. */
const withoutSecondaryKeys = (w: World): World =>
  JSON.parse(JSON.stringify(w), (key, value: unknown) => (key === 'secondaryEmails' || key === 'secondaryPhones' ? undefined : value)) as World;
/** The world without its purchases: no Shopify order, Square sale or payment. */
const withoutPurchases = (w: World): World =>
  ({ ...w, shopify: { ...w.shopify, orders: [] }, square: { ...w.square, orders: [], payments: [] } });

describe('generateWorld: determinism', () => {
  it('gives deep-equal worlds for the same seed and people', () => {
    expect(generateWorld({ seed: 42, people: PEOPLE })).toEqual(world);
  });

  // The bench and the tests measure this world: a generator change that alters it must be seen rather than slip
  // in. The digest is the bench's pin (bench/pinned-world.json); change it only on purpose.
  it('keeps the seed-42 world of 2000 people byte-identical to the one the bench pinned (sha256)', () => {
    expect({ seed: pin.seed, people: pin.people }).toEqual({ seed: 42, people: PEOPLE });
    expect(sha256(world)).toBe(pin.sha256);
  });

  // Data-quality defects are drawn last from a stream of their own and rewrite values only: without them the world is
  // byte-identical to the one pinned before them (the pin's history).
  it('changes nothing but the data defects: without them the world hashes as before them', () => {
    expect(sha256(clean)).toBe(pin.sha256WithoutDataDefects);
  });

  // Issue 19's additions are each laid on from a stream of their own: without one the world holds only the other, and
  // without both it is the issue-18 world (with its cancellations dated within the hour: the pin's history).
  it('changes nothing but the Shopify refunds\' times and the property histories: without them the world hashes as before them', () => {
    expect(sha256(withoutShopifyRefunds(clean))).toBe(pin.sha256WithoutShopifyRefunds);
    expect(sha256(withoutPropertyHistory(clean))).toBe(pin.sha256WithoutPropertyHistory);
    expect(sha256(withoutIssue19Layers(clean))).toBe(pin.sha256WithoutIssue19Layers);
  });

  // NPS answers are laid on from a stream of their own: without them the world is the one pinned before them.
  it('changes nothing but the feedback submissions: without them the world hashes as before them', () => {
    expect(sha256(withoutFeedbackSubmissions(withoutIssue19Layers(clean)))).toBe(pin.sha256WithoutFeedbackSubmissions);
  });

  // Secondary keys are laid on top of the world (a giver of them draws from a stream of its own): without them the
  // world is the one pinned before them.
  it('changes nothing but the secondary keys: without them the world hashes as pinned without them', () => {
    expect(sha256(withoutSecondaryKeys(withoutFeedbackSubmissions(withoutIssue19Layers(clean))))).toBe(pin.sha256WithoutSecondaryKeys);
  });

  // Purchases are drawn last, from streams of their own, and the draws the former orders took from the shared stream
  // are still taken: without its purchases the world is byte-identical to the one pinned before them (the pin's history).
  it('changes nothing but the purchases: without orders, sales and payments the world hashes as before the purchase process', () => {
    expect(sha256(withoutPurchases(withoutFeedbackSubmissions(withoutIssue19Layers(clean))))).toBe(pin.sha256WithoutPurchases);
  });

  it('gives a different world for another seed', () => {
    const other = generateWorld({ seed: 43, people: 50 });
    const same = generateWorld({ seed: 42, people: 50 });
    expect(other.people.map((p) => p.email)).not.toEqual(same.people.map((p) => p.email));
  });

  it.each([0, -1, 1.5])('refuses people = %s', (people) => {
    expect(() => generateWorld({ seed: 1, people })).toThrow(RangeError);
  });
});

describe('generateWorld: people', () => {
  it('creates exactly the requested people, numbered 1..n', () => {
    expect(world.people.map((p) => p.id)).toEqual(Array.from({ length: PEOPLE }, (_, i) => i + 1));
    expect(generateWorld({ seed: 7, people: 3 }).people).toHaveLength(3);
  });

  it('gives people unique emails (work emails included) and unique valid E.164 phones', () => {
    const emails = world.people.flatMap((p) => [p.email, ...(p.workEmail ? [p.workEmail] : [])]);
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(world.people.map((p) => p.phone)).size).toBe(PEOPLE);
    for (const p of world.people) expect(parsePhoneNumberWithError(p.phone).number).toBe(p.phone);
  });

  it('puts every person in at least one silo and every record on a real person', () => {
    const present = new Set(all.map((r) => r.personId));
    expect(present.size).toBe(PEOPLE);
    for (const r of all) expect(r.personId >= 1 && r.personId <= PEOPLE).toBe(true);
  });

  it('has households whose members use each other\'s email in some silo', () => {
    const members = world.people.filter((p) => p.householdOf !== null);
    expect(members.length).toBeGreaterThan(0);
    for (const p of members) expect(person(p.householdOf!).id).toBeLessThan(p.id);
    const sharing = members.filter((p) => all.some((r) => r.personId === p.id && r.email && normal(r.email) === person(p.householdOf!).email));
    expect(sharing.length).toBeGreaterThan(0);
  });
});

describe('generateWorld: records', () => {
  it.each(Object.keys(silos) as Array<keyof typeof silos>)('gives %s unique ids in the vendor format', (silo) => {
    const ids = silos[silo].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(ID_FORMAT[silo]);
  });

  it.each(Object.keys(silos) as Array<keyof typeof silos>)('holds in-silo duplicates of one person in %s', (silo) => {
    const persons = silos[silo].map((r) => r.personId);
    expect(new Set(persons).size).toBeLessThan(persons.length);
  });

  it('keeps partial cross-references, each pointing at a record of the same person or (seeded defects) at none', () => {
    const hubspotById = new Map(silos.hubspot.map((r) => [r.id, r]));
    const shopifyById = new Map(silos.shopify.map((r) => [r.id, r]));
    const anyId = new Set(all.map((r) => r.id));
    let orphaned = 0;
    for (const silo of ['hubspot', 'zendesk', 'square'] as const) {
      const withXref = silos[silo].filter((r) => r.xref !== null);
      expect(withXref.length).toBeGreaterThan(0);
      expect(withXref.length).toBeLessThan(silos[silo].length);
      for (const r of withXref) {
        const target = silo === 'hubspot' ? shopifyById.get(`gid://shopify/Customer/${r.xref}`) : hubspotById.get(r.xref!);
        if (target === undefined) {
          // An orphaned reference names no record anywhere, in any id form.
          orphaned += 1;
          expect(anyId.has(r.xref!) || anyId.has(`gid://shopify/Customer/${r.xref}`)).toBe(false);
        } else expect(target.personId).toBe(r.personId);
      }
    }
    expect(orphaned).toBeGreaterThan(0);
    expect(orphaned).toBeLessThan(0.03 * all.length);
    expect(silos.shopify.every((r) => r.xref === null)).toBe(true);
  });

  it('has phone-only Square profiles, and every Square profile has a phone', () => {
    const phoneOnly = silos.square.filter((r) => r.email === null && r.firstName === null && r.lastName === null);
    expect(phoneOnly.length).toBeGreaterThan(0);
    expect(silos.square.every((r) => r.phone !== null)).toBe(true);
  });

  it('writes emails with upper case or stray white space that still normalise to the person\'s email', () => {
    const variants = all.filter((r) => r.email && r.email !== normal(r.email) && normal(r.email) === person(r.personId).email);
    expect(variants.some((r) => /[A-Z]/.test(r.email!))).toBe(true);
    expect(variants.some((r) => r.email !== r.email!.trim())).toBe(true);
  });

  it('writes national-format phones that parse back to the person\'s number in their country', () => {
    const national = all.filter((r) => r.phone && !r.phone.startsWith('+') && r.countryCode);
    expect(national.length).toBeGreaterThan(0);
    for (const r of national) {
      expect(parsePhoneNumberWithError(r.phone!, r.countryCode as 'US').number).toBe(person(r.personId).phone);
    }
  });
});

describe('generateWorld: commerce and support', () => {
  const orders = [...world.shopify.orders, ...world.square.orders];

  it('prices orders in several currencies, JPY and KWD included, with totals = Σ quantity × unit', () => {
    const currencies = new Set(orders.map((o) => o.currency));
    expect(currencies).toEqual(new Set(['USD', 'GBP', 'EUR', 'JPY', 'KWD']));
    for (const o of orders) {
      expect(o.totalMinor).toBe(sum(o.lines));
      for (const l of o.lines) expect(Number.isSafeInteger(l.unitMinor) && l.quantity >= 1).toBe(true);
    }
  });

  it('weighs some POS lines of coffee beans at the till (kilograms to the 10 g), and never an online order line', () => {
    const weighed = world.square.orders.flatMap((o) => o.lines).filter((l) => l.weightUnit !== undefined);
    // WEIGHED_SHARE (60 %) of the coffee lines a till may weigh: every POS line but the last, which balances the total.
    const beans = world.square.orders.flatMap((o) => o.lines.slice(0, -1)).filter((l) => l.sku.startsWith('ESP-1K-'));
    expect(weighed.length).toBeGreaterThan(50);
    expect(weighed.length / beans.length).toBeGreaterThan(0.5);
    expect(weighed.length / beans.length).toBeLessThan(0.7);
    for (const l of weighed) {
      expect([l.weightUnit, l.sku.slice(0, 6), Number.isInteger(l.quantity)]).toEqual(['METRIC_KILOGRAM', 'ESP-1K', false]);
      expect(String(l.quantity)).toMatch(/^[1-3]\.\d{1,2}$/);
    }
    const counted = world.square.orders.flatMap((o) => o.lines).filter((l) => l.weightUnit === undefined);
    expect(counted.some((l) => l.sku.startsWith('ESP-1K-'))).toBe(true);
    for (const l of [...counted, ...world.shopify.orders.flatMap((o) => o.lines)]) expect(Number.isInteger(l.quantity)).toBe(true);
  });

  it('links orders, tickets and payments to records that exist in their silo', () => {
    const ids = (records: Array<{ id: string }>) => new Set(records.map((r) => r.id));
    const [shopify, zendesk, square, locations] = [ids(silos.shopify), ids(silos.zendesk), ids(silos.square), ids(world.square.locations)];
    const posOrders = new Map(world.square.orders.map((o) => [o.id, o]));
    expect(world.shopify.orders.length && world.zendesk.tickets.length && world.square.payments.length).toBeGreaterThan(0);
    for (const o of world.shopify.orders) expect(shopify.has(o.customerId)).toBe(true);
    for (const t of world.zendesk.tickets) expect(zendesk.has(t.requesterId)).toBe(true);
    for (const o of world.square.orders) expect(square.has(o.customerId) && locations.has(o.locationId)).toBe(true);
    for (const p of world.square.payments) expect(posOrders.get(p.orderId)?.totalMinor).toBe(p.amountMinor);
    const locationCurrency = new Map(world.square.locations.map((l) => [l.id, l.currency]));
    for (const o of world.square.orders) expect(o.currency).toBe(locationCurrency.get(o.locationId));
  });
});

describe('generateWorld: purchases', () => {
  const share = (part: number, whole: number) => part / whole;

  it('files a partially refunded order\'s returned unit as its last line, and every cancelled order as REFUNDED', () => {
    const partial = world.shopify.orders.filter((o) => o.financialStatus === 'PARTIALLY_REFUNDED');
    expect(share(partial.length, world.shopify.orders.length)).toBeGreaterThan(0.02);
    for (const o of partial) expect([o.cancelledAt, o.lines.length >= 2, o.lines.at(-1)?.quantity]).toEqual([null, true, 1]);
    const cancelled = world.shopify.orders.filter((o) => o.cancelledAt !== null);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const o of cancelled) expect(o.financialStatus).toBe('REFUNDED');
    expect(world.shopify.orders.filter((o) => o.financialStatus === 'REFUNDED').every((o) => o.cancelledAt !== null)).toBe(true);
  });

  it('gives every refunded or partially refunded Shopify order one refund of what its status refunded, dated after it and never after the world\'s end', () => {
    const end = Date.parse('2026-10-31T00:00:00Z');
    const refunded = world.shopify.orders.filter((o) => o.financialStatus === 'REFUNDED' || o.financialStatus === 'PARTIALLY_REFUNDED');
    expect(refunded.length).toBeGreaterThan(100);
    expect(world.shopify.orders.filter((o) => o.refunds !== undefined)).toEqual(refunded);
    for (const o of refunded) {
      const [refund, ...more] = o.refunds!;
      expect(more).toEqual([]);
      // The amounts the sandbox refunded before the refunds had times: the whole order, or its returned last unit.
      expect(refund!.amountMinor).toBe(o.financialStatus === 'REFUNDED' ? o.totalMinor : Math.min(o.totalMinor, o.lines.at(-1)!.unitMinor));
      const at = Date.parse(refund!.createdAt);
      expect(at).toBeGreaterThanOrEqual(Date.parse(o.createdAt));
      expect(at).toBeLessThanOrEqual(end);
      if (o.cancelledAt !== null) expect(refund!.createdAt).toBe(o.cancelledAt);
      else {
        expect(at - Date.parse(o.createdAt)).toBeLessThanOrEqual(60 * 86_400_000);
        expect(at).toBeLessThanOrEqual(Date.parse(o.updatedAt));
      }
    }
    // The lag is drawn, not fixed: uncancelled refunds spread over the 60 days.
    const lags = refunded.filter((o) => o.cancelledAt === null).map((o) => (Date.parse(o.refunds![0]!.createdAt) - Date.parse(o.createdAt)) / 86_400_000);
    expect(Math.min(...lags)).toBeLessThan(10);
    expect(Math.max(...lags)).toBeGreaterThan(50);
  });

  it('refunds about 5 % of completed POS sales (APPROVED, the last line\'s total), and no open or cancelled sale', () => {
    const completed = world.square.orders.filter((o) => o.state === 'COMPLETED');
    const refunded = world.square.orders.filter((o) => o.refunds !== undefined);
    expect(share(refunded.length, completed.length)).toBeGreaterThan(0.03);
    expect(share(refunded.length, completed.length)).toBeLessThan(0.07);
    for (const o of refunded) {
      expect(o.state).toBe('COMPLETED');
      expect(o.refunds).toEqual([expect.objectContaining({ status: 'APPROVED', amountMinor: lineTotal(o.lines.at(-1)!) })]);
      expect(o.refunds![0]!.amountMinor).toBeLessThan(o.totalMinor);
      expect(Date.parse(o.refunds![0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(o.createdAt));
    }
  });

  it('draws the refunds, and every purchase, from their own streams: the same seed gives the same sales, another seed other ones', () => {
    const sales = (w: World) => w.square.orders.map((o) => [o.totalMinor, o.refunds?.[0]?.amountMinor ?? null]);
    expect(sales(generateWorld({ seed: 42, people: 300 }))).toEqual(sales(generateWorld({ seed: 42, people: 300 })));
    expect(sales(generateWorld({ seed: 43, people: 300 }))).not.toEqual(sales(generateWorld({ seed: 42, people: 300 })));
  });

  it('gives each buyer one history across both silos: a person with both accounts buys in each on the first purchase day', () => {
    const shopifyOwner = new Map(world.shopify.customers.map((c) => [c.id, c.personId]));
    const squareOwner = new Map(world.square.customers.map((c) => [c.id, c.personId]));
    const online = new Set(world.shopify.orders.map((o) => shopifyOwner.get(o.customerId)));
    const till = new Set(world.square.orders.map((o) => squareOwner.get(o.customerId)));
    expect([...online].filter((p) => till.has(p)).length).toBeGreaterThan(50);
  });
});

describe('generateWorld: secondary keys', () => {
  const share = (part: number, whole: number) => part / whole;
  const own = (r: WorldContact) => {
    const p = person(r.personId);
    const local = `${p.firstName}.${p.lastName}.${p.id}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    return new Set([p.email, p.workEmail, `${local}@oldmail.example`, `${local}@isp.example`].filter((e): e is string => e !== null));
  };
  const emailOwner = new Map(world.people.flatMap((p) => [[p.email, p.id], ...(p.workEmail ? [[p.workEmail, p.id] as const] : [])] as [string, number][]));

  it('gives HubSpot contacts hs_additional_emails at about 10 %, two of them on about 15 % of those', () => {
    const contacts = silos.hubspot;
    const withAny = contacts.filter((c) => c.secondaryEmails.length > 0);
    expect(share(withAny.length, contacts.length)).toBeGreaterThan(0.07);
    expect(share(withAny.length, contacts.length)).toBeLessThan(0.13);
    const two = withAny.filter((c) => c.secondaryEmails.length === 2).length;
    expect(share(two, withAny.length)).toBeGreaterThan(0.05);
    expect(share(two, withAny.length)).toBeLessThan(0.25);
    expect(withAny.every((c) => c.secondaryEmails.length <= 2)).toBe(true);
  });

  it('makes an additional address the person\'s own (personal, work or old) or, now and then, another person\'s', () => {
    const all = silos.hubspot.flatMap((c) => c.secondaryEmails.map((email) => ({ c, email })));
    const others = all.filter(({ c, email }) => !own(c).has(email));
    for (const { c, email } of others) expect(emailOwner.get(email)).not.toBe(c.personId);
    for (const { email } of others) expect(emailOwner.has(email)).toBe(true);
    expect(share(others.length, all.length)).toBeLessThan(0.12);
    for (const { c, email } of all) expect(normal(email)).not.toBe(normal(c.email ?? ''));
  });

  it('gives Zendesk users secondary emails (about 8 %, unique in the account) and phones (about 12 %, a quarter of them shared switchboards)', () => {
    const users = silos.zendesk;
    const emails = users.filter((u) => u.secondaryEmails.length > 0);
    expect(share(emails.length, users.length)).toBeGreaterThan(0.04);
    expect(share(emails.length, users.length)).toBeLessThan(0.11);
    const held = users.flatMap((u) => [u.email, ...u.secondaryEmails].filter((e): e is string => e !== null).map(normal));
    expect(new Set(held).size).toBe(held.length);
    for (const u of emails) for (const email of u.secondaryEmails) expect(own(u).has(email)).toBe(true);
    const phones = users.filter((u) => u.secondaryPhones.length > 0);
    expect(share(phones.length, users.length)).toBeGreaterThan(0.09);
    expect(share(phones.length, users.length)).toBeLessThan(0.15);
    const switchboards = phones.filter((u) => /^\+12125550\d{3}$/.test(u.secondaryPhones[0]!));
    expect(share(switchboards.length, phones.length)).toBeGreaterThan(0.15);
    expect(share(switchboards.length, phones.length)).toBeLessThan(0.35);
    // A switchboard is shared by many people: the few numbers cover many users.
    expect(new Set(switchboards.map((u) => u.secondaryPhones[0])).size).toBeLessThanOrEqual(10);
  });

  it('gives half the Shopify default addresses a phone, three quarters of them the person\'s own', () => {
    const addressed = silos.shopify.filter((c) => c.street !== null);
    const phoned = addressed.filter((c) => c.secondaryPhones.length === 1);
    expect(share(phoned.length, addressed.length)).toBeGreaterThan(0.45);
    expect(share(phoned.length, addressed.length)).toBeLessThan(0.55);
    const owned = phoned.filter((c) => c.secondaryPhones[0] === person(c.personId).phone);
    expect(share(owned.length, phoned.length)).toBeGreaterThan(0.68);
    expect(share(owned.length, phoned.length)).toBeLessThan(0.82);
    for (const c of phoned) expect(parsePhoneNumberWithError(c.secondaryPhones[0]!).isPossible()).toBe(true);
  });

  it('gives Square profiles and Shopify customers no further emails, and HubSpot contacts no further phones', () => {
    expect([...silos.square, ...silos.shopify].every((c) => c.secondaryEmails.length === 0)).toBe(true);
    expect([...silos.square, ...silos.hubspot].every((c) => c.secondaryPhones.length === 0)).toBe(true);
  });

  it('draws secondary keys from their own stream: another seed gives other keys on an otherwise other world, the same seed the same keys', () => {
    const keysOf = (w: World) => w.hubspot.contacts.map((c) => c.secondaryEmails);
    expect(keysOf(generateWorld({ seed: 42, people: 300 }))).toEqual(keysOf(generateWorld({ seed: 42, people: 300 })));
    expect(keysOf(generateWorld({ seed: 43, people: 300 }))).not.toEqual(keysOf(generateWorld({ seed: 42, people: 300 })));
  });
});

describe('generateWorld: NPS survey answers (HubSpot feedback submissions)', () => {
  const answers = world.hubspot.feedbackSubmissions;
  const contacts = new Map(world.hubspot.contacts.map((c) => [c.id, c]));

  it('gives about FEEDBACK_RATES.answered of HubSpot contacts an answer, some of them more than one', () => {
    const answered = new Set(answers.map((a) => a.contactId));
    expect(answered.size / contacts.size).toBeGreaterThan(FEEDBACK_RATES.answered - 0.04);
    expect(answered.size / contacts.size).toBeLessThan(FEEDBACK_RATES.answered + 0.04);
    expect(answers.length).toBeGreaterThan(answered.size);
  });

  it('files every answer on a HubSpot contact, under a unique HubSpot id, dated after the contact was created', () => {
    expect(new Set(answers.map((a) => a.id)).size).toBe(answers.length);
    for (const a of answers) {
      expect(a.id).toMatch(ID_FORMAT.hubspot);
      const contact = contacts.get(a.contactId);
      expect(contact).toBeDefined();
      expect(Date.parse(a.submittedAt)).toBeGreaterThanOrEqual(Date.parse(contact!.createdAt));
    }
  });

  it('scores 0–10 with a retailer\'s spread: promoters ahead of detractors, every score used', () => {
    const scores = answers.map((a) => a.score);
    expect(scores.every((s) => Number.isInteger(s) && s >= 0 && s <= 10)).toBe(true);
    expect(new Set(scores).size).toBe(11);
    const share = (test: (s: number) => boolean) => scores.filter(test).length / scores.length;
    const nps = 100 * (share((s) => s >= 9) - share((s) => s <= 6));
    expect(nps).toBeGreaterThan(5);
    expect(nps).toBeLessThan(35);
  });
});

describe('generateWorld: HubSpot property histories (propertiesWithHistory)', () => {
  const history = world.hubspot.propertyHistory;
  const byContact = new Map<string, WorldPropertyChange[]>();
  for (const e of history) byContact.set(e.contactId, [...(byContact.get(e.contactId) ?? []), e]);
  const of = (id: string, property: WorldPropertyChange['property']) => (byContact.get(id) ?? []).filter((e) => e.property === property);

  it('gives every contact a lifecycle path forward through the stages, ending at its current one, within its life', () => {
    let moved = 0;
    for (const c of world.hubspot.contacts) {
      const stages = of(c.id, 'lifecyclestage');
      expect(stages.at(-1)?.value).toBe(c.lifecycleStage);
      const ranks = stages.map((e) => LIFECYCLE_STAGES.indexOf(e.value as (typeof LIFECYCLE_STAGES)[number]));
      expect(ranks.every((r, i) => r >= 0 && (i === 0 || r > ranks[i - 1]!))).toBe(true);
      expect(stages[0]?.timestamp).toBe(c.createdAt);
      for (const [i, e] of (byContact.get(c.id) ?? []).entries()) {
        expect(Date.parse(e.timestamp)).toBeGreaterThanOrEqual(Date.parse(c.createdAt));
        expect(Date.parse(e.timestamp)).toBeLessThanOrEqual(Date.parse(c.updatedAt));
        if (i > 0) expect(e.timestamp >= byContact.get(c.id)![i - 1]!.timestamp).toBe(true);
      }
      if (stages.length > 1) moved++;
    }
    expect(moved / world.hubspot.contacts.length).toBeGreaterThan(0.5);
    expect(new Set(history.map((e) => e.sourceType))).toEqual(new Set(['FORM', 'IMPORT', 'INTEGRATION', 'CRM_UI', 'EMAIL']));
  });

  it('ends the opt-out and legal-basis histories in the contact\'s consent, changed at its consentUpdatedAt within its life', () => {
    const consentAt = (c: WorldContact) => Math.min(Date.parse(c.updatedAt), Math.max(Date.parse(c.createdAt), Date.parse(c.consentUpdatedAt)));
    let withPast = 0;
    for (const c of world.hubspot.contacts) {
      const optout = of(c.id, 'hs_email_optout');
      const basis = of(c.id, 'hs_legal_basis');
      expect(optout.at(-1)?.value).toBe(c.emailConsent === 'DENIED' ? 'true' : 'false');
      expect(basis.at(-1)?.value ?? '').toBe(c.emailConsent === 'GRANTED' ? CONSENT_LEGAL_BASIS : '');
      if (c.emailConsent === 'GRANTED') expect(Date.parse(basis.at(-1)!.timestamp)).toBe(consentAt(c));
      if (c.emailConsent === 'DENIED') expect(Date.parse(optout.at(-1)!.timestamp)).toBe(consentAt(c));
      if (optout.length + basis.length > 2) withPast++;
    }
    expect(withPast).toBeGreaterThan(50);
  });

  it('draws histories from their own stream: the same seed gives the same ones, another seed others', () => {
    expect(generateWorld({ seed: 42, people: 200 }).hubspot.propertyHistory).toEqual(generateWorld({ seed: 42, people: 200 }).hubspot.propertyHistory);
    expect(generateWorld({ seed: 43, people: 200 }).hubspot.propertyHistory).not.toEqual(generateWorld({ seed: 42, people: 200 }).hubspot.propertyHistory);
  });
});

import { generateWorld } from '../../connectors/sandbox-kit/index.js';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';

/** The same world the test stack's sandboxes serve (same seed and size). */
export function testWorld(seed = 42, people = 300): World {
  return generateWorld({ seed, people });
}

/** A person who has records in all four silos, each carrying their email or phone, with orders, tickets and POS sales. */
export function personEverywhere(world: World, skip = 0): Person {
  const person = linkablePeople(world)[skip];
  if (!person) throw new Error('the test world has no such person');
  return person;
}

/** Every person personEverywhere can pick, in its order. */
export function linkablePeople(world: World): Person[] {
  const count = (records: { personId: number }[], id: number) => records.filter((r) => r.personId === id).length;
  return world.people.filter((p) => {
    const shop = world.shopify.customers.filter((c) => c.personId === p.id);
    const zen = world.zendesk.users.filter((u) => u.personId === p.id);
    const sq = world.square.customers.filter((c) => c.personId === p.id);
    // Every record carries the person's email, or a phone that a record carrying the email also has.
    const records = [...world.hubspot.contacts, ...shop, ...zen, ...sq].filter((r) => r.personId === p.id);
    const byEmail = records.filter((r) => r.email?.trim().toLowerCase() === p.email);
    const linkable = records.every((r) => byEmail.includes(r) || (r.phone !== null && byEmail.some((e) => e.phone !== null)));
    return linkable && count(world.hubspot.contacts, p.id) === 1 && shop.length === 1 && zen.length === 1 && sq.length === 1 &&
      p.householdOf === null &&
      world.shopify.orders.some((o) => o.customerId === shop[0]?.id) &&
      world.zendesk.tickets.some((t) => t.requesterId === zen[0]?.id) &&
      world.square.orders.some((o) => o.customerId === sq[0]?.id);
  });
}

/** A person's marketing consent on one channel as the gateway merges it: an opt-out anywhere wins, then a grant. */
export function mergedConsent(world: World, person: Person, channel: 'EMAIL' | 'SMS'): 'GRANTED' | 'DENIED' | 'UNKNOWN' {
  // Email consent is stated by HubSpot, Shopify and Square; SMS consent only by Shopify, and only on a record with a phone.
  const states = channel === 'EMAIL'
    ? [...world.hubspot.contacts, ...world.shopify.customers, ...world.square.customers].filter((r) => r.personId === person.id).map((r) => r.emailConsent)
    : world.shopify.customers.filter((r) => r.personId === person.id && r.phone !== null).map((r) => r.smsConsent);
  return states.includes('DENIED') ? 'DENIED' : states.includes('GRANTED') ? 'GRANTED' : 'UNKNOWN';
}

/** A linkable person (see personEverywhere) whose merged consents are as wanted; `skip` picks a later one. */
export function personWithConsents(world: World, wanted: { email?: 'GRANTED' | 'DENIED' | 'UNKNOWN'; sms?: 'GRANTED' | 'DENIED' | 'UNKNOWN' }, skip = 0): Person {
  const person = linkablePeople(world).filter((p) =>
    (!wanted.email || mergedConsent(world, p, 'EMAIL') === wanted.email) && (!wanted.sms || mergedConsent(world, p, 'SMS') === wanted.sms))[skip];
  if (person) return person;
  throw new Error(`the test world has no linkable person with consents ${JSON.stringify(wanted)}`);
}

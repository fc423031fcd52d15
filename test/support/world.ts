import { generateWorld } from '../../connectors/sandbox-kit/index.js';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';

/** The same world the test stack's sandboxes serve (same seed and size). */
export function testWorld(seed = 42, people = 300): World {
  return generateWorld({ seed, people });
}

/** A person who has records in all four silos, each carrying their email or phone, with orders, tickets and POS sales. */
export function personEverywhere(world: World, skip = 0): Person {
  const count = (records: { personId: number }[], id: number) => records.filter((r) => r.personId === id).length;
  const candidates = world.people.filter((p) => {
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
  const person = candidates[skip];
  if (!person) throw new Error('the test world has no such person');
  return person;
}

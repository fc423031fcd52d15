/**
 * Prints the shape of a generated sandbox world, so the generator's knobs can be checked against
 * what identity resolution has to cope with. Usage: `npx tsx bench/world-stats.ts [seed] [people]`.
 */
import { generateWorld, type World, type WorldContact } from '../connectors/sandbox-kit/index.js';

const SILOS = ['hubspot', 'shopify', 'zendesk', 'square'] as const;
type Silo = (typeof SILOS)[number];

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const count = <T>(items: readonly T[], key: (item: T) => string) => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};
const mix = (counts: Record<string, number>, total: number) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n} (${pct(n, total)})`)
    .join(', ');

function recordsOf(world: World): Record<Silo, WorldContact[]> {
  return { hubspot: world.hubspot.contacts, shopify: world.shopify.customers, zendesk: world.zendesk.users, square: world.square.customers };
}

/** The statistics of one world, as printable lines. */
function worldStats(world: World): string[] {
  const records = recordsOf(world);
  const people = world.people.length;
  const lines = [`seed ${world.seed}, people ${people}`, '', 'records per silo:'];
  for (const silo of SILOS) lines.push(`  ${silo.padEnd(8)} ${records[silo].length}`);

  const silosOf = new Map<number, Set<Silo>>();
  for (const silo of SILOS) {
    for (const r of records[silo]) silosOf.set(r.personId, (silosOf.get(r.personId) ?? new Set<Silo>()).add(silo));
  }
  const spread = count([...silosOf.values()], (s) => String(s.size));
  lines.push('', 'people present in n silos:');
  for (const n of ['1', '2', '3', '4']) lines.push(`  ${n}: ${spread[n] ?? 0} (${pct(spread[n] ?? 0, people)})`);

  lines.push('', 'in-silo duplicates (people with more than one record / extra records):');
  for (const silo of SILOS) {
    const perPerson = Object.values(count(records[silo], (r) => String(r.personId)));
    const dupPeople = perPerson.filter((n) => n > 1).length;
    lines.push(`  ${silo.padEnd(8)} ${dupPeople} / ${perPerson.reduce((s, n) => s + n - 1, 0)}`);
  }

  lines.push('', 'cross-reference coverage (records with an xref):');
  for (const silo of ['hubspot', 'zendesk', 'square'] as const) {
    const withXref = records[silo].filter((r) => r.xref !== null).length;
    const target = silo === 'hubspot' ? 'Shopify id' : 'HubSpot id';
    lines.push(`  ${silo.padEnd(8)} ${withXref} / ${records[silo].length} (${pct(withXref, records[silo].length)}) → ${target}`);
  }

  const households = world.people.filter((p) => p.householdOf !== null).length;
  const phoneOnly = records.square.filter((r) => r.email === null && r.firstName === null && r.lastName === null).length;
  lines.push('', `households (people who share a home, and in places an email, with another): ${households}`);
  lines.push(`phone-only POS profiles: ${phoneOnly} / ${records.square.length} (${pct(phoneOnly, records.square.length)})`);

  const { orders } = world.shopify;
  const posOrders = world.square.orders;
  lines.push('', `online orders: ${orders.length}`, `  currencies: ${mix(count(orders, (o) => o.currency), orders.length)}`);
  lines.push(`tickets: ${world.zendesk.tickets.length}`);
  lines.push(`POS orders: ${posOrders.length} (payments ${world.square.payments.length})`, `  currencies: ${mix(count(posOrders, (o) => o.currency), posOrders.length)}`);
  return lines;
}

const [seedArg = '42', peopleArg = '2000'] = process.argv.slice(2);
const seed = Number(seedArg);
const people = Number(peopleArg);
if (!Number.isInteger(seed) || !Number.isInteger(people) || people < 1) {
  console.error(`usage: npx tsx bench/world-stats.ts [seed] [people] (integers; got ${seedArg} ${peopleArg})`);
  process.exit(2);
}
console.log(worldStats(generateWorld({ seed, people })).join('\n'));

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectorConfigs, createSilos } from '../connectors/index.js';
import { generateWorld } from '../connectors/sandbox-kit/index.js';
import type { LookupKey, Silos, Source, System } from '../src/model/index.js';
import { loadSettings } from '../src/settings.js';
import { NO_VENDOR_LIMITS } from '../bench/stack.js';

// `npx tsx scripts/sandbox-cpu.ts [people=2000] [rounds=3] [latencyMs=0]`: the sandbox process's CPU per upstream
// call, per vendor, over the calls the gateway's agent and BI views make (searches by email, phone and name, record
// reads, ticket, order and POS lists, one page of every silo's listing). The sandboxes run in their own process
// (`connectors/sandbox-main.ts`, as in the bench), so the figure is the sandboxes' CPU alone, from /proc.
// VENDORS=square,zendesk picks vendors; PROFILE=<dir> writes the sandboxes' CPU profile there.

const [people = 2000, rounds = 3, latencyMs = 0] = process.argv.slice(2).map(Number);
const SAMPLE = 150;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const sysMs = { total: 0 };
function times(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];
}
function cpuMs(pid: number): number {
  const [user, sys] = times(pid);
  sysMs.total = sys;
  return user + sys;
}

const child = spawn(process.execPath, [...(process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE}`] : []), '--import', 'tsx', 'connectors/sandbox-main.ts'], {
  cwd: ROOT,
  env: { PATH: process.env.PATH, HOME: process.env.HOME, SANDBOX_SEED: '42', SANDBOX_PEOPLE: String(people), SANDBOX_LATENCY_MS: String(latencyMs) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const urls = new Map<System, string>();
await new Promise<void>((resolve) => {
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^sandbox (\w+): (\S+)$/.exec(line);
    if (match) urls.set(match[1] as System, match[2] as string);
    if (urls.size === 4) resolve();
  });
});
const pid = child.pid!;

const settings = loadSettings(NO_VENDOR_LIMITS);
const silos: Silos = createSilos(connectorConfigs(settings, urls));
const world = generateWorld({ seed: 42, people });
const sample = <T>(list: T[]) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / SAMPLE)) === 0).slice(0, SAMPLE);

async function total(system: System): Promise<number> {
  const res = await fetch(`${urls.get(system)}/__sandbox/stats`);
  return ((await res.json()) as { total: number }).total;
}

async function contactCalls(source: Source, ids: string[]): Promise<void> {
  const connector = silos.contacts[source];
  for (const person of sample(world.people)) {
    const keys: LookupKey[] = [
      { kind: 'email', value: person.email },
      { kind: 'phone', value: person.phone },
      { kind: 'name', value: `${person.firstName} ${person.lastName}` },
    ];
    for (const key of keys.filter((k) => connector.supports(k))) await connector.findContacts([key]);
  }
  for (const id of ids) await connector.getContacts([id]);
  let after: string | null = null;
  for (let page = 0; page < 5; page++) after = (await connector.listContacts({ first: 100, after })).next;
}

const scenarios: Record<System, () => Promise<void>> = {
  hubspot: () => contactCalls('CRM', sample(world.hubspot.contacts).map((c) => c.id)),
  shopify: async () => {
    const customers = sample(world.shopify.customers);
    await contactCalls('ECOMMERCE', customers.map((c) => c.id));
    for (const c of customers) await silos.orders.ordersFor([c.id], { first: 5 });
    for (const o of sample(world.shopify.orders).slice(0, 50)) await silos.orders.getOrder(o.id);
    // The BI page's batches: many customers' orders in one call.
    for (let i = 0; i < customers.length; i += 50) await silos.orders.ordersFor(customers.slice(i, i + 50).map((c) => c.id), { first: 10 });
  },
  zendesk: async () => {
    const users = sample(world.zendesk.users);
    await contactCalls('SUPPORT', users.map((u) => u.id));
    for (const t of sample(world.zendesk.tickets)) await silos.tickets.getTicket(t.id);
    for (const u of users) await silos.tickets.ticketsFor([u.id], { first: 10 });
    for (let i = 0; i < users.length; i += 30) await silos.tickets.ticketsFor(users.slice(i, i + 30).map((u) => u.id), { first: 10 });
  },
  square: async () => {
    const customers = sample(world.square.customers);
    await contactCalls('POS', customers.map((c) => c.id));
    for (const c of customers) await silos.pos.transactionsFor([c.id], { first: 10 });
    for (let i = 0; i < customers.length; i += 10) await silos.pos.transactionsFor(customers.slice(i, i + 10).map((c) => c.id), { first: 10 });
  },
};

const results: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const system of (process.env.VENDORS?.split(',') ?? ['hubspot', 'shopify', 'zendesk', 'square']) as System[]) {
    const [calls0, cpu0] = [await total(system), cpuMs(pid)];
    const sys0 = sysMs.total;
    await scenarios[system]();
    const calls = (await total(system)) - calls0;
    const cpu = cpuMs(pid) - cpu0;
    (results[`${system} (system time)`] ??= []).push(Math.round(((sysMs.total - sys0) / calls) * 1000));
    (results[system] ??= []).push(Math.round((cpu / calls) * 1000));
    if (round === 0) console.log(`${system}: ${calls} calls`);
  }
}
for (const [system, figures] of Object.entries(results)) {
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(`${system.padEnd(8)} CPU µs/call: median ${sorted[Math.floor(sorted.length / 2)]}  (rounds ${figures.join(', ')})`);
}
child.kill('SIGINT');

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { issueToken, type Role } from '../src/auth/index.js';
import { generateWorld, type World } from '../connectors/sandbox-kit/index.js';
import type { ScenarioId } from './options.js';

/** Variables for each request of a scenario, used in rotation. */
export type VariableSets = ReadonlyMap<ScenarioId, readonly Record<string, unknown>[]>;

const SAMPLE = 400;

/** Every `n`-th item so the sample spreads over the whole list, deterministically. */
function spread<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
}

/** The world the sandboxes serve: the generator is deterministic, so the same seed and size give the same ids. */
export function benchWorld(seed: number, people: number): World {
  return generateWorld({ seed, people });
}

/** The measured world's identity: its size, its seed and a hash of all of it, and whether it is the pinned one. */
export interface WorldFingerprint {
  seed: number;
  people: number;
  sha256: string;
  /** The hash `bench/pinned-world.json` holds for this seed and size; null when it pins another world. */
  pinned: string | null;
  /** Whether the world is the pinned one; null when no world of this seed and size is pinned. */
  matchesPinned: boolean | null;
}

/** Hashes the world (the sandboxes generate the same one from the same code) and compares it with the pinned hash. */
export function worldFingerprint(world: World, people: number): WorldFingerprint {
  const sha256 = createHash('sha256').update(JSON.stringify(world)).digest('hex');
  const pin = JSON.parse(readFileSync(new URL('./pinned-world.json', import.meta.url), 'utf8')) as { seed: number; people: number; sha256: string };
  const pinned = pin.seed === world.seed && pin.people === people ? pin.sha256 : null;
  return { seed: world.seed, people, sha256, pinned, matchesPinned: pinned === null ? null : pinned === sha256 };
}

/** Ticket ids of every status, spread over the whole desk: the agent opens whichever ticket comes in. */
export function agentVariables(world: World): Record<string, unknown>[] {
  return spread(world.zendesk.tickets, SAMPLE).map((t) => ({ ticketId: t.id }));
}

/**
 * Real addresses as people type them into a search box: as stored, upper case, capitalised, and with
 * stray spaces or a tab around them. Each address is one a silo holds (normalised), so every search should
 * find its customer; the gateway must normalise all the variants to the same one.
 */
export function searchVariables(world: World): Record<string, unknown>[] {
  const variants = [
    (e: string) => e,
    (e: string) => e.toUpperCase(),
    (e: string) => e.charAt(0).toUpperCase() + e.slice(1),
    (e: string) => `  ${e} `,
    (e: string) => `\t${e.toUpperCase()}`,
  ];
  const records = [...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers];
  const stored = [...new Set(records.flatMap((r) => (r.email ? [r.email.trim().toLowerCase()] : [])))].sort();
  return spread(stored, SAMPLE).map((email, i) => ({ email: (variants[i % variants.length] as (e: string) => string)(email) }));
}

/** A page of the BI crawl as the bench reads it. */
interface CrawlPage {
  data?: { customers?: { pageInfo?: { hasNextPage: boolean; endCursor: string | null } } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Where a crawl got to: the `after` of every page reached, the pages read, and why it stopped early. */
export interface Crawl {
  afters: (string | null)[];
  bodies: unknown[];
  stoppedBy: string | null;
}

/**
 * Crawls `customers` for `pages` positions (null for the first page) so the BI scenario can rotate through
 * real positions of a crawl. The gateway's cursors are signed with a key derived from GATEWAY_SECRET, which
 * the bench fixes, so they stay valid in every gateway it starts. A page with errors ends the crawl.
 */
export async function crawlCursors(post: (variables: Record<string, unknown>) => Promise<unknown>, pages: number): Promise<Crawl> {
  const crawl: Crawl = { afters: [null], bodies: [], stoppedBy: null };
  while (crawl.afters.length < pages) {
    const page = (await post({ after: crawl.afters.at(-1) ?? null })) as CrawlPage;
    const info = page.data?.customers?.pageInfo;
    if (page.errors?.length || !info) {
      crawl.stoppedBy = page.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') ?? 'no page';
      break;
    }
    crawl.bodies.push(page);
    if (!info.hasNextPage || !info.endCursor) break;
    crawl.afters.push(info.endCursor);
  }
  return crawl;
}

/** Pre-signs `count` tokens for a role, each with its own `sub`, so no request shares a caller with another. */
export async function tokenPool(secret: string, role: Role, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) tokens.push(await issueToken(secret, { sub: `bench-${role}-${i}`, roles: [role] }, { expiresIn: '2h' }));
  return tokens;
}

/** Variables per scenario from the world; BI's cursors come later, from a crawl through the gateway. */
export function worldVariables(world: World): Map<ScenarioId, Record<string, unknown>[]> {
  return new Map<ScenarioId, Record<string, unknown>[]>([
    ['agent', agentVariables(world)],
    ['insights', agentVariables(world)],
    ['search', searchVariables(world)],
  ]);
}

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS, WorldFileError } from '../../connectors/index.js';
import { startStack } from '../../src/app.js';
import { startTestStack, type GqlResponse, type TestStack } from '../support/stack.js';

// A world file as a user brings one: exported by `npm run sandbox -- --export-world`, or written by hand, served by
// the gateway's embedded sandboxes through SANDBOX_WORLD_FILE.

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SMALL_WORLD = new URL('../connectors/fixtures/small-world.json', import.meta.url).pathname;
const WORLD = { SANDBOX_SEED: '11', SANDBOX_PEOPLE: '250' };

const PAGE = `query Crawl($after: String) {
  customers(first: 50, after: $after) {
    edges { node {
      id displayName emails phones
      orders(first: 1) { totalCount } tickets(first: 1) { totalCount } posTransactions(first: 1) { totalCount }
      sourceRecords { system recordId }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface CrawlPage {
  customers: { edges: { node: Crawled }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

interface Crawled {
  id: string;
  displayName: string | null;
  emails: string[] | null;
  phones: string[] | null;
  orders: { totalCount: number | null } | null;
  tickets: { totalCount: number | null } | null;
  posTransactions: { totalCount: number | null } | null;
  sourceRecords: { system: string; recordId: string }[];
}

/** Every customer of a stack, page by page, as `customers` answers them. */
async function crawl(stack: TestStack): Promise<Crawled[]> {
  const out: Crawled[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const res: GqlResponse<CrawlPage> = await stack.query<CrawlPage>(PAGE, { after });
    expect(res.errors).toBeUndefined();
    const connection = res.data?.customers;
    if (!connection) throw new Error('no customers page');
    out.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return out;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('the crawl did not end');
}

const truthOf = async (stack: TestStack) => Object.fromEntries(await Promise.all(SYSTEMS.map(async (system) => [system, await stack.truth(system)] as const)));

describe('a world exported by `npm run sandbox -- --export-world` and served by SANDBOX_WORLD_FILE', () => {
  let file: string;
  let generated: TestStack;
  let loaded: TestStack;
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'c360-world-')), 'world.json');
    const { stdout } = await run(TSX, ['connectors/sandbox-main.ts', '--export-world', file], { cwd: ROOT, env: { PATH: process.env.PATH, ...WORLD } });
    expect(stdout).toContain('world written: 250 people, seed 11');
    generated = await startTestStack({ ...WORLD, REQUEST_DEADLINE_MS: '30000' });
    loaded = await startTestStack({ SANDBOX_WORLD_FILE: file, REQUEST_DEADLINE_MS: '30000' });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([generated?.close(), loaded?.close()]);
  });

  it('serves the same truth in every sandbox', async () => {
    expect(await truthOf(loaded)).toEqual(await truthOf(generated));
  });

  it('gives the same customers over HTTP as the generated world: ids, records, names, keys and facets', async () => {
    const [fromGenerator, fromFile] = await Promise.all([crawl(generated), crawl(loaded)]);
    expect(fromGenerator.length).toBeGreaterThan(200);
    expect(fromFile).toEqual(fromGenerator);
  }, 120_000);
});

describe('a hand-written world file served by SANDBOX_WORLD_FILE', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ SANDBOX_WORLD_FILE: SMALL_WORLD });
  }, 60_000);
  afterAll(() => stack?.close());

  it('serves its records under its ids, with its truth', async () => {
    expect(await stack.truth('hubspot')).toEqual({ 1: ['101'], 3: ['102'] });
    expect(await stack.truth('shopify')).toEqual({ 1: ['gid://shopify/Customer/7208455000001'], 2: ['gid://shopify/Customer/7208455000002'] });
    expect(await stack.truth('zendesk')).toEqual({ 2: ['9873843001'] });
    expect(await stack.truth('square')).toEqual({ 1: ['SQCUSTOMERADA000000000001'] });
  });

  it('resolves its three people into three customers with their orders, tickets and sales', async () => {
    const customers = await crawl(stack);
    const records = customers.map((c) => c.sourceRecords.map((r) => `${r.system}:${r.recordId}`).sort()).sort();
    expect(records).toEqual([
      ['hubspot:101', 'shopify:gid://shopify/Customer/7208455000001', 'square:SQCUSTOMERADA000000000001'],
      ['hubspot:102'],
      ['shopify:gid://shopify/Customer/7208455000002', 'zendesk:9873843001'],
    ].sort());
    const ada = customers.find((c) => c.sourceRecords.some((r) => r.recordId === '101'));
    expect(ada).toMatchObject({ orders: { totalCount: 1 }, posTransactions: { totalCount: 1 }, tickets: { totalCount: 0 } });
    const grace = customers.find((c) => c.sourceRecords.some((r) => r.recordId === '9873843001'));
    expect(grace).toMatchObject({ tickets: { totalCount: 1 }, orders: { totalCount: 0 } });
  });

  it('finds a customer by an email the file holds', async () => {
    const res = await stack.query<{ findCustomers: { sourceRecords: { recordId: string }[] }[] }>(
      'query($email: String) { findCustomers(email: $email) { sourceRecords { recordId } } }',
      { email: 'Ada.Byron@example.com' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.findCustomers.map((c) => c.sourceRecords.map((r) => r.recordId).sort())).toEqual([
      ['101', 'SQCUSTOMERADA000000000001', 'gid://shopify/Customer/7208455000001'].sort(),
    ]);
  });
});

describe("the README's example world file: one person in one silo, the other silos empty", () => {
  let stack: TestStack;
  beforeAll(async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### World files')))?.[1] ?? '';
    const file = join(mkdtempSync(join(tmpdir(), 'c360-world-')), 'readme.json');
    writeFileSync(file, example);
    stack = await startTestStack({ SANDBOX_WORLD_FILE: file });
  }, 60_000);
  afterAll(() => stack?.close());

  it('serves that one customer, and empty silos answer empty', async () => {
    const customers = await crawl(stack);
    expect(customers.map((c) => c.sourceRecords)).toEqual([[{ system: 'hubspot', recordId: '101' }]]);
    expect(customers[0]).toMatchObject({ displayName: 'Ada Byron', orders: { totalCount: 0 }, tickets: { totalCount: 0 }, posTransactions: { totalCount: 0 } });
    expect(await stack.truth('square')).toEqual({});
  });
});

describe('a faulty SANDBOX_WORLD_FILE', () => {
  const faulty = () => {
    const path = join(mkdtempSync(join(tmpdir(), 'c360-world-')), 'faulty.json');
    writeFileSync(path, JSON.stringify({ people: [], hubspot: { contacts: [] }, shopify: { customers: [], orders: [] }, zendesk: { users: [{}], tickets: [] }, square: { customers: [], orders: [], payments: [], locations: [] } }));
    return path;
  };

  it('stops the gateway\'s start-up with one WorldFileError', async () => {
    const error = await startStack({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-')), SANDBOX_WORLD_FILE: faulty() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorldFileError);
    expect((error as WorldFileError).issues.map((issue) => issue.path)).toContain('zendesk.users[0].personId');
  });

  it('stops `npm run sandbox` with the same error, exit code 1', async () => {
    const failed = await run(TSX, ['connectors/sandbox-main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, SANDBOX_WORLD_FILE: faulty() } }).catch((caught: { code: number; stderr: string }) => caught);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/^sandboxes failed to start: invalid settings: SANDBOX_WORLD_FILE: the world file has \d+ problems: zendesk\.users\[0\]\.id: missing/);
  }, 30_000);
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadWorldFile, parseWorldFile, sandboxWorld, WorldFileError, writeWorldFile } from '../../connectors/index.js';
import { generateWorld, shopifyRefundsOf, type World } from '../../connectors/sandbox-kit/index.js';
import { SettingsError } from '../../src/config/index.js';
import { emailDefectOf } from '../../src/model/index.js';
import { loadSettings } from '../../src/settings.js';

const FIXTURE = new URL('./fixtures/small-world.json', import.meta.url);
const small = (): World => JSON.parse(readFileSync(FIXTURE, 'utf8')) as World;

/** The WorldFileError a text is refused with. */
function refusal(text: string): WorldFileError {
  try {
    parseWorldFile(text);
  } catch (error) {
    if (error instanceof WorldFileError) return error;
    throw error;
  }
  throw new Error('the world file was accepted');
}
const pathsOf = (error: WorldFileError) => error.issues.map((issue) => issue.path);

describe('world files (SANDBOX_WORLD_FILE)', () => {
  it('reads back a generated world it wrote as the same world', () => {
    const world = generateWorld({ seed: 5, people: 300 });
    // Its seeded data-quality defects are values like any other: an email as a silo stores it may be no address.
    const stored = [...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers];
    expect(stored.some((r) => r.email !== null && emailDefectOf(r.email) === 'SYNTAX')).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'world-')), 'world.json');
    writeWorldFile(file, world);
    expect(isDeepStrictEqual(loadWorldFile(file), world)).toBe(true);
    expect(isDeepStrictEqual(sandboxWorld({ seed: 0, people: 1, worldFile: file }), world)).toBe(true);
    // Shopify refunds with their times travel too.
    expect(loadWorldFile(file).shopify.orders.filter((o) => o.refunds !== undefined).length).toBeGreaterThan(0);
  });

  it('reads a Shopify order\'s refunds, optional: left out, a refunded status is refunded once, at the order\'s updatedAt', () => {
    const world = small();
    const [order] = world.shopify.orders;
    Object.assign(order!, { financialStatus: 'REFUNDED' });
    const without = parseWorldFile(JSON.stringify(world)).shopify.orders[0]!;
    expect(without.refunds).toBeUndefined();
    expect(shopifyRefundsOf(without)).toEqual([{ createdAt: without.updatedAt, amountMinor: without.totalMinor }]);
    order!.refunds = [{ createdAt: '2024-03-01T10:00:00.000Z', amountMinor: 500 }, { createdAt: '2024-03-09T10:00:00.000Z', amountMinor: 700 }];
    expect(shopifyRefundsOf(parseWorldFile(JSON.stringify(world)).shopify.orders[0]!)).toEqual(order!.refunds);
    (order!.refunds[1] as unknown as Record<string, unknown>).amountMinor = -1;
    delete (order!.refunds[0] as unknown as Record<string, unknown>).createdAt;
    expect(pathsOf(refusal(JSON.stringify(world)))).toEqual(['shopify.orders[0].refunds[0].createdAt', 'shopify.orders[0].refunds[1].amountMinor']);
  });

  it('reads a hand-written world, its seed optional', () => {
    const world = loadWorldFile(FIXTURE.pathname);
    expect(world.seed).toBe(0);
    expect(world.people.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(world.square.orders[0]?.lines[0]?.weightUnit).toBe('METRIC_KILOGRAM');
    // Written before NPS answers: it loads with none.
    expect(world.hubspot.feedbackSubmissions).toEqual([]);
    // And before property histories: it loads with none (each property then has its current value alone).
    expect(world.hubspot.propertyHistory).toEqual([]);
  });

  it('refuses a malformed file with one error naming every bad JSON path and the fix, and none of its values', () => {
    const world = small();
    const contact = world.hubspot.contacts[1] as unknown as Record<string, unknown>;
    (world.people[1] as unknown as Record<string, unknown>).email = 'alan.turing-at-example.org';
    delete contact.createdAt;
    contact.favouriteColour = 'teal';
    (world.shopify.customers[0] as unknown as Record<string, unknown>).id = 'shopify-customer-ada';
    (world.people[2] as unknown as Record<string, unknown>).emailConsent = 'YES';
    (world.shopify.orders[0]?.lines[0] as unknown as Record<string, unknown>).unitMinor = 45.5;
    (world.square as unknown as Record<string, unknown>).payments = 'none';
    const error = refusal(JSON.stringify(world));
    expect(pathsOf(error).sort()).toEqual([
      'hubspot.contacts[1]',
      'hubspot.contacts[1].createdAt',
      'people[1].email',
      'people[2].emailConsent',
      'shopify.customers[0].id',
      // The order's customer went with the customer's id: references are checked in the same pass.
      'shopify.orders[0].customerId',
      'shopify.orders[0].lines[0].unitMinor',
      'square.payments',
    ]);
    expect(error.code).toBe('INVALID_SETTINGS');
    expect(error.message).toMatch(/^invalid settings: SANDBOX_WORLD_FILE: the world file has 8 problems: /);
    expect(error.message).toContain('people[1].email: expected an email address (local@domain.tld)');
    expect(error.message).toContain('hubspot.contacts[1].createdAt: missing: add');
    expect(error.message).toContain('hubspot.contacts[1]: unknown field favouriteColour: remove it');
    expect(error.message).toContain('shopify.customers[0].id: expected a Shopify customer gid such as gid://shopify/Customer/');
    expect(error.message).toContain('people[2].emailConsent: expected GRANTED, DENIED or UNKNOWN');
    expect(error.message).toContain('square.payments: expected a list');
    for (const value of ['alan.turing-at-example.org', 'shopify-customer-ada', 'YES', '45.5', 'teal', 'none']) expect(error.message).not.toContain(value);
  });

  it('refuses bad JSON by line and column, quoting none of the text', () => {
    const text = '{\n "people": [\n  { "id": 1, "firstName": "Ada" "lastName": "Byron" }\n ]\n}';
    const error = refusal(text);
    expect(pathsOf(error)).toEqual(['line 3 column 33']);
    expect(error.message).toContain('not valid JSON');
    expect(error.message).not.toContain('Ada');
    expect(pathsOf(refusal('{"people": [1, 2'))).toEqual(['line 1 column 17']);
    expect(pathsOf(refusal('{"people": []} trailing'))).toEqual(['line 1 column 16']);
    expect(pathsOf(refusal('{"people": [tru]}'))).toEqual(['line 1 column 13']);
  });

  it('refuses a file that cannot be read, with the fix, not the path', () => {
    const missing = join(tmpdir(), 'no-such-dir-c360', 'private-name.json');
    let error: unknown;
    try {
      loadWorldFile(missing);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorldFileError);
    expect((error as WorldFileError).message).toContain('cannot be read (ENOENT): set SANDBOX_WORLD_FILE to the path of a readable JSON file');
    expect((error as WorldFileError).message).not.toContain('private-name');
  });

  it('refuses references to records that are not there, naming each referring field', () => {
    const world = small();
    world.shopify.orders[0]!.customerId = 'gid://shopify/Customer/7208455999999';
    world.zendesk.tickets[0]!.requesterId = '9873843999';
    world.hubspot.contacts[1]!.personId = 4;
    world.people[1]!.householdOf = 9;
    world.square.payments[0]!.orderId = 'SQORDERNOSUCH';
    world.square.orders[0]!.locationId = 'LNOSUCH';
    world.hubspot.feedbackSubmissions = [{ id: '9100000001', contactId: '999', score: 9, submittedAt: '2024-05-01T09:30:00.000Z', surveyId: '7', surveyName: 'Loyalty', channel: 'EMAIL' }];
    world.hubspot.propertyHistory = [{ contactId: '999', property: 'lifecyclestage', value: 'lead', timestamp: '2024-05-01T09:30:00.000Z', sourceType: 'FORM' }];
    const error = refusal(JSON.stringify(world));
    expect(error.issues).toEqual([
      { path: 'people[1].householdOf', message: 'names no person: use the id of an entry in people, or null' },
      { path: 'hubspot.contacts[1].personId', message: 'names no person: add the person to people, or use the id of one there' },
      { path: 'hubspot.feedbackSubmissions[0].contactId', message: 'names no HubSpot contact: use the id of an entry in hubspot.contacts' },
      { path: 'hubspot.propertyHistory[0].contactId', message: 'names no HubSpot contact: use the id of an entry in hubspot.contacts' },
      { path: 'shopify.orders[0].customerId', message: 'names no Shopify customer: use the id of an entry in shopify.customers' },
      { path: 'zendesk.tickets[0].requesterId', message: 'names no Zendesk user: use the id of an entry in zendesk.users' },
      { path: 'square.orders[0].locationId', message: 'names no Square location: use the id of an entry in square.locations' },
      { path: 'square.payments[0].orderId', message: 'names no Square order: use the id of an entry in square.orders' },
    ]);
  });

  it('refuses duplicate ids in a list, naming the later one and the first', () => {
    const world = small();
    world.people[2]!.id = 1;
    world.hubspot.contacts[1]!.id = '101';
    const error = refusal(JSON.stringify(world));
    expect(error.issues).toEqual(expect.arrayContaining([
      { path: 'people[2].id', message: 'duplicate id: people[0] has the same one; give each its own id' },
      { path: 'hubspot.contacts[1].id', message: 'duplicate id: hubspot.contacts[0] has the same one; give each its own id' },
    ]));
  });

  it('documents a world the schema accepts: the README example loads', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### World files'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const world = parseWorldFile(example ?? '');
    expect(world.hubspot.contacts[0]?.personId).toBe(1);
  });


  it('is a setting of the sandboxes slice: a path, read when the sandboxes start; blank is refused by name', () => {
    expect(loadSettings({ SANDBOX_WORLD_FILE: 'worlds/mine.json' }).sandboxes.worldFile).toBe('worlds/mine.json');
    expect(loadSettings({}).sandboxes).not.toHaveProperty('worldFile');
    let error: unknown;
    try {
      loadSettings({ SANDBOX_WORLD_FILE: '   ' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).issues.map((issue) => issue.setting)).toEqual(['SANDBOX_WORLD_FILE']);
  });
});

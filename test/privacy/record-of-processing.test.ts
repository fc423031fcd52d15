import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSchema, isObjectType, type GraphQLSchema } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CATEGORIES, FIELD_CATEGORIES, FIELD_SOURCES, type Category } from '../../schema/access-policy.js';
import { fieldEntry } from '../../src/access/index.js';
import { ROLES } from '../../src/auth/index.js';
import { SOURCES, type Source } from '../../src/model/index.js';
import { buildRecordOfProcessing, renderRecordOfProcessing, type RecordCacheLifetimes } from '../../src/privacy/record-of-processing.js';
import type { ProcessedField, RecordOfProcessing } from '../../src/resolvers/generated/types.js';
import { loadTypeDefs } from '../../src/server/schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const schemaWith = (...extra: string[]) => buildSchema([...loadTypeDefs(), ...extra].join('\n'));
const schema = schemaWith();
const cache: RecordCacheLifetimes = { ttlSeconds: { CRM: 30, ECOMMERCE: 60, SUPPORT: 10, POS: 0 }, staleSeconds: 300 };
const NOW = new Date('2025-03-01T12:00:00Z');

function fieldOf(record: RecordOfProcessing, name: string): ProcessedField {
  const found = record.fields.find((f) => f.field === name);
  if (!found) throw new Error(`${name} is not in the record`);
  return found;
}

const rulesOf = (f: { access: readonly { role: string; rule: string }[] }) => Object.fromEntries(f.access.map((a) => [a.role, a.rule]));

function schemaFields(s: GraphQLSchema): [type: string, field: string][] {
  return Object.values(s.getTypeMap())
    .filter(isObjectType)
    .filter((t) => !t.name.startsWith('__'))
    .flatMap((t) => Object.keys(t.getFields()).map((f): [string, string] => [t.name, f]));
}

describe('record of processing from the real schema and policy', () => {
  const record = buildRecordOfProcessing(schema, cache, NOW);

  it('lists every field of the schema once, sorted, stamped with the given time', () => {
    const names = record.fields.map((f) => f.field);
    expect(names).toEqual(schemaFields(schema).map(([t, f]) => `${t}.${f}`).sort());
    expect(new Set(names).size).toBe(names.length);
    expect(record.generatedAt).toBe('2025-03-01T12:00:00.000Z');
  });

  it('gives every personal field its category, the silos the policy names and each role\'s rule in ROLES order', () => {
    const personal = schemaFields(schema).filter(([t, f]) => CATEGORIES[fieldEntry(FIELD_CATEGORIES, t, f) as Category].personal);
    expect(personal.length).toBeGreaterThan(30);
    for (const [type, name] of personal) {
      const category = fieldEntry(FIELD_CATEGORIES, type, name) as Category;
      const sources = fieldEntry(FIELD_SOURCES, type, name) ?? [];
      const got = fieldOf(record, `${type}.${name}`);
      expect(got.category, got.field).toBe(category);
      expect(got.personal).toBe(true);
      expect(got.sources.length, `${got.field} has sources`).toBeGreaterThan(0);
      expect(new Set(got.sources), got.field).toEqual(new Set(sources));
      expect(got.access).toEqual(ROLES.map((role) => ({ role, rule: CATEGORIES[category].rules[role] })));
    }
  });

  it('pins what the policy says about emails, ticket text, consent, line items and the customer id', () => {
    const emails = fieldOf(record, 'Customer.emails');
    expect(emails).toMatchObject({ category: 'EMAIL', personal: true, sources: ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'] });
    expect(rulesOf(emails)).toMatchObject({ support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow' });

    const description = fieldOf(record, 'Ticket.description');
    expect(description).toMatchObject({ category: 'TICKET_CONTENT', personal: true, sources: ['SUPPORT'] });
    expect(rulesOf(description)).toMatchObject({ support: 'allow', marketing: 'deny', analyst: 'deny' });

    expect(fieldOf(record, 'Customer.consent').sources).toEqual(['CRM', 'ECOMMERCE', 'POS']);
    expect(fieldOf(record, 'ConsentStatement.state').sources).toEqual(['CRM', 'ECOMMERCE', 'POS']);
    expect(fieldOf(record, 'LineItem.sku').sources).toEqual(['ECOMMERCE', 'POS']);
    expect(fieldOf(record, 'CrmProfile.recordId')).toMatchObject({ category: 'VENDOR_ID', personal: false, sources: ['CRM'] });
    expect(fieldOf(record, 'Customer.sourceRecords')).toMatchObject({ category: 'LINKAGE', sources: ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'] });
    expect(fieldOf(record, 'Customer.id')).toMatchObject({ category: 'STRUCTURE', personal: false, sources: [], cachedForSeconds: 0 });
    expect(fieldOf(record, 'Mutation.requestErasure')).toMatchObject({ category: 'PRIVACY_OPERATIONS', sources: [], cachedForSeconds: 0 });
  });

  it('lists data-quality findings as personal data read from every silo, and the report as admins\' aggregates', () => {
    const findings = fieldOf(record, 'Customer.dataQuality');
    expect(findings).toMatchObject({ category: 'DATA_QUALITY', personal: true, sources: ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'] });
    expect(rulesOf(findings)).toEqual({ support: 'allow', marketing: 'deny', analyst: 'allow', privacy: 'allow', admin: 'allow' });
    expect(fieldOf(record, 'DataQualityFinding.detail')).toMatchObject({ category: 'DATA_QUALITY', personal: true });
    const report = fieldOf(record, 'Query.dataQualityReport');
    expect(report).toMatchObject({ category: 'DATA_QUALITY_REPORT', personal: false, sources: [] });
    expect(rulesOf(report)).toEqual({ support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'deny', admin: 'allow' });
    expect(record.categories.map((c) => c.category)).toEqual(expect.arrayContaining(['DATA_QUALITY', 'DATA_QUALITY_REPORT']));
  });

  it('describes every category in use, and only those, with its purpose and rules', () => {
    const used = [...new Set(record.fields.map((f) => f.category))].sort();
    expect(record.categories.map((c) => c.category)).toEqual(used);
    for (const c of record.categories) {
      const policy = CATEGORIES[c.category as Category];
      expect(c).toEqual({
        category: c.category, description: policy.description, personal: policy.personal, purpose: policy.purpose,
        access: ROLES.map((role) => ({ role, rule: policy.rules[role] })),
      });
      expect(c.purpose.length, `${c.category} states a purpose`).toBeGreaterThan(20);
    }
    expect(record.categories.find((c) => c.category === 'EMAIL')?.purpose).toMatch(/identify the customer across silos/);
  });

  it('names only silos and fields that exist in FIELD_SOURCES', () => {
    const fields = new Set(schemaFields(schema).map(([t, f]) => `${t}.${f}`));
    const types = new Set(schemaFields(schema).map(([t]) => t));
    for (const [key, sources] of Object.entries(FIELD_SOURCES)) {
      const [type = '', field = ''] = key.split('.');
      expect(field === '*' ? types.has(type) : fields.has(key), `${key} names a schema field`).toBe(true);
      for (const s of sources) expect(SOURCES).toContain(s);
    }
  });
});

describe('cachedForSeconds follows the cache settings', () => {
  const with_ = (ttlSeconds: Partial<Record<Source, number>>, staleSeconds = cache.staleSeconds) =>
    buildRecordOfProcessing(schema, { ttlSeconds: { ...cache.ttlSeconds, ...ttlSeconds }, staleSeconds }, NOW);

  it('is the longest lifetime plus stale window over the field\'s silos that cache', () => {
    const record = with_({});
    expect(fieldOf(record, 'Customer.emails').cachedForSeconds).toBe(60 + 300);
    expect(fieldOf(record, 'Ticket.description').cachedForSeconds).toBe(10 + 300);
    expect(fieldOf(record, 'CrmProfile.company').cachedForSeconds).toBe(30 + 300);
    expect(fieldOf(record, 'LineItem.title').cachedForSeconds).toBe(60 + 300);
  });

  it('changes with a silo\'s lifetime and the stale window', () => {
    expect(fieldOf(with_({ SUPPORT: 120 }), 'Ticket.description').cachedForSeconds).toBe(120 + 300);
    expect(fieldOf(with_({ SUPPORT: 120 }), 'CrmProfile.company').cachedForSeconds).toBe(30 + 300);
    expect(fieldOf(with_({}, 0), 'Ticket.description').cachedForSeconds).toBe(10);
  });

  it('is 0 for a silo whose lifetime is 0, and for every field when no silo caches', () => {
    expect(fieldOf(with_({}), 'PosTransaction.total').cachedForSeconds).toBe(0);
    expect(fieldOf(with_({ SUPPORT: 0 }), 'Ticket.subject').cachedForSeconds).toBe(0);
    const off = with_({ CRM: 0, ECOMMERCE: 0, SUPPORT: 0, POS: 0 });
    expect(off.fields.filter((f) => f.cachedForSeconds !== 0)).toEqual([]);
  });
});

describe('record of processing changes when the schema does', () => {
  it('refuses a schema with a field that has no category, naming it', () => {
    expect(() => buildRecordOfProcessing(schemaWith('extend type Customer { birthday: String }'), cache, NOW)).toThrow(/no category for Customer\.birthday/);
  });

  it('lists a field added to a type mapped as a whole with that type\'s category and silos', () => {
    const note = fieldOf(buildRecordOfProcessing(schemaWith('extend type Order { note: String }'), cache, NOW), 'Order.note');
    expect(note).toMatchObject({ category: 'PURCHASES', personal: true, sources: ['ECOMMERCE'], cachedForSeconds: 360 });
  });

  describe('with a test copy of the policy', () => {
    afterEach(() => {
      vi.doUnmock('../../schema/access-policy.js');
      vi.resetModules();
    });

    async function buildWithPolicy(categories: Record<string, Category>, sources: Record<string, readonly Source[]>) {
      vi.resetModules();
      vi.doMock('../../schema/access-policy.js', async (importOriginal) => {
        const real = await importOriginal<typeof import('../../schema/access-policy.js')>();
        return { ...real, FIELD_CATEGORIES: { ...real.FIELD_CATEGORIES, ...categories }, FIELD_SOURCES: { ...real.FIELD_SOURCES, ...sources } };
      });
      const { buildRecordOfProcessing: build } = await import('../../src/privacy/record-of-processing.js');
      return () => build(schemaWith('extend type Customer { birthday: String }'), cache, NOW);
    }

    it('refuses a personal field that names no silo, naming it', async () => {
      const build = await buildWithPolicy({ 'Customer.birthday': 'NAME' }, {});
      expect(build).toThrow(/no sources for personal Customer\.birthday/);
    });

    it('lists a newly mapped personal field with its category, silos and rules', async () => {
      const build = await buildWithPolicy({ 'Customer.birthday': 'NAME' }, { 'Customer.birthday': ['CRM'] });
      const birthday = fieldOf(build(), 'Customer.birthday');
      expect(birthday).toMatchObject({ category: 'NAME', personal: true, sources: ['CRM'], cachedForSeconds: 330 });
      expect(rulesOf(birthday)).toMatchObject({ marketing: 'ifConsented', analyst: 'pseudonym' });
    });
  });
});

describe('renderRecordOfProcessing', () => {
  const markdown = renderRecordOfProcessing(buildRecordOfProcessing(schema, cache, NOW));

  it('renders a categories table with purposes and a table of the personal fields', () => {
    expect(markdown).toContain('| Category | Personal | Description | Purpose | support | marketing | analyst | privacy | admin |');
    expect(markdown).toContain(`| EMAIL | yes | email addresses | ${CATEGORIES.EMAIL.purpose} | allow | ifConsented | pseudonym | allow | allow |`);
    expect(markdown).toContain('| Customer.emails | EMAIL | CRM, ECOMMERCE, SUPPORT, POS | 360 | allow | ifConsented | pseudonym | allow | allow |');
    expect(markdown).toContain('| Ticket.description | TICKET_CONTENT | SUPPORT | 310 | allow | deny | deny | allow | allow |');
    expect(markdown).not.toContain('| Customer.id |');
  });
});

describe('npm run record-of-processing', () => {
  it('prints the record as JSON with --json, using the cache settings from the environment', async () => {
    const env = { ...process.env, CACHE_TTL_SECONDS: '45', POS_CACHE_TTL_SECONDS: '0', CACHE_STALE_SECONDS: '15' };
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/record-of-processing.ts', '--json'], { cwd: ROOT, env, timeout: 60_000 });
    const record = JSON.parse(stdout) as RecordOfProcessing;
    expect(fieldOf(record, 'Customer.emails')).toMatchObject({ category: 'EMAIL', sources: ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'], cachedForSeconds: 60 });
    expect(fieldOf(record, 'PosTransaction.total').cachedForSeconds).toBe(0);
  }, 90_000);

  it('writes only the record to --out FILE, with none of the lines npm prints before a script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c360-rop-'));
    const markdown = join(dir, 'record.md');
    const json = join(dir, 'record.json');
    const run = (...args: string[]) => promisify(execFile)('npm', ['run', 'record-of-processing', '--', ...args], { cwd: ROOT, env: process.env, timeout: 60_000 });
    const [printed] = await Promise.all([run('--out', markdown), run('--json', '--out', json)]);
    // What `> file` would have caught: npm's header, then nothing of the record.
    expect(printed.stdout).toMatch(/^\s*> customer-360-gateway@\S+ record-of-processing/);
    expect(printed.stdout).not.toContain('# Record of processing');
    const text = readFileSync(markdown, 'utf8');
    expect(text.startsWith('# Record of processing activities (GDPR Art. 30)\n')).toBe(true);
    expect(text).not.toMatch(/^> /m);
    expect(fieldOf(JSON.parse(readFileSync(json, 'utf8')) as RecordOfProcessing, 'Customer.emails')).toMatchObject({ category: 'EMAIL' });
  }, 90_000);

  it('refuses --out without a file', async () => {
    const failed = await promisify(execFile)('npx', ['tsx', 'scripts/record-of-processing.ts', '--out'], { cwd: ROOT, env: process.env, timeout: 60_000 }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('--out takes the file to write') });
  }, 90_000);
});

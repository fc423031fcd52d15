import { isObjectType, type GraphQLSchema } from 'graphql';
import { CATEGORIES, FIELD_CATEGORIES, FIELD_SOURCES, type Category } from '../../schema/access-policy.js';
import { fieldEntry } from '../access/index.js';
import { ROLES } from '../auth/index.js';
import type { CacheSettings } from '../cache/index.js';
import { SOURCES, type Source } from '../model/index.js';

/** How one role gets a category of data: its rule from the access policy. */
export interface RoleAccess {
  role: string;
  rule: string;
}

/** A category of data in use, with its purpose and each role's rule. */
export interface ProcessingCategory {
  category: string;
  description: string;
  personal: boolean;
  purpose: string;
  access: RoleAccess[];
}

/** One field of the API that carries data: its category, the silos it is read from, each role's rule, the cache's hold. */
export interface ProcessedField {
  field: string;
  category: string;
  personal: boolean;
  sources: Source[];
  access: RoleAccess[];
  cachedForSeconds: number;
}

/** The record of processing activities (GDPR Art. 30), as the schema type of the same name serves it. */
export interface RecordOfProcessing {
  generatedAt: string;
  categories: ProcessingCategory[];
  fields: ProcessedField[];
}

/** The cache settings the record depends on: how long each silo's records may be served. */
export type RecordCacheLifetimes = Pick<CacheSettings, 'ttlSeconds' | 'staleSeconds'>;

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function accessOf(category: Category): RoleAccess[] {
  return ROLES.map((role) => ({ role, rule: CATEGORIES[category].rules[role] }));
}

// A record is served fresh for its silo's lifetime and stale for the window after it; a lifetime of 0 is no caching.
/** The longest the record cache may serve a silo's record: its lifetime plus the stale window, or 0 when not cached. */
export function cacheLifetime(cache: RecordCacheLifetimes, source: Source): number {
  return cache.ttlSeconds[source] > 0 ? cache.ttlSeconds[source] + cache.staleSeconds : 0;
}

function cachedForSeconds(sources: readonly Source[], cache: RecordCacheLifetimes): number {
  return Math.max(0, ...sources.map((s) => cacheLifetime(cache, s)));
}

/**
 * The record of processing activities (GDPR Art. 30) for a schema: every field of every object type with its
 * category, the silos it is read from, each role's rule and how long the record cache may serve it, plus every
 * category in use with its purpose. Fields and categories are sorted by name. Throws, naming them, while a field
 * has no category or a personal field no sources (schema/access-policy.ts).
 */
export function buildRecordOfProcessing(schema: GraphQLSchema, cache: RecordCacheLifetimes, now = new Date()): RecordOfProcessing {
  const fields: ProcessedField[] = [];
  const uncategorised: string[] = [];
  const unsourced: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const name of Object.keys(type.getFields())) {
      const field = `${type.name}.${name}`;
      const category = fieldEntry(FIELD_CATEGORIES, type.name, name);
      if (!category) {
        uncategorised.push(field);
        continue;
      }
      const listed = fieldEntry(FIELD_SOURCES, type.name, name);
      const { personal } = CATEGORIES[category];
      if (personal && !listed?.length) unsourced.push(field);
      const sources = SOURCES.filter((s) => listed?.includes(s));
      fields.push({ field, category, personal, sources, access: accessOf(category), cachedForSeconds: cachedForSeconds(sources, cache) });
    }
  }
  const problems = [
    ...(uncategorised.length > 0 ? [`no category for ${uncategorised.sort(byName).join(', ')} (add them to FIELD_CATEGORIES)`] : []),
    ...(unsourced.length > 0 ? [`no sources for personal ${unsourced.sort(byName).join(', ')} (add them to FIELD_SOURCES)`] : []),
  ];
  if (problems.length > 0) throw new Error(`record of processing: ${problems.join('; ')} in schema/access-policy.ts`);

  const used = [...new Set(fields.map((f) => f.category as Category))].sort(byName);
  const categories: ProcessingCategory[] = used.map((category) => {
    const { description, personal, purpose } = CATEGORIES[category];
    return { category, description, personal, purpose, access: accessOf(category) };
  });
  return { generatedAt: now.toISOString(), categories, fields: fields.sort((a, b) => byName(a.field, b.field)) };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const ruleOf = (access: readonly RoleAccess[], role: string) => access.find((a) => a.role === role)?.rule ?? '';

/** The record as Markdown: the categories with purposes and rules, then every personal field with its sources and caching. */
export function renderRecordOfProcessing(record: RecordOfProcessing): string {
  const personal = record.fields.filter((f) => f.personal);
  const others = record.fields.length - personal.length;
  return [
    '# Record of processing activities (GDPR Art. 30)',
    '',
    `Generated ${record.generatedAt} from the GraphQL schema and schema/access-policy.ts. The gateway keeps no central`,
    'copy: it reads each field live from the silos listed and may serve it from its record cache for at most the',
    'seconds shown.',
    '',
    '## Categories of data',
    '',
    row(['Category', 'Personal', 'Description', 'Purpose', ...ROLES]),
    row(['---', '---', '---', '---', ...ROLES.map(() => '---')]),
    ...record.categories.map((c) => row([c.category, c.personal ? 'yes' : 'no', c.description, c.purpose, ...ROLES.map((r) => ruleOf(c.access, r))])),
    '',
    '## Personal fields',
    '',
    row(['Field', 'Category', 'Sources', 'Cached for (s)', ...ROLES]),
    row(['---', '---', '---', '---:', ...ROLES.map(() => '---')]),
    ...personal.map((f) => row([f.field, f.category, f.sources.join(', '), String(f.cachedForSeconds), ...ROLES.map((r) => ruleOf(f.access, r))])),
    '',
    `${others} further fields carry no personal data (structure, vendor ids, audit, privacy operations); the JSON form lists them.`,
    '',
  ].join('\n');
}

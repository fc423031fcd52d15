import { SOURCES, type LookupKey } from '../../../src/model/index.js';
import type { KeySupport } from './contract-subject.js';

/** One key of every kind, and a cross-reference into every silo: values no vendor example holds. */
export const SAMPLE_KEYS: readonly LookupKey[] = [
  { kind: 'email', value: 'contract.nobody@example.com' },
  { kind: 'phone', value: '+18005550100' },
  { kind: 'name', value: 'Nobody Contract' },
  { kind: 'familyName', value: 'nobody', postalCode: '02139' },
  ...SOURCES.map((source): LookupKey => ({ kind: 'xref', source, value: '51' })),
];

/** The kind a key is supported under: `xref:CRM` for a cross-reference into the CRM. */
export const supportOf = (key: LookupKey): KeySupport => (key.kind === 'xref' ? `xref:${key.source}` : key.kind);

/**
 * Emails holding search syntax: OR in either case, wildcards, quotes, backslashes, parentheses, field names and a
 * colon, spaces and `%`. None is an address, so none may find anyone, however the vendor's search reads it.
 */
export const HOSTILE_EMAILS: readonly string[] = [
  'a@b.com OR email:*',
  'a@b.com or email:*',
  '*',
  '"x" or "y"',
  'x" OR email:* OR "',
  'a\\b@c.com',
  'back\\slash\\',
  '(a@b.com)',
  'x"\\)(',
  '"amelia.earhart@example.com"',
  'amelia\\.earhart@example.com',
  '(amelia.earhart@example.com)',
  '%',
];

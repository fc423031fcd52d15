import type { Source } from './provenance.js';

/**
 * A key to look a person up by in a silo. Emails arrive normalised (`normaliseEmail`), phones in E.164
 * (`normalisePhone`). `xref` finds the records of this silo that point at `recordId` of silo `source`. `name` is
 * free text (a full or partial name) for silos that can search by name. `familyName` finds the records whose family
 * name and postal code both match, compared in the forms `familyNameKey` and `postalCodeKey` give; its `spelling` is
 * the family name as the asking record wrote it (trimmed, lower-cased) when that is not the compared form, for silos
 * that match whole stored values: "ward-roob" finds "Ward-Roob", which the compared form "wardroob" cannot. The
 * spelling is no part of the key's id.
 */
export type LookupKey =
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'familyName'; value: string; postalCode: string; spelling?: string }
  | { kind: 'xref'; source: Source; value: string };

/** The map key a lookup's results are filed under: `email:a@b.com`, `phone:+1…`, `xref:CRM:51`, `familyName:smith|SW1A1AA`. */
export function lookupKeyId(key: LookupKey): string {
  if (key.kind === 'xref') return `xref:${key.source}:${key.value}`;
  if (key.kind === 'familyName') return `familyName:${key.value}|${key.postalCode}`;
  return `${key.kind}:${key.value}`;
}

/** A `supports` predicate from the key kinds a silo can search and the silos whose ids it keeps. */
export function supportedKeys(kinds: readonly LookupKey['kind'][], crossRefSources: readonly Source[] = []): (key: LookupKey) => boolean {
  return (key) => kinds.includes(key.kind) && (key.kind !== 'xref' || crossRefSources.includes(key.source));
}

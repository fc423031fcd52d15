import { expect } from 'vitest';
import type { Source, System } from '../../../src/model/index.js';
import type { Provenanced } from './contract-subject.js';

const UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** The records a read returned, and the wall-clock span it ran in. */
export async function timed<T>(read: () => Promise<T>): Promise<{ result: T; from: number; to: number }> {
  const from = Date.now();
  const result = await read();
  return { result, from, to: Date.now() };
}

/**
 * Asserts the provenance of every record: the silo and vendor it came from, a vendor id, when the vendor last changed
 * it (ISO 8601 UTC, or null where the vendor does not say) and when it was read, within the span of the read.
 */
export function expectProvenance(records: readonly Provenanced[], silo: { source: Source; system: System }, span: { from: number; to: number }) {
  expect(records.length).toBeGreaterThan(0);
  for (const { provenance } of records) {
    expect(Object.keys(provenance).sort()).toEqual(['fetchedAt', 'recordId', 'source', 'system', 'updatedAt']);
    expect([provenance.source, provenance.system]).toEqual([silo.source, silo.system]);
    expect(provenance.recordId).toMatch(/\S/);
    if (provenance.updatedAt !== null) expect(provenance.updatedAt).toMatch(UTC);
    expect(provenance.fetchedAt).toMatch(UTC);
    expect(Date.parse(provenance.fetchedAt)).toBeGreaterThanOrEqual(span.from);
    expect(Date.parse(provenance.fetchedAt)).toBeLessThanOrEqual(span.to);
  }
}

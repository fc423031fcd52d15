import type { ContactRecord, Source } from '../../src/model/index.js';
import { SYSTEM_OF } from '../../src/model/index.js';

/** A contact record for identity tests; everything not given is empty. */
export function contact(source: Source, recordId: string, fields: Partial<ContactRecord> = {}): ContactRecord {
  return {
    provenance: { source, system: SYSTEM_OF[source], recordId, updatedAt: null, fetchedAt: '2026-11-23T00:00:00.000Z' },
    firstName: null,
    lastName: null,
    fullName: null,
    emails: [],
    phones: [],
    postalCode: null,
    countryCode: null,
    crossRefs: [],
    consent: [],
    createdAt: null,
    ...fields,
  };
}

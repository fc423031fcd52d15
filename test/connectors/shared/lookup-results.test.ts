import { describe, expect, it } from 'vitest';
import { createLookupResults } from '../../../connectors/shared/index.js';
import type { LookupKey } from '../../../src/model/index.js';

const keys: LookupKey[] = [
  { kind: 'email', value: 'a@example.com' },
  { kind: 'phone', value: '+14045558211' },
  { kind: 'email', value: 'a@example.com' },
  { kind: 'xref', source: 'CRM', value: '51' },
];
type Found = { id: string; seen: number };

describe('createLookupResults', () => {
  it('gives every asked key one entry, in the order asked, empty until something is filed', () => {
    const results = createLookupResults<Found>(keys, (r) => r.id);
    expect([...results.byKey]).toEqual([['email:a@example.com', []], ['phone:+14045558211', []], ['xref:CRM:51', []]]);
  });

  it('files a record under each asked key it matches, once per key, in filing order', () => {
    const results = createLookupResults<Found>(keys, (r) => r.id);
    results.file('email:a@example.com', { id: '2', seen: 1 });
    results.file('email:a@example.com', { id: '1', seen: 1 });
    results.file('email:a@example.com', { id: '2', seen: 2 });
    results.file('phone:+14045558211', { id: '2', seen: 3 });
    expect(results.byKey.get('email:a@example.com')).toEqual([{ id: '2', seen: 1 }, { id: '1', seen: 1 }]);
    expect(results.byKey.get('phone:+14045558211')).toEqual([{ id: '2', seen: 3 }]);
  });

  it('files nothing under a key that was not asked, or under no key', () => {
    const results = createLookupResults<Found>(keys, (r) => r.id);
    results.file('email:b@example.com', { id: '3', seen: 1 });
    results.file(null, { id: '3', seen: 1 });
    expect(results.byKey.has('email:b@example.com')).toBe(false);
    expect([...results.byKey.values()].flat()).toEqual([]);
  });
});

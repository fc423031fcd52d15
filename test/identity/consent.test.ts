import { describe, expect, it } from 'vitest';
import { mergeConsent } from '../../src/identity/index.js';
import type { ResolvedCustomer } from '../../src/identity/index.js';
import { contact } from './records.js';

function customerWith(...statements: [Parameters<typeof contact>[0], 'GRANTED' | 'DENIED' | 'UNKNOWN', string | null][]): ResolvedCustomer {
  const records = statements.map(([source, state, updatedAt], i) => ({
    record: contact(source, String(i), { consent: [{ channel: 'EMAIL', state, updatedAt }] }),
    matchedOn: ['EMAIL' as const],
    confidence: 1,
    rule: 'EMAIL' as const,
    comparisons: [],
  }));
  return { id: 'cus_x', anchor: records[0]?.record ?? null, records, failures: new Map(), alarms: [], orphanedReferences: [] };
}

describe('consent merge', () => {
  it('lets an opt-out anywhere win over a more recent grant', () => {
    const decision = mergeConsent(customerWith(['CRM', 'GRANTED', '2026-05-01T00:00:00Z'], ['POS', 'DENIED', '2024-01-01T00:00:00Z']), 'EMAIL');
    expect(decision).toMatchObject({ state: 'DENIED', decidedBy: 'POS', updatedAt: '2024-01-01T00:00:00Z' });
    expect(decision.statements).toHaveLength(2);
  });

  it('grants when some silo granted and none opted out, decided by the latest grant', () => {
    const decision = mergeConsent(customerWith(['CRM', 'GRANTED', '2025-01-01T00:00:00Z'], ['ECOMMERCE', 'GRANTED', '2026-01-01T00:00:00Z'], ['SUPPORT', 'UNKNOWN', null]), 'EMAIL');
    expect(decision).toMatchObject({ state: 'GRANTED', decidedBy: 'ECOMMERCE' });
  });

  it('is UNKNOWN with no deciding source when no silo says anything', () => {
    expect(mergeConsent(customerWith(['CRM', 'UNKNOWN', null]), 'EMAIL')).toMatchObject({ state: 'UNKNOWN', decidedBy: null });
    expect(mergeConsent(customerWith(['CRM', 'DENIED', null]), 'SMS').statements).toEqual([]);
  });
});

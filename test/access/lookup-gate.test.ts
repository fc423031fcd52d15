import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { createAccessPolicy, createLookupGate } from '../../src/access/index.js';
import type { ConsentState, ContactRecord } from '../../src/model/index.js';
import { loadTypeDefs } from '../../src/server/schema.js';
import { contact } from '../identity/records.js';

const policy = createAccessPolicy(makeExecutableSchema({ typeDefs: loadTypeDefs() }));
const record = (id: string, email: ConsentState | null, sms: ConsentState | null = null): ContactRecord => contact('CRM', id, {
  emails: ['jane@example.com'],
  consent: [
    ...(email ? [{ channel: 'EMAIL' as const, state: email, updatedAt: null }] : []),
    ...(sms ? [{ channel: 'SMS' as const, state: sms, updatedAt: null }] : []),
  ],
});
const ids = (records: ContactRecord[]) => records.map((r) => r.provenance.recordId);

describe('the look-up gate', () => {
  it('lets roles that read a value raw look up by it through the record cache, and refuses analysts before any resolution', () => {
    const support = createLookupGate(policy, ['support'], { form: 'raw', arguments: ['email'] });
    expect([support.possible, support.fresh]).toEqual([true, false]);
    expect(ids(support.seeds([record('a', 'DENIED')]))).toEqual(['a']);
    const analyst = createLookupGate(policy, ['analyst'], { form: 'raw', arguments: ['email'] });
    expect([analyst.possible, analyst.fresh]).toEqual([false, true]);
    expect(analyst.seeds([record('a', 'GRANTED')])).toEqual([]);
    expect(analyst.withheld([])).toEqual({ records: 1, customerIds: [] });
  });

  it('admits for marketing only records that grant the channel, and none once a record found by the same email opts out', () => {
    const gate = () => createLookupGate(policy, ['marketing'], { form: 'raw', arguments: ['email'] });
    expect(ids(gate().seeds([record('a', 'GRANTED'), record('b', 'UNKNOWN'), record('c', null)]))).toEqual(['a']);
    expect(gate().seeds([record('a', 'GRANTED'), record('b', 'DENIED')])).toEqual([]);
    // A phone follows the SMS consent, not the email consent.
    const phone = createLookupGate(policy, ['marketing'], { form: 'raw', arguments: ['phone'] });
    expect(ids(phone.seeds([record('a', 'GRANTED', 'DENIED'), record('b', 'DENIED', 'GRANTED')]))).toEqual([]);
    expect(ids(createLookupGate(policy, ['marketing'], { form: 'raw', arguments: ['phone'] }).seeds([record('b', 'DENIED', 'GRANTED')]))).toEqual(['b']);
  });

  it('judges records found by a name each on its own, and lets either channel\'s grant show a name', () => {
    const gate = createLookupGate(policy, ['marketing'], { form: 'raw', arguments: ['name'] });
    expect(ids(gate.seeds([record('a', 'DENIED', 'GRANTED'), record('b', 'DENIED'), record('c', 'GRANTED')]))).toEqual(['a', 'c']);
  });

  it('answers a pseudonym only to callers who read that field as the pseudonym', () => {
    expect(createLookupGate(policy, ['analyst'], { form: 'pseudonym', kind: 'email' }).possible).toBe(true);
    for (const role of ['support', 'marketing', 'privacy', 'admin'] as const) {
      expect(createLookupGate(policy, [role], { form: 'pseudonym', kind: 'email' }).possible, role).toBe(false);
    }
    expect(createLookupGate(policy, ['analyst', 'support'], { form: 'pseudonym', kind: 'email' }).possible).toBe(false);
    expect(createLookupGate(policy, ['analyst'], { form: 'pseudonym', kind: 'shoe-size' }).possible).toBe(false);
  });

  it('lets every shipped role find the buyer of an order, the requester of a ticket and a customer by id', () => {
    for (const role of ['support', 'marketing', 'analyst', 'privacy', 'admin'] as const) {
      for (const argument of ['order', 'posTransaction', 'ticket', 'customerId'] as const) {
        expect(createLookupGate(policy, [role], { form: 'raw', arguments: [argument] }).possible, `${role} ${argument}`).toBe(true);
      }
    }
  });
});

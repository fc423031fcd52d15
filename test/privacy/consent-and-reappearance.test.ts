import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { ERASURE_FIELDS, FAST_PRIVACY, watchErasure, type ErasureView } from './support.js';

const world = testWorld();
const UPDATE = `mutation($id: ID!, $state: ConsentDecisionInput!) { updateConsent(customerId: $id, emailMarketing: $state) {
  customer { id consent { email { state decidedBy statements { source state } } } }
  receipts { source recordId outcome detail vendorReceipts { operation httpStatus response } } } }`;

interface ConsentUpdate {
  customer: { id: string; consent: { email: { state: string; decidedBy: string | null; statements: { source: string; state: string }[] } } } | null;
  receipts: { source: string; recordId: string; outcome: string; detail: string; vendorReceipts: { operation: string; httpStatus: number; response: string }[] }[];
}

describe('consent write-through and reappearance after erasure, over HTTP', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack(FAST_PRIVACY);
  }, 60_000);
  afterAll(async () => t?.close());

  async function customerIdOf(email: string): Promise<string> {
    const res = await t.query<{ findCustomers: { id: string }[] }>(`query($e: String!) { findCustomers(email: $e) { id } }`, { e: email }, { role: 'privacy' });
    return res.data?.findCustomers[0]?.id as string;
  }

  it('writes a withdrawal through to HubSpot and Shopify with receipts, says where it cannot, and reads merge it', async () => {
    const person = personEverywhere(world, 7);
    const id = await customerIdOf(person.email);
    // Read once as support so the record cache holds the customer: the write must not leave it stale.
    await t.query(`query($id: ID!) { customer(id: $id) { consent { email { state } } } }`, { id }, { role: 'support' });

    const res = await t.query<{ updateConsent: ConsentUpdate }>(UPDATE, { id, state: 'DENIED' }, { role: 'privacy' });
    expect(res.errors).toBeUndefined();
    const update = res.data?.updateConsent as ConsentUpdate;
    const outcome = Object.fromEntries(update.receipts.map((r) => [r.source, r.outcome]));
    expect(outcome).toEqual({ CRM: 'WRITTEN', ECOMMERCE: 'WRITTEN', SUPPORT: 'NOT_SUPPORTED', POS: 'NOT_SUPPORTED' });
    expect(update.receipts.find((r) => r.source === 'POS')?.detail).toMatch(/read-only|buyer/i);
    expect(update.receipts.find((r) => r.source === 'CRM')?.vendorReceipts[0]?.operation).toMatch(/unsubscribe-all/);
    expect(update.receipts.find((r) => r.source === 'ECOMMERCE')?.vendorReceipts[0]?.operation).toMatch(/customerEmailMarketingConsentUpdate/);
    expect(JSON.stringify(update.receipts)).not.toContain(person.email);

    expect(update.customer?.consent.email.state).toBe('DENIED');
    const statements = Object.fromEntries(update.customer?.consent.email.statements.map((s) => [s.source, s.state]) ?? []);
    expect(statements.CRM).toBe('DENIED');
    expect(statements.ECOMMERCE).toBe('DENIED');
    // Any other caller now reads the withdrawal too (the cached records were invalidated).
    const read = await t.query<{ customer: { consent: { email: { state: string } } } }>(`query($id: ID!) { customer(id: $id) { consent { email { state } } } }`, { id }, { role: 'support' });
    expect(read.data?.customer.consent.email.state).toBe('DENIED');
  }, 30_000);

  it('reports HubSpot\'s refusal to re-grant over an opt-out of all email, while Shopify takes the grant', async () => {
    const person = personEverywhere(world, 7);
    const id = await customerIdOf(person.email);
    const res = await t.query<{ updateConsent: ConsentUpdate }>(UPDATE, { id, state: 'GRANTED' }, { role: 'privacy' });
    const outcome = Object.fromEntries(res.data?.updateConsent.receipts.map((r) => [r.source, r.outcome]) ?? []);
    expect(outcome).toMatchObject({ CRM: 'REFUSED', ECOMMERCE: 'WRITTEN' });
    // The most restrictive statement still wins: the person stays opted out.
    expect(res.data?.updateConsent.customer?.consent.email.state).toBe('DENIED');
  }, 30_000);

  it('answers an unknown customer with no receipts, and a malformed id with BAD_USER_INPUT', async () => {
    const unknown = await t.query<{ updateConsent: ConsentUpdate }>(UPDATE, { id: 'cus_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', state: 'DENIED' }, { role: 'privacy' });
    expect(unknown.data?.updateConsent).toEqual({ customer: null, receipts: [] });
    const bad = await t.query(UPDATE, { id: 'not an id', state: 'DENIED' }, { role: 'privacy' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('flags a person who reappears in a silo after erasure, by keyed hash only', async () => {
    const person = personEverywhere(world, 0);
    const erase = await t.query<{ requestErasure: ErasureView }>(`mutation($s: DataSubjectInput!) { requestErasure(subject: $s) { ${ERASURE_FIELDS} } }`, { s: { email: person.email } }, { role: 'privacy' });
    const done = await watchErasure(t, erase.data?.requestErasure.id as string);
    expect(done.status).toBe('COMPLETED');

    // A web form re-creates the contact in the CRM; HubSpot announces it with a signed contact.creation webhook.
    const created = await fetch(`${t.sandbox('hubspot')}/__sandbox/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, firstName: person.firstName, lastName: person.lastName, personId: person.id }),
    });
    expect(created.status).toBe(201);
    const { id: recordId } = (await created.json()) as { id: string };

    type Flags = { reappearances: { edges: { node: { source: string; recordId: string; matchedOn: string; erasureRequestId: string } }[] } };
    let flagged: Flags['reappearances']['edges'][number]['node'] | undefined;
    for (let n = 0; n < 100 && !flagged; n++) {
      const res = await t.query<Flags>(`{ reappearances(first: 10) { edges { node { source recordId matchedOn erasureRequestId } } } }`, {}, { role: 'privacy' });
      flagged = res.data?.reappearances.edges.map((e) => e.node).find((f) => f.recordId === recordId);
      if (!flagged) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(flagged).toEqual({ source: 'CRM', recordId, matchedOn: 'EMAIL', erasureRequestId: done.id });
  }, 60_000);
});

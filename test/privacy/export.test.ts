import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { linkablePeople, personEverywhere, testWorld } from '../support/world.js';
import { recordsOf } from './support.js';

const world = testWorld();
const EXPORT = `mutation($subject: DataSubjectInput!) { requestDataExport(subject: $subject) {
  expiresAt json csv { recordType url } found { source records } forReview { source recordId matchedOn confidence } } }`;

interface ExportLinks {
  expiresAt: string;
  json: string;
  csv: { recordType: string; url: string }[];
  found: { source: string; records: number }[];
}
interface ExportDoc {
  customerId: string | null;
  found: boolean;
  records: {
    contacts: { source: string; system: string; recordId: string; matchedOn: string[]; emails: string[] }[];
    orders: { id: string; total: { amount: string; currencyCode: string } }[];
    posTransactions: { id: string }[];
    tickets: { id: string; subject: string | null }[];
    npsAnswers: { system: string; id: string; contactRecordId: string; score: number; givenAt: string }[];
    crmHistory: { system: string; contactRecordId: string; property: string; value: string; at: string; changedBy: string | null }[];
  };
  processing: { purposes: { category: string; purpose: string }[]; recipients: { source: string }[]; retention: { source: string; statement: string }[]; sourceOfData: string };
}

describe('data-subject exports, over HTTP', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ EXPORT_LINK_TTL_SECONDS: '10' });
  }, 60_000);
  afterAll(async () => t?.close());

  async function links(subject: Record<string, string>): Promise<ExportLinks> {
    const res = await t.query<{ requestDataExport: ExportLinks }>(EXPORT, { subject }, { role: 'privacy' });
    expect(res.errors).toBeUndefined();
    return res.data?.requestDataExport as ExportLinks;
  }

  it('holds exactly the records the sandboxes hold for the person, with their orders, sales and tickets, live', async () => {
    const person = personEverywhere(world, 2);
    const truth = await recordsOf(t, person);
    const exported = await links({ email: person.email });
    expect(exported.found).toEqual([
      { source: 'CRM', records: truth.hubspot.length }, { source: 'ECOMMERCE', records: truth.shopify.length },
      { source: 'SUPPORT', records: truth.zendesk.length }, { source: 'POS', records: truth.square.length },
    ]);
    expect(exported.json.startsWith(t.stack.url)).toBe(true);
    expect(exported.json).not.toContain(person.email);

    const res = await t.download(exported.json);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const doc = (await res.json()) as ExportDoc;
    const bySystem = (system: string) => doc.records.contacts.filter((c) => c.system === system).map((c) => c.recordId).sort();
    expect({ hubspot: bySystem('hubspot'), shopify: bySystem('shopify'), zendesk: bySystem('zendesk'), square: bySystem('square') })
      .toEqual({ hubspot: truth.hubspot.sort(), shopify: truth.shopify.sort(), zendesk: truth.zendesk.sort(), square: truth.square.sort() });

    const shopId = world.shopify.customers.find((c) => c.personId === person.id)?.id;
    const zenId = world.zendesk.users.find((u) => u.personId === person.id)?.id;
    const squareId = world.square.customers.find((c) => c.personId === person.id)?.id;
    expect(doc.records.orders.length).toBe(world.shopify.orders.filter((o) => o.customerId === shopId).length);
    expect(doc.records.tickets.length).toBe(world.zendesk.tickets.filter((x) => x.requesterId === zenId).length);
    expect(doc.records.posTransactions.length).toBe(world.square.orders.filter((o) => o.customerId === squareId).length);
    expect(doc.records.orders.every((o) => /^\d+(\.\d+)?$/.test(o.total.amount))).toBe(true);
    // What Art. 15 asks beyond the data: purposes, recipients (the silos), retention, source of each record.
    expect(doc.processing.purposes.map((p) => p.category)).toEqual(expect.arrayContaining(['EMAIL', 'PHONE', 'NAME', 'PURCHASES', 'TICKET_CONTENT']));
    expect(doc.processing.recipients.map((r) => r.source)).toEqual(['CRM', 'ECOMMERCE', 'SUPPORT', 'POS']);
    expect(doc.processing.retention.every((r) => /stores no copy/.test(r.statement))).toBe(true);
    expect(doc.records.contacts.every((c) => c.matchedOn.length > 0)).toBe(true);
  }, 30_000);

  it('holds the person\'s NPS survey answers, as HubSpot\'s feedback submissions hold them', async () => {
    const person = linkablePeople(world).find((p) => {
      const contacts = new Set(world.hubspot.contacts.filter((c) => c.personId === p.id).map((c) => c.id));
      return world.hubspot.feedbackSubmissions.some((a) => contacts.has(a.contactId));
    });
    const contacts = new Set(world.hubspot.contacts.filter((c) => c.personId === person?.id).map((c) => c.id));
    const truth = world.hubspot.feedbackSubmissions.filter((a) => contacts.has(a.contactId));
    const doc = (await (await t.download((await links({ email: person?.email as string })).json)).json()) as ExportDoc;
    expect(truth.length).toBeGreaterThan(0);
    expect(doc.records.npsAnswers.map((a) => [a.id, a.contactRecordId, a.score, a.givenAt]).sort())
      .toEqual(truth.map((a) => [a.id, a.contactId, a.score, a.submittedAt]).sort());
  }, 30_000);

  it('holds the history of the person\'s CRM lifecycle stage and email consent, as HubSpot\'s property history holds it', async () => {
    const person = personEverywhere(world, 2);
    const contacts = new Set(world.hubspot.contacts.filter((c) => c.personId === person.id).map((c) => c.id));
    const stages = world.hubspot.propertyHistory.filter((h) => contacts.has(h.contactId) && h.property === 'lifecyclestage');
    const doc = (await (await t.download((await links({ email: person.email })).json)).json()) as ExportDoc;
    expect(stages.length).toBeGreaterThan(0);
    const exported = doc.records.crmHistory.filter((h) => h.property === 'LIFECYCLE_STAGE');
    expect(exported.every((h) => h.system === 'hubspot' && contacts.has(h.contactRecordId))).toBe(true);
    expect(exported.map((h) => [h.contactRecordId, h.value, Date.parse(h.at)]).sort())
      .toEqual(stages.map((h) => [h.contactId, h.value, Date.parse(h.timestamp)]).sort());
  }, 30_000);

  it('serves portable CSV per record type, one row per record, safe to open in a spreadsheet', async () => {
    const person = personEverywhere(world, 3);
    const exported = await links({ email: person.email });
    expect(exported.csv.map((c) => c.recordType)).toEqual(['contacts', 'orders', 'pos_transactions', 'tickets', 'consent']);
    const contacts = await t.download(exported.csv[0]?.url as string);
    expect(contacts.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await contacts.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('source,system,recordId,matchedOn,confidence,firstName,lastName,emails,phones,postalCode,countryCode,createdAt,updatedAt');
    const truth = await recordsOf(t, person);
    expect(lines.length - 1).toBe(Object.values(truth).flat().length);
    const orders = await (await t.download(exported.csv[1]?.url as string)).text();
    const shopId = world.shopify.customers.find((c) => c.personId === person.id)?.id;
    expect(orders.trimEnd().split('\r\n').length - 1).toBe(world.shopify.orders.filter((o) => o.customerId === shopId).length);
  }, 30_000);

  it('refuses links it did not issue, or changed, or unknown files', async () => {
    const exported = await links({ email: personEverywhere(world, 4).email });
    const token = /\/privacy\/exports\/([^/.]+)\.json$/.exec(exported.json)?.[1] as string;
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    for (const url of [`${t.stack.url}/privacy/exports/${flipped}.json`, `${t.stack.url}/privacy/exports/not-a-token-at-all-000000.json`, `${exported.json.replace('.json', '')}/passwords.csv`]) {
      const res = await t.download(url);
      expect(res.status, url).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('EXPORT_LINK_INVALID');
    }
  });

  it('answers an unknown subject with an export that found nothing', async () => {
    const exported = await links({ email: 'never-a-customer@nowhere.example' });
    expect(exported.found.every((f) => f.records === 0)).toBe(true);
    const doc = (await (await t.download(exported.json)).json()) as ExportDoc;
    expect(doc.found).toBe(false);
    expect(doc.records.contacts).toEqual([]);
  });

  it('refuses an export while a silo cannot be read, rather than serve an incomplete one', async () => {
    const exported = await links({ email: personEverywhere(world, 5).email });
    await t.faults('zendesk', { outage: true });
    try {
      const res = await t.download(exported.json);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/EXPORT_INCOMPLETE|SOURCE_UNAVAILABLE/);
      expect(body.error.message).toContain('SUPPORT');
    } finally {
      await t.faults('zendesk', {});
    }
  }, 30_000);

  it('lets a link expire', async () => {
    const exported = await links({ email: personEverywhere(world, 6).email });
    const ms = Date.parse(exported.expiresAt) - Date.now();
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
    await new Promise((resolve) => setTimeout(resolve, ms + 100));
    const res = await t.download(exported.json);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('EXPORT_LINK_EXPIRED');
  }, 30_000);

  it('lists links that rest on name and postal code alone for review, and leaves them out of the export', async () => {
    // A CRM contact and a shop customer of one person that share nothing but family name, given name and postal code:
    // the shop record's email and phone are changed (as a customer editing their account would).
    const same = (a: string | null, b: string | null) => a !== null && b !== null && a.replace(/\s/g, '').toUpperCase() === b.replace(/\s/g, '').toUpperCase();
    const pair = world.people.flatMap((person) => {
      const crm = world.hubspot.contacts.filter((c) => c.personId === person.id);
      const shop = world.shopify.customers.filter((c) => c.personId === person.id);
      const [h, s] = [crm[0], shop[0]];
      return person.householdOf === null && crm.length === 1 && shop.length === 1 && h && s && h.xref === null && h.email !== null
        && same(h.postalCode, s.postalCode) && same(h.lastName, s.lastName) && same(h.firstName, s.firstName) ? [{ h, s }] : [];
    })[0];
    expect(pair, 'a person with one CRM contact and one shop customer sharing name and postal code').toBeDefined();
    const { h, s } = pair as NonNullable<typeof pair>;
    const patched = await fetch(`${t.sandbox('shopify')}/__sandbox/records/${encodeURIComponent(s.id)}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `moved-${h.id}@elsewhere.example`, phone: null }),
    });
    expect(patched.status).toBe(200);

    const res = await t.query<{ requestDataExport: ExportLinks & { forReview: { source: string; recordId: string; matchedOn: string[]; confidence: number }[] } }>(EXPORT, { subject: { email: h.email } }, { role: 'privacy' });
    const exported = res.data?.requestDataExport;
    expect(exported?.forReview).toEqual([expect.objectContaining({ source: 'ECOMMERCE', matchedOn: ['NAME_AND_POSTAL_CODE'] })]);
    const reviewId = exported?.forReview[0]?.recordId as string;
    expect(reviewId.endsWith(`/${s.id}`) || reviewId === s.id).toBe(true);
    expect(exported?.found.find((f) => f.source === 'ECOMMERCE')?.records).toBe(0);
    const doc = (await (await t.download(exported?.json as string)).json()) as ExportDoc & { forReview: { recordId: string }[] };
    expect(doc.records.contacts.map((c) => c.recordId)).not.toContain(reviewId);
    expect(doc.records.orders).toEqual([]);
    expect(doc.forReview.map((r) => r.recordId)).toEqual([reviewId]);
  }, 60_000);

  it('serves a download only to an authenticated privacy or admin caller, and audits the caller who fetched', async () => {
    const person = personEverywhere(world, 7);
    const exported = await links({ email: person.email });
    const error = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
    for (const url of [exported.json, exported.csv[0]?.url as string]) {
      const anonymous = await fetch(url);
      expect(anonymous.status, url).toBe(401);
      expect(await error(anonymous)).toBe('UNAUTHENTICATED');
      const forged = await fetch(url, { headers: { authorization: 'Bearer not.a.token' } });
      expect(forged.status).toBe(401);
      for (const role of ['support', 'marketing', 'analyst'] as const) {
        const refused = await t.download(url, { role, sub: `fetcher-${role}` });
        expect(refused.status, role).toBe(403);
        expect(await error(refused)).toBe('FORBIDDEN');
      }
    }
    const fetched = await t.download(exported.json, { role: 'privacy', sub: 'second-officer' });
    expect(fetched.status).toBe(200);
    const doc = (await fetched.json()) as ExportDoc;
    expect((await t.download(exported.csv[0]?.url as string, { role: 'admin', sub: 'an-admin' })).status).toBe(200);
    const trail = await t.query<{ auditEvents: { edges: { node: { subject: string; roles: string[]; action: string | null; outcome: string | null } }[] } }>(
      'query($id: ID!) { auditEvents(customerId: $id, first: 50) { edges { node { subject roles action outcome } } } }', { id: doc.customerId }, { role: 'privacy' });
    const downloads = trail.data?.auditEvents.edges.map((e) => e.node).filter((e) => e.action === 'privacy.export.downloaded') ?? [];
    expect(downloads.map((d) => [d.subject, d.roles])).toEqual(expect.arrayContaining([['second-officer', ['privacy']], ['an-admin', ['admin']]]));
    expect(downloads.every((d) => d.outcome?.includes('requested by test-privacy'))).toBe(true);
    expect(downloads.map((d) => d.subject)).not.toContain('test-privacy');
  });
});

describe('data-subject exports with EXPORT_LINKS_BEARER_ONLY=true', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ EXPORT_LINKS_BEARER_ONLY: 'true' });
  }, 60_000);
  afterAll(async () => t?.close());

  it('serves the link alone, audited as its holder, and still audits a token sent with it as its caller', async () => {
    const res = await t.query<{ requestDataExport: ExportLinks }>(EXPORT, { subject: { email: personEverywhere(world, 1).email } }, { role: 'privacy' });
    const exported = res.data?.requestDataExport as ExportLinks;
    const alone = await fetch(exported.json);
    expect(alone.status).toBe(200);
    const doc = (await alone.json()) as ExportDoc;
    expect((await t.download(exported.json, { role: 'support', sub: 'an-agent' })).status).toBe(200);
    expect((await fetch(exported.json, { headers: { authorization: 'Bearer not.a.token' } })).status).toBe(401);
    const trail = await t.query<{ auditEvents: { edges: { node: { subject: string; action: string | null } }[] } }>(
      'query($id: ID!) { auditEvents(customerId: $id, first: 50) { edges { node { subject action } } } }', { id: doc.customerId }, { role: 'privacy' });
    const subjects = trail.data?.auditEvents.edges.map((e) => e.node).filter((e) => e.action === 'privacy.export.downloaded').map((e) => e.subject);
    expect(subjects).toEqual(expect.arrayContaining(['export-link-holder', 'an-agent']));
  });
});

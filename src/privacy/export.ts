import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CATEGORIES } from '../../schema/access-policy.js';
import type { Authenticator, Principal } from '../auth/index.js';
import { GatewayError, UnreachableCaseError, replyWithError, statusOf, type ErrorCode } from '../errors/index.js';
import type { RequestContext } from '../context/index.js';
import { mergeConsent, type LinkedRecord } from '../identity/index.js';
import {
  collectPages,
  formatMinorUnits,
  isSourceError,
  SOURCES,
  SYSTEM_OF,
  type CrmPropertyChange,
  type ListWindow,
  type Money,
  type NpsAnswer,
  type Order,
  type Page,
  type PosTransaction,
  type Refund,
  type Source,
  type Ticket,
} from '../model/index.js';
import type { RecordAction } from './erasure.js';
import type { Sealer } from '../config/index.js';
import { resolveSubject, type SubjectRecords, type SubjectSelector } from './subject.js';

/** The CSV files of a portable export. */
export const EXPORT_RECORD_TYPES = ['contacts', 'orders', 'pos_transactions', 'tickets', 'consent'] as const;
/** One CSV file of a portable export. */
export type ExportRecordType = (typeof EXPORT_RECORD_TYPES)[number];

const Ticket_ = z.object({
  s: z.object({ kind: z.enum(['customerId', 'email', 'phone']), value: z.string() }),
  sub: z.string(),
  exp: z.number().int(),
});

/** What exports need from the gateway. */
export interface ExportDeps {
  sealer: Sealer;
  /** How long a link works. */
  ttlSeconds: number;
  /** A context to assemble in, as the officer who asked, over uncached silos. */
  context: (principal: Principal) => RequestContext;
  /** The gateway's public base URL, for the links. */
  publicUrl: () => string;
  /** Per silo, how long the record cache may hold a record (for the retention statement). */
  cachedForSeconds: Readonly<Record<Source, number>>;
  recordAction: RecordAction;
  now?: () => number;
}

/** Who may download: an authenticated privacy or admin caller, unless the link alone is the credential. */
export interface ExportRouteOptions {
  authenticator: Pick<Authenticator, 'authenticate'>;
  /** EXPORT_LINKS_BEARER_ONLY: the link alone suffices (a token, when one is sent, is still checked and audited). */
  bearerOnly: boolean;
}

const DOWNLOAD_ROLES: readonly string[] = ['privacy', 'admin'];
/** The subject audited for a download by the link alone (EXPORT_LINKS_BEARER_ONLY, no token sent). */
const LINK_HOLDER = 'export-link-holder';

/** Everything an export holds about the subject, assembled live. */
export interface ExportData {
  subject: SubjectRecords;
  orders: Order[];
  posTransactions: PosTransaction[];
  tickets: Ticket[];
  /** The subject's answers to the NPS survey (the CRM's feedback submissions). */
  npsAnswers: NpsAnswer[];
  /** The history of the subject's CRM contacts' lifecycle stage and email consent, per contact. */
  crmHistory: { contactRecordId: string; change: CrmPropertyChange }[];
}

const MAX_PAGES = 50;
const PAGE = 100;
const money = (m: Money | null) => (m === null ? null : { amount: formatMinorUnits(m), currencyCode: m.currency });

/** Every page of a per-customer facet, for every record of the subject in its silo: first pages in one batched call. */
export async function allPagesOf<T>(ids: string[], read: (ids: string[], window: ListWindow) => Promise<Map<string, Page<T>>>): Promise<T[]> {
  if (ids.length === 0) return [];
  const first = await read(ids, { first: PAGE });
  const perRecord = await Promise.all(ids.map(async (id) => {
    const page = first.get(id);
    if (!page?.next) return page?.items ?? [];
    const rest = await collectPages<T, string>(async (after) => {
      const next = (await read([id], { first: PAGE, after: after ?? null })).get(id);
      return { items: next?.items ?? [], next: next?.next ?? undefined };
    }, { limit: Number.POSITIVE_INFINITY, maxPages: MAX_PAGES - 1, start: page.next });
    return [...page.items, ...rest.items];
  }));
  return perRecord.flat();
}

/** Reads the subject and every order, sale, ticket, NPS answer and CRM property change of their records, from every silo now. */
export async function assemble(ctx: RequestContext, selector: SubjectSelector): Promise<ExportData> {
  const subject = await resolveSubject(ctx, selector);
  const idsIn = (source: Source) => subject.included.filter((r) => r.record.provenance.source === source).map((r) => r.record.provenance.recordId);
  const opts = { deadline: ctx.deadline };
  const crm = idsIn('CRM');
  const { feedback, crmHistory: history } = ctx.silos;
  const [orders, posTransactions, tickets, npsAnswers, crmHistory] = await Promise.all([
    allPagesOf(idsIn('ECOMMERCE'), (ids, w) => ctx.silos.orders.ordersFor(ids, w, opts)),
    allPagesOf(idsIn('POS'), (ids, w) => ctx.silos.pos.transactionsFor(ids, w, opts)),
    allPagesOf(idsIn('SUPPORT'), (ids, w) => ctx.silos.tickets.ticketsFor(ids, { ...w, status: null }, opts)),
    feedback && crm.length > 0 ? feedback.npsAnswersFor(crm, opts).then((found) => [...found.values()].flat()) : Promise.resolve([]),
    history && crm.length > 0
      ? history.crmHistoryFor(crm, opts).then((found) => [...found].flatMap(([contactRecordId, changes]) => changes.map((change) => ({ contactRecordId, change }))))
      : Promise.resolve([]),
  ]);
  return { subject, orders, posTransactions, tickets, npsAnswers, crmHistory };
}

function contactOf({ record, matchedOn, confidence }: LinkedRecord) {
  const { provenance: p } = record;
  return {
    source: p.source, system: p.system, recordId: p.recordId, matchedOn, confidence, updatedAt: p.updatedAt, readAt: p.fetchedAt,
    firstName: record.firstName, lastName: record.lastName, fullName: record.fullName, emails: record.emails, phones: record.phones,
    postalCode: record.postalCode, countryCode: record.countryCode, createdAt: record.createdAt,
    crossReferences: record.crossRefs.map((x) => ({ source: x.source, recordId: x.recordId, via: x.via })),
    consent: record.consent, crm: record.crm ?? null,
  };
}

const refundsOf = (refunds: Refund[] | null) => refunds?.map((r) => ({ createdAt: r.createdAt, amount: money(r.amount) })) ?? null;

const orderOf = (o: Order) => ({
  source: o.provenance.source, system: o.provenance.system, id: o.provenance.recordId, customerRecordId: o.customerRecordId, name: o.name,
  createdAt: o.createdAt, financialStatus: o.financialStatus, fulfillmentStatus: o.fulfillmentStatus, cancelledAt: o.cancelledAt, total: money(o.total),
  refunded: money(o.refunded), refunds: refundsOf(o.refunds),
  lineItems: o.lineItems.map((l) => ({ title: l.title, quantity: l.quantity, sku: l.sku, unitPrice: money(l.unitPrice), total: money(l.total) })),
});
const saleOf = (t: PosTransaction) => ({
  source: t.provenance.source, system: t.provenance.system, id: t.provenance.recordId, customerRecordId: t.customerRecordId, locationId: t.locationId,
  state: t.state, createdAt: t.createdAt, total: money(t.total), refunded: money(t.refunded), refunds: refundsOf(t.refunds),
  lineItems: t.lineItems.map((l) => ({ title: l.title, quantity: l.quantity, sku: l.sku, unitPrice: money(l.unitPrice), total: money(l.total) })),
});
const ticketOf = (t: Ticket) => ({
  source: t.provenance.source, system: t.provenance.system, id: t.provenance.recordId, requesterRecordId: t.requesterRecordId, subject: t.subject,
  description: t.description, status: t.status, priority: t.priority, channel: t.channel, createdAt: t.createdAt, updatedAt: t.updatedAt, solvedAt: t.solvedAt, satisfaction: t.satisfaction,
});

const npsAnswerOf = (a: NpsAnswer) => ({
  source: a.provenance.source, system: a.provenance.system, id: a.provenance.recordId, contactRecordId: a.contactRecordId, score: a.score, givenAt: a.givenAt,
});

/** The JSON export: the data with its provenance, and what Art. 15 asks beyond it. */
export function exportDocument(data: ExportData, cachedForSeconds: Readonly<Record<Source, number>>, generatedAt: string) {
  const { subject } = data;
  const held = SOURCES.filter((s) => subject.included.some((r) => r.record.provenance.source === s));
  const personal = Object.entries(CATEGORIES).filter(([, c]) => c.personal);
  return {
    generatedAt,
    customerId: subject.customer?.id ?? null,
    found: subject.included.length > 0,
    records: {
      contacts: subject.included.map(contactOf),
      orders: data.orders.map(orderOf),
      posTransactions: data.posTransactions.map(saleOf),
      tickets: data.tickets.map(ticketOf),
      npsAnswers: data.npsAnswers.map(npsAnswerOf),
      crmHistory: data.crmHistory.map(({ contactRecordId, change }) => ({ system: SYSTEM_OF.CRM, contactRecordId, ...change })),
    },
    consent: subject.customer ? { email: mergeConsent(subject.customer, 'EMAIL'), sms: mergeConsent(subject.customer, 'SMS') } : null,
    forReview: subject.forReview.map((r) => ({ source: r.record.provenance.source, system: r.record.provenance.system, recordId: r.record.provenance.recordId, matchedOn: r.matchedOn, confidence: r.confidence })),
    // GDPR Art. 15(1)(a)–(h): purposes, categories, recipients, retention, source; generated from the access policy.
    processing: {
      purposes: personal.map(([category, c]) => ({ category, purpose: c.purpose })),
      categories: personal.map(([category, c]) => ({ category, description: c.description })),
      recipients: held.map((source) => ({ source, system: SYSTEM_OF[source], role: 'the silo that holds the record and the gateway that reads it live' })),
      retention: held.map((source) => ({
        source,
        statement: `held by ${SYSTEM_OF[source]} under its own retention; the gateway stores no copy and its record cache holds a read for at most ${cachedForSeconds[source]} s`,
      })),
      sourceOfData: 'each record names the silo and the record it was read from (source, system, recordId)',
      automatedDecisions: 'none; records are linked by shared email, phone or cross-reference ids (matchedOn, confidence)',
    },
  };
}

/**
 * RFC 4180 CSV. Cells a spreadsheet would run as formulas get a leading quote; a sign followed only by digits and
 * phone punctuation (`+1 415 555 0100`, `-2`) is data, and stays as it is.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (value: unknown) => {
    let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (/^[=@\t\r]/.test(text) || (/^[+-]/.test(text) && !/^[+-][\d\s().-]*$/.test(text))) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** One record type of the export as CSV. */
export function exportCsv(doc: ReturnType<typeof exportDocument>, type: ExportRecordType): string {
  const { records } = doc;
  switch (type) {
    case 'contacts':
      return toCsv(['source', 'system', 'recordId', 'matchedOn', 'confidence', 'firstName', 'lastName', 'emails', 'phones', 'postalCode', 'countryCode', 'createdAt', 'updatedAt'],
        records.contacts.map((c) => [c.source, c.system, c.recordId, c.matchedOn, c.confidence, c.firstName, c.lastName, c.emails, c.phones, c.postalCode, c.countryCode, c.createdAt, c.updatedAt]));
    case 'orders':
      return toCsv(['system', 'id', 'customerRecordId', 'name', 'createdAt', 'financialStatus', 'fulfillmentStatus', 'cancelledAt', 'totalAmount', 'currencyCode', 'items'],
        records.orders.map((o) => [o.system, o.id, o.customerRecordId, o.name, o.createdAt, o.financialStatus, o.fulfillmentStatus, o.cancelledAt, o.total?.amount, o.total?.currencyCode, o.lineItems.map((l) => `${l.quantity} x ${l.title}`)]));
    case 'pos_transactions':
      return toCsv(['system', 'id', 'customerRecordId', 'locationId', 'state', 'createdAt', 'totalAmount', 'currencyCode', 'items'],
        records.posTransactions.map((t) => [t.system, t.id, t.customerRecordId, t.locationId, t.state, t.createdAt, t.total?.amount, t.total?.currencyCode, t.lineItems.map((l) => `${l.quantity} x ${l.title}`)]));
    case 'tickets':
      return toCsv(['system', 'id', 'requesterRecordId', 'status', 'priority', 'channel', 'subject', 'description', 'createdAt', 'updatedAt', 'satisfaction'],
        records.tickets.map((t) => [t.system, t.id, t.requesterRecordId, t.status, t.priority, t.channel, t.subject, t.description, t.createdAt, t.updatedAt, t.satisfaction]));
    case 'consent':
      return toCsv(['source', 'recordId', 'channel', 'state', 'updatedAt'],
        records.contacts.flatMap((c) => c.consent.map((f) => [c.source, c.recordId, f.channel, f.state, f.updatedAt])));
    default:
      throw new UnreachableCaseError(type);
  }
}

/** Issues export links and serves them: `GET /privacy/exports/{token}.json` and `.../{token}/{recordType}.csv`. */
export function createExports(deps: ExportDeps) {
  const now = deps.now ?? Date.now;

  /** Resolves the subject now (counts, review list) and returns links that assemble the export afresh when fetched. */
  async function issue(ctx: RequestContext, selector: SubjectSelector) {
    const subject = await resolveSubject(deps.context(ctx.principal), selector);
    const expires = now() + deps.ttlSeconds * 1000;
    const token = deps.sealer.seal({ s: selector, sub: ctx.principal.sub, exp: expires });
    const base = `${deps.publicUrl().replace(/\/+$/, '')}/privacy/exports/${token}`;
    deps.recordAction({ sub: ctx.principal.sub, action: 'privacy.export.requested', outcome: `${subject.included.length} records`, customerIds: subject.customer ? [subject.customer.id] : [] });
    return {
      expiresAt: new Date(expires).toISOString(),
      json: `${base}.json`,
      csv: EXPORT_RECORD_TYPES.map((recordType) => ({ recordType, url: `${base}/${recordType}.csv` })),
      found: SOURCES.map((source) => ({ source, records: subject.included.filter((r) => r.record.provenance.source === source).length })),
      forReview: subject.forReview.map((r) => ({ source: r.record.provenance.source, recordId: r.record.provenance.recordId, matchedOn: r.matchedOn, confidence: r.confidence })),
    };
  }

  const problem = (reply: FastifyReply, code: ErrorCode, message: string) => replyWithError(reply.header('cache-control', 'no-store'), code, message);

  /**
   * The caller of a download, before the link is even opened (so a caller without the right learns nothing of it):
   * null once the refusal is answered. With EXPORT_LINKS_BEARER_ONLY and no token, the link holder.
   */
  async function caller(request: FastifyRequest, reply: FastifyReply, options: ExportRouteOptions): Promise<Principal | null> {
    const authorization = request.headers.authorization;
    if (options.bearerOnly && authorization === undefined) return { sub: LINK_HOLDER, roles: [] };
    let principal: Principal;
    try {
      principal = await options.authenticator.authenticate(authorization);
    } catch (error) {
      // Any refusal of the token (UNAUTHENTICATED and the token rules' own 401 codes) answers as it does on /graphql.
      if (error instanceof GatewayError && statusOf(error.code) === 401) {
        problem(reply, error.code, `${error.message}: an export download needs a privacy or admin bearer token`);
        return null;
      }
      throw error;
    }
    if (!options.bearerOnly && !principal.roles.some((role) => DOWNLOAD_ROLES.includes(role))) {
      deps.recordAction({ sub: principal.sub, roles: principal.roles, action: 'privacy.export.refused', outcome: 'download without the privacy or admin role', customerIds: [], categories: { PRIVACY_OPERATIONS: 'DENIED' } });
      problem(reply, 'FORBIDDEN', 'export downloads are for the privacy and admin roles');
      return null;
    }
    return principal;
  }

  async function serve(reply: FastifyReply, fetcher: Principal, token: string, type: ExportRecordType | 'json') {
    const parsed = Ticket_.safeParse(deps.sealer.open(token));
    if (!parsed.success) return problem(reply, 'EXPORT_LINK_INVALID', 'this export link is not one the gateway issued');
    const link = parsed.data;
    if (link.exp <= now()) return problem(reply, 'EXPORT_LINK_EXPIRED', 'this export link has expired: request a new export');
    const ctx = deps.context({ sub: fetcher.sub, roles: ['privacy'] });
    let data: ExportData;
    try {
      data = await assemble(ctx, link.s);
    } catch (error) {
      if (isSourceError(error)) return problem(reply, error.code, `${error.source} could not be read: the export would be incomplete, retry later`);
      throw error;
    }
    if (data.subject.unreachable.length > 0) {
      return problem(reply, 'EXPORT_INCOMPLETE', `${data.subject.unreachable.join(', ')} could not be read: the export would be incomplete, retry later`);
    }
    const doc = exportDocument(data, deps.cachedForSeconds, new Date(now()).toISOString());
    // The caller who fetched is audited; the officer who asked is named in the outcome (a sub, not personal data).
    deps.recordAction({
      sub: fetcher.sub,
      roles: fetcher.roles,
      action: 'privacy.export.downloaded',
      outcome: `${type} ${data.subject.included.length} records, requested by ${link.sub}`,
      customerIds: doc.customerId ? [doc.customerId] : [],
    });
    reply.header('cache-control', 'no-store');
    if (type === 'json') {
      return reply.type('application/json; charset=utf-8').header('content-disposition', 'attachment; filename="export.json"').send(JSON.stringify(doc, null, 2));
    }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${type}.csv"`).send(exportCsv(doc, type));
  }

  /**
   * Registers the download routes. The link (sealed, short-lived) names the export; the caller must also be an
   * authenticated privacy or admin caller, checked first, unless EXPORT_LINKS_BEARER_ONLY makes the link enough.
   */
  function routes(app: FastifyInstance, options: ExportRouteOptions) {
    app.get<{ Params: { file: string } }>('/privacy/exports/:file', async (request, reply) => {
      const fetcher = await caller(request, reply, options);
      if (!fetcher) return reply;
      const match = /^([A-Za-z0-9_-]{20,2000})\.json$/.exec(request.params.file);
      if (!match) return problem(reply, 'EXPORT_LINK_INVALID', 'this export link is not one the gateway issued');
      return serve(reply, fetcher, match[1] as string, 'json');
    });
    app.get<{ Params: { token: string; file: string } }>('/privacy/exports/:token/:file', async (request, reply) => {
      const fetcher = await caller(request, reply, options);
      if (!fetcher) return reply;
      const type = /^([a-z_]+)\.csv$/.exec(request.params.file)?.[1];
      if (!type || !(EXPORT_RECORD_TYPES as readonly string[]).includes(type)) {
        return problem(reply, 'EXPORT_LINK_INVALID', `no such export file: use one of ${EXPORT_RECORD_TYPES.map((t) => `${t}.csv`).join(', ')}`);
      }
      return serve(reply, fetcher, request.params.token, type as ExportRecordType);
    });
  }

  return { issue, routes };
}

/** Export links and their routes. */
export type Exports = ReturnType<typeof createExports>;

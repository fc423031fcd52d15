import { normaliseEmail, type ContactRecord, type Source } from '../model/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import { identityKeys, mergeConsent } from '../identity/index.js';
import type { CustomerResolvers } from './generated/types.js';
import { facetConnection } from './facets.js';
import { customerDataQuality } from './data-quality.js';
import { customerInsights } from './insights.js';
import { customerTimeline } from './timeline.js';

/** A customer whose anchor could not be read has nothing to show: each field reports why. */
function records(customer: ResolvedCustomer): ContactRecord[] {
  if (!customer.anchor) throw [...customer.failures.values()][0];
  return customer.records.map((r) => r.record);
}

function displayName(rs: ContactRecord[]): string | null {
  for (const r of rs) if (r.firstName && r.lastName) return `${r.firstName} ${r.lastName}`;
  return rs.find((r) => r.fullName)?.fullName ?? null;
}

/** The customer's name as `Customer.displayName` shows it. */
export function customerName(c: ResolvedCustomer): string | null {
  return displayName(records(c));
}

/** The customer's emails as `Customer.emails` shows them. */
export function customerEmails(c: ResolvedCustomer): string[] {
  return [...new Set(records(c).flatMap((r) => r.emails.map(normaliseEmail).filter((e): e is string => e !== null)))];
}

/** The customer's phones as `Customer.phones` shows them. */
export function customerPhones(c: ResolvedCustomer, region: string): string[] {
  return [...new Set(records(c).flatMap((r) => identityKeys(r, region).phones))];
}

function facetFailure(customer: ResolvedCustomer, source: Source) {
  const failure = customer.failures.get(source);
  if (failure) throw failure;
}

/** Fields of Customer: aggregates over the linked records, and per-silo facets through loaders. */
export const Customer: CustomerResolvers = {
  id: (c) => c.id,
  displayName: (c) => customerName(c),
  emails: (c) => customerEmails(c),
  phones: (c, _args, ctx) => customerPhones(c, ctx.phoneRegion),
  consent: (c) => {
    records(c);
    return { email: mergeConsent(c, 'EMAIL'), sms: mergeConsent(c, 'SMS') };
  },
  crm: (c) => {
    facetFailure(c, 'CRM');
    return records(c).find((r) => r.provenance.source === 'CRM' && r.crm) ?? null;
  },
  orders: (c, args, ctx) => facetConnection(c, 'ECOMMERCE', ctx.loaders.orders, args),
  posTransactions: (c, args, ctx) => facetConnection(c, 'POS', ctx.loaders.pos, args),
  tickets: (c, args, ctx) => facetConnection(c, 'SUPPORT', ctx.loaders.tickets, args),
  timeline: (c, args, ctx) => customerTimeline(c, args, ctx),
  insights: (c, args) => {
    records(c);
    return customerInsights(c, args);
  },
  dataQuality: (c, args, ctx) => {
    records(c);
    return customerDataQuality(c, args, ctx);
  },
  sourceRecords: (c) => {
    records(c);
    return c.records.map(({ record, matchedOn, confidence }) => ({
      source: record.provenance.source,
      system: record.provenance.system,
      recordId: record.provenance.recordId,
      matchedOn,
      confidence,
      updatedAt: record.provenance.updatedAt,
      fetchedAt: record.provenance.fetchedAt,
    }));
  },
};

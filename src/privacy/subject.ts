import { AmbiguousSubject } from '../errors/index.js';
import { identityKeys, parseCustomerIdArg, parseEmailArg, parsePhoneArg, type LinkedRecord, type ResolvedCustomer } from '../identity/index.js';
import { SOURCES, type Source } from '../model/index.js';
import type { RequestContext } from '../context/index.js';

/** Who a data-subject request is about, validated and normalised. */
export type SubjectSelector =
  | { kind: 'customerId'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string };

/** Links weaker than this are listed for review, never exported or erased without a person's look. */
export const REVIEW_BELOW = 0.9;

/** The subject's records as identity resolution links them now. */
export interface SubjectRecords {
  customer: ResolvedCustomer | null;
  /** Records linked surely enough to act on. */
  included: LinkedRecord[];
  /** Weak links (name and postal code only): for review. */
  forReview: LinkedRecord[];
  /** Silos that could not be searched, so their records may be missing. */
  unreachable: Source[];
  /** The subject's normalised identifiers: the ones given and those of every included record. */
  keys: { emails: string[]; phones: string[] };
}

/**
 * The identifiers a data-subject request may name (GraphQL's `DataSubjectInput @oneOf`): GraphQL validation lets
 * exactly one through, non-null.
 */
export type DataSubjectInput =
  | { customerId: string; email?: never; phone?: never }
  | { customerId?: never; email: string; phone?: never }
  | { customerId?: never; email?: never; phone: string };

/** The one identifier, normalised; a malformed value is BAD_USER_INPUT naming the field. */
export function parseSubject(input: DataSubjectInput, region: string): SubjectSelector {
  if (input.customerId !== undefined) {
    return { kind: 'customerId', value: parseCustomerIdArg('subject.customerId', input.customerId) };
  }
  if (input.email !== undefined) return { kind: 'email', value: parseEmailArg('subject.email', input.email) };
  return { kind: 'phone', value: parsePhoneArg('subject.phone', input.phone, region) };
}

/** Finds the subject's customer through identity resolution; more than one person behind an email or phone is refused. */
export async function resolveSubject(ctx: RequestContext, selector: SubjectSelector): Promise<SubjectRecords> {
  let customer: ResolvedCustomer | null;
  if (selector.kind === 'customerId') {
    customer = await ctx.identity.byId(selector.value);
  } else {
    const found = await ctx.identity.find({ [selector.kind]: selector.value }, 10);
    if (found.length > 1) {
      throw new AmbiguousSubject(`subject: ${found.length} different people share this ${selector.kind}; name one by customerId (findCustomers gives the ids)`);
    }
    customer = found[0] ?? null;
  }
  const records = customer?.records ?? [];
  const included = records.filter((r) => r.confidence >= REVIEW_BELOW);
  const forReview = records.filter((r) => r.confidence < REVIEW_BELOW);
  const emails = new Set<string>(selector.kind === 'email' ? [selector.value] : []);
  const phones = new Set<string>(selector.kind === 'phone' ? [selector.value] : []);
  for (const { record } of included) {
    const keys = identityKeys(record, ctx.phoneRegion);
    keys.emails.forEach((e) => emails.add(e));
    keys.phones.forEach((p) => phones.add(p));
  }
  const failed = new Set([...(customer?.failures.keys() ?? []), ...ctx.sources.report().filter((r) => r.status !== 'OK' && r.status !== 'PARTIAL').map((r) => r.source)]);
  return {
    customer: customer && customer.anchor ? customer : null,
    included,
    forReview,
    unreachable: SOURCES.filter((s) => failed.has(s)),
    keys: { emails: [...emails].sort(), phones: [...phones].sort() },
  };
}

import type { Category } from '../../schema/access-policy.js';
import type { Role } from '../auth/index.js';
import { recordKey, type LookupFilter, type ResolvedCustomer } from '../identity/index.js';
import type { ConsentChannel, ContactRecord } from '../model/index.js';
import { effectiveRule } from './effective-rule.js';
import type { AccessPolicy } from './policy.js';

/** What a look-up is by. */
export type LookupArgument = 'email' | 'phone' | 'name' | 'customerId' | 'order' | 'posTransaction' | 'ticket';

/**
 * The fields whose values a look-up argument names (as `Type.field`): a look-up by a value answers only callers who
 * may read that value raw where the schema shows it. An order id is shown in the buyer's `Customer.orders`, so
 * finding the buyer by it needs both the order's id and the customer's orders.
 */
const LOOKUP_FIELDS: Readonly<Record<LookupArgument, readonly (readonly [string, string])[]>> = {
  email: [['Customer', 'emails']],
  phone: [['Customer', 'phones']],
  name: [['Customer', 'displayName']],
  customerId: [['Customer', 'id']],
  order: [['Customer', 'orders'], ['Order', 'id']],
  posTransaction: [['Customer', 'posTransactions'], ['PosTransaction', 'id']],
  ticket: [['Customer', 'tickets'], ['Ticket', 'id']],
};

/** The field a pseudonym of each kind is shown in. */
const PSEUDONYM_FIELDS: Readonly<Record<string, readonly [string, string]>> = {
  email: ['Customer', 'emails'],
  phone: ['Customer', 'phones'],
  name: ['Customer', 'displayName'],
};

/** A look-up's gate: a LookupFilter that also says whether anything could pass, and keeps what it held back. */
export interface LookupGate extends LookupFilter {
  /** False when the caller's rules never show these values (so nothing is answered, whatever the silos hold). */
  readonly possible: boolean;
  /**
   * Whether the value must be searched past the record cache: when the caller may not read it raw for every
   * customer, a cache hit (someone read it recently) would confirm what the answer withholds.
   */
  readonly fresh: boolean;
  /** The categories the look-up names, for the audit of a refusal. */
  readonly categories: readonly Category[];
  /** What was held back: found records that seeded nothing answered, and customers resolved but not answered. */
  withheld(answered: readonly ResolvedCustomer[]): { records: number; customerIds: string[] };
}

/** The record's statements on a channel. */
function statesOn(record: ContactRecord, channel: ConsentChannel) {
  return record.consent.filter((c) => c.channel === channel).map((c) => c.state);
}

/**
 * The gate of a look-up by raw values (`form: 'raw'`, every argument given) or by a pseudonym (`form: 'pseudonym'`, with
 * the kind it opened to). Raw: a category the caller reads raw passes; one it reads only with consent passes seeds
 * that grant a channel of it no record found by the value opts out of, and customers whose merged consent grants
 * one; any other rule refuses all.
 * Pseudonym: only callers whose rule for the category is the pseudonym (they see it, so may look it up).
 */
export function createLookupGate(policy: AccessPolicy, roles: readonly Role[], by: { form: 'raw'; arguments: readonly LookupArgument[] } | { form: 'pseudonym'; kind: string }): LookupGate {
  const pseudonymField = by.form === 'pseudonym' ? PSEUDONYM_FIELDS[by.kind] : undefined;
  const fields = by.form === 'raw' ? by.arguments.flatMap((argument) => LOOKUP_FIELDS[argument]) : pseudonymField ? [pseudonymField] : [];
  const categories = [...new Set(fields.map(([type, field]) => policy.categoryOf(type, field)))];
  const rules = categories.map((category) => ({ category, rule: policy.ruleFor(roles, category) }));
  const possible = fields.length > 0 && rules.every(({ rule }) =>
    by.form === 'pseudonym' ? rule === 'pseudonym' : rule === 'allow' || rule === 'ifConsented');
  const refusedSeeds: ContactRecord[] = [];
  const refusedCustomers: string[] = [];
  return {
    possible,
    fresh: by.form === 'raw' && !rules.every(({ rule }) => rule === 'allow'),
    categories,
    seeds(found) {
      // A consent-bound category admits a seed that itself grants one of its channels, among the channels no record
      // found by the value opts out of: the merged consent, most restrictive first, could still grant it. Judging
      // every record found together refuses before any resolution round most of what the merge would refuse after.
      // Records found by a name alone are judged each on its own: namesakes are other people.
      const byName = by.form === 'raw' && !by.arguments.includes('email') && !by.arguments.includes('phone');
      const openFor = (record: ContactRecord, category: Category) => policy.channelsOf(category).filter((channel) =>
        !(byName ? [record] : found).some((r) => statesOn(r, channel).includes('DENIED')));
      const admits = (record: ContactRecord) => possible && rules.every(({ category, rule }) =>
        rule !== 'ifConsented' || openFor(record, category).some((channel) => statesOn(record, channel).includes('GRANTED')));
      const admitted = found.filter(admits);
      refusedSeeds.push(...found.filter((record) => !admitted.includes(record)));
      return admitted;
    },
    customer(customer) {
      const ok = possible && (by.form === 'pseudonym' || categories.every((category) => effectiveRule(policy, roles, category, customer) === 'allow'));
      if (!ok) refusedCustomers.push(customer.id);
      return ok;
    },
    withheld(answered) {
      const shown = new Set(answered.flatMap((c) => c.records.map((r) => recordKey(r.record))));
      const customerIds = [...new Set(refusedCustomers)];
      return { records: refusedSeeds.filter((r) => !shown.has(recordKey(r))).length, customerIds };
    },
  };
}

import type { Category, Rule } from '../../schema/access-policy.js';
import type { Role } from '../auth/index.js';
import { mergeConsent, type ResolvedCustomer } from '../identity/index.js';
import type { AccessPolicy } from './policy.js';

/** A rule once decided for one customer: `ifConsented` has become `allow` or `mask`. */
export type AppliedRule = Exclude<Rule, 'ifConsented'>;

/** Whether a resolver's parent is a resolved customer (whose consent can decide an `ifConsented` rule). */
export function isCustomer(value: unknown): value is ResolvedCustomer {
  return typeof value === 'object' && value !== null && 'records' in value && 'failures' in value && 'id' in value;
}

/**
 * The caller's rule for a category as it applies to one value. `ifConsented` is decided on the customer itself, by
 * the merged consent of the category's own channels (any one granted suffices); anything but a readable customer
 * with such a grant is masked.
 */
export function effectiveRule(policy: AccessPolicy, roles: readonly Role[], category: Category, parent: unknown): AppliedRule {
  const rule = policy.ruleFor(roles, category);
  if (rule !== 'ifConsented') return rule;
  const customer = isCustomer(parent) && parent.anchor ? parent : null;
  return customer && policy.channelsOf(category).some((channel) => mergeConsent(customer, channel).state === 'GRANTED') ? 'allow' : 'mask';
}

import { createLookupGate, type LookupArgument, type LookupGate } from '../access/index.js';
import { BadUserInput } from '../errors/index.js';
import { parseEmailArg, parseNameArg, parsePhoneArg, type CustomerCriteria, type LookupFilter, type ResolvedCustomer } from '../identity/index.js';
import type { ResolverContext } from './context.js';
import { customerEmails, customerName, customerPhones } from './customer.js';
import type { QueryFindCustomersArgs } from './generated/types.js';

/**
 * Audits a look-up that held something back: who, which look-up and categories, how many records and which
 * customers were withheld; never the value looked up. A look-up the caller's roles can never be answered is
 * audited whether or not anything matched; one decided per customer, only when it withheld something.
 */
export function auditRefusal(ctx: ResolverContext, lookup: string, gate: LookupGate, answered: readonly ResolvedCustomer[]): void {
  const { records, customerIds } = gate.withheld(answered);
  if (gate.possible && records === 0 && customerIds.length === 0) return;
  ctx.auditTrail.record({
    sub: ctx.principal.sub,
    roles: ctx.principal.roles,
    action: 'lookup.refused',
    outcome: `${lookup}: ${gate.possible ? '' : 'not answered to these roles; '}${records} records and ${customerIds.length} customers withheld`,
    customerIds,
    categories: Object.fromEntries(gate.categories.map((category) => [category, 'DENIED' as const])),
  });
}

/** A gate and, for a pseudonym, the exact value a customer must show. */
function both(gate: LookupGate, shows: (c: ResolvedCustomer) => boolean): LookupFilter {
  return { seeds: (found) => gate.seeds(found), customer: (c) => gate.customer(c) && shows(c), fresh: gate.fresh };
}

/** Whether the customer shows the value in the field a pseudonym of that kind stands for. */
function showsValue(c: ResolvedCustomer, kind: string, value: string, region: string): boolean {
  if (!c.anchor) return false;
  if (kind === 'email') return customerEmails(c).includes(value);
  if (kind === 'phone') return customerPhones(c, region).includes(value);
  return customerName(c)?.trim().toLowerCase() === value;
}

/**
 * findCustomers(pseudonym): the customers showing that pseudonym. A pseudonym that does not open (forged, edited,
 * another key's) matches nothing with no silo asked; one the caller's roles do not read as a pseudonym answers the
 * same, so it cannot tell a genuine pseudonym from a forged one.
 */
async function byPseudonym(ctx: ResolverContext, pseudonym: string, limit: number): Promise<ResolvedCustomer[]> {
  if (pseudonym.length > 1024) throw new BadUserInput('pseudonym', 'is not a pseudonym');
  const opened = ctx.pseudonyms.reidentify(pseudonym);
  if (!opened) return [];
  const { kind, value } = opened;
  const gate = createLookupGate(ctx.access, ctx.principal.roles, { form: 'pseudonym', kind });
  if (!gate.possible) {
    auditRefusal(ctx, `findCustomers(pseudonym of ${kind})`, gate, []);
    return [];
  }
  const criteria: CustomerCriteria = kind === 'email' ? { email: parseEmailArg('pseudonym', value) }
    : kind === 'phone' ? { phone: parsePhoneArg('pseudonym', value, ctx.phoneRegion) } : { name: parseNameArg('pseudonym', value) };
  return ctx.identity.find(criteria, limit, both(gate, (c) => showsValue(c, kind, value, ctx.phoneRegion)));
}

/**
 * findCustomers: customers by email, phone or name behind the look-up gate (records the caller may not read raw
 * seed nothing, customers it may not read raw are left out, and the refusal is audited), or by pseudonym.
 */
export async function findCustomers(ctx: ResolverContext, args: QueryFindCustomersArgs, limit: number): Promise<ResolvedCustomer[]> {
  if (args.pseudonym != null) {
    if (args.email != null || args.phone != null || args.name != null) throw new BadUserInput('pseudonym', 'is given alone, without email, phone or name');
    return byPseudonym(ctx, args.pseudonym, limit);
  }
  const criteria: CustomerCriteria = {
    ...(args.email != null ? { email: parseEmailArg('email', args.email) } : {}),
    ...(args.phone != null ? { phone: parsePhoneArg('phone', args.phone, ctx.phoneRegion) } : {}),
    ...(args.name != null ? { name: parseNameArg('name', args.name) } : {}),
  };
  const given = (['email', 'phone', 'name'] as const satisfies readonly LookupArgument[]).filter((k) => criteria[k] !== undefined);
  if (given.length === 0) throw new BadUserInput('email', 'give at least one of email, phone or name, or a pseudonym');
  const gate = createLookupGate(ctx.access, ctx.principal.roles, { form: 'raw', arguments: given });
  // Run even when the roles can never be answered: the refusal costs the silo calls a value that matches nothing costs.
  const found = await ctx.identity.find(criteria, limit, gate);
  auditRefusal(ctx, `findCustomers(${given.join(', ')})`, gate, found);
  return found;
}

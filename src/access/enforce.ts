import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { MASK_KIND, type Category } from '../../schema/access-policy.js';
import type { AccessOutcome } from '../audit/index.js';
import type { RequestContext } from '../context/index.js';
import { AuditUnavailable, Forbidden } from '../errors/index.js';
import { effectiveRule, isCustomer, type AppliedRule } from './effective-rule.js';
import { maskEmail, maskName, maskPhone } from './masks.js';
import type { AccessPolicy } from './policy.js';

const MASKERS = { email: maskEmail, phone: maskPhone, name: maskName } as const;

function transform(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? fn(v) : v));
  return value;
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

const AUDIT_OUTCOME: Readonly<Record<AppliedRule, AccessOutcome>> = {
  allow: 'ALLOWED',
  mask: 'MASKED',
  pseudonym: 'MASKED',
  deny: 'DENIED',
};

/**
 * Wraps every field's resolver with its access rule, applied per caller after every cache layer:
 * deny → null and FORBIDDEN (the silo is not even asked); mask/pseudonym → the value transformed;
 * allow → as is. Every personal read is noted for the audit trail, and refused while the audit
 * trail cannot take more events.
 */
export function enforceAccess(schema: GraphQLSchema, policy: AccessPolicy): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const category: Category = policy.categoryOf(typeName, fieldName);
      const personal = policy.isPersonal(category);
      const resolve = field.resolve ?? defaultFieldResolver;
      const masker = MASK_KIND[category];
      return {
        ...field,
        // Not async: most fields resolve synchronously, and a promise per field of every answer cost a tenth of the
        // warm path. A throw here fails the field as a rejection would; a pending value is transformed when it settles.
        resolve(parent, args, ctx: RequestContext, info) {
          const rule = effectiveRule(policy, ctx.principal.roles, category, parent);
          const customerId = isCustomer(parent) ? parent.id : null;
          // A rule that hides a value it has no mask for hides it entirely.
          const applied = (rule === 'mask' || rule === 'pseudonym') && !masker ? 'deny' : rule;
          // Reads of personal data are audited, and so is every refusal (an attempt at privacy operations, say).
          if (personal || applied === 'deny') ctx.audit.note(customerId, category, AUDIT_OUTCOME[applied]);
          if (applied === 'deny') {
            throw new Forbidden(`${typeName}.${fieldName} is not available to your role`, { category });
          }
          if (personal && !ctx.auditTrail.accepting()) {
            throw new AuditUnavailable();
          }
          const value: unknown = resolve(parent, args, ctx, info);
          if (applied === 'allow' || !masker) return value;
          const hide = (v: unknown) => (applied === 'mask' ? transform(v, MASKERS[masker]) : transform(v, (x) => ctx.pseudonyms.pseudonymise(masker, x)));
          return isPromiseLike(value) ? Promise.resolve(value).then(hide) : hide(value);
        },
      };
    },
  });
}

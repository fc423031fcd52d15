/** Field-level access rules: the policy beside the schema, enforced per caller on every field. */
export { createAccessPolicy, fieldEntry, fieldsWithoutRule, type AccessPolicy } from './policy.js';
export { enforceAccess } from './enforce.js';
export { effectiveRule, type AppliedRule } from './effective-rule.js';
export { createPseudonymiser, maskEmail, maskName, maskPhone, type Pseudonymiser } from './masks.js';
export { createLookupGate, type LookupArgument, type LookupGate } from './lookup-gate.js';
export { createRoleSchemas, schemaForRoles } from './role-schema.js';

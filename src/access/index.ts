/** Field-level access rules: the policy beside the schema, enforced per caller on every field. */
export { createAccessPolicy, fieldsWithoutRule, type AccessPolicy } from './policy.js';
export { enforceAccess } from './enforce.js';
export { createPseudonymiser, maskEmail, maskName, maskPhone } from './masks.js';

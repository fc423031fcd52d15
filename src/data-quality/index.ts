/** Data-quality findings: what is wrong with a resolved customer's silo records, said without their values (pure). */
export { customerFindings, type DataQualityOptions } from './customer-findings.js';
export { type DataQualityFinding } from './finding.js';

/** Privacy operations: data-subject exports, erasure, consent write-through, the suppression list, the record of processing. */
export { createPrivacy, type PrivacyOperations, type PrivacyOptions } from './create-privacy.js';
export { shownStatus, type ErasureTiming, type ErasureView, type ShownJobStatus } from './erasure.js';
export { parseSubject, type SubjectSelector } from './subject.js';
export { toCsv, type ExportRouteOptions } from './export.js';
export { buildRecordOfProcessing, renderRecordOfProcessing, type RecordCacheLifetimes, type RecordOfProcessing } from './record-of-processing.js';
export type { JobRow, StepRow, ReappearanceRow } from './store.js';

/** The sandbox kit: the deterministic world generator and the server every vendor sandbox runs in. */
export { generateWorld, type WorldOptions } from './generate-world.js';
export { lineTotalMinor } from './weigh-lines.js';
export {
  simulateCustomerPurchases,
  WORLD_PURCHASE_PROCESS,
  type PurchaseProcess,
  type PurchaseRandom,
  type PurchaseWindow,
  type SimulatedPurchase,
} from './simulate-purchases.js';
export { WORLD_PURCHASE_SHARES } from './world-purchases.js';
export { startSandbox, type RunningSandbox, type SandboxDefinition, type SandboxOptions, type VendorAnswer } from './server.js';
export { parseJsonBodies } from './json-bodies.js';
export { faultsSchema, decideFault, delayFor, type Faults } from './faults.js';
export { truthOf } from './truth.js';
export { RecordIndex } from './record-index.js';
export { memoized } from './memoized.js';
export { SerialisedRecords, jsonArray, sendJsonText, withMembers } from './serialised-records.js';
export type * from './world-types.js';
export {
  changedFields,
  hmacSha256Base64,
  newRecordSchema,
  recordChangesSchema,
  type CreatedRecord,
  type NewRecord,
  type RecordChanges,
  type SandboxWebhooks,
  type SigningInput,
  type WebhookNotification,
} from './webhook-types.js';
export { isLoopbackUrl, type DeliveryOptions, type DeliveryRecord, type WebhookTarget } from './webhook-delivery.js';
export { setWebhookTarget } from './webhook-control.js';
export { deliverWebhooksTo } from './deliver-webhooks-to.js';
export { SECONDARY_KEY_RATES } from './secondary-keys.js';
export { FEEDBACK_RATES } from './feedback-submissions.js';
export { SHOPIFY_REFUND_LAG_DAYS, shopifyRefundsOf, statusRefundMinorOf } from './shopify-refunds.js';
export { CONSENT_LEGAL_BASIS, LIFECYCLE_STAGES, PROPERTY_HISTORY_RATES } from './property-history.js';
export { WORLD_FILE_SETTING, WorldFileError, type WorldFileIssue } from './world-file-error.js';
export { DATA_DEFECT_RATES, DISPOSABLE_DOMAINS } from './data-defects.js';
export {
  dataQualityTruth,
  dataQualityTruthQuery,
  siloDataQualityTruth,
  DEFAULT_STALE_DAYS,
  WORLD_REFERENCE_DATE,
  type DataQualityTruthOptions,
} from './data-quality-truth.js';

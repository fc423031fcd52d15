import { z } from 'zod';
import { FALLBACK_PHONE_REGION, normalisePhone } from '../../../src/model/index.js';

/** Square's CustomerCreationSource values. */
export const CREATION_SOURCES = [
  'OTHER', 'APPOINTMENTS', 'COUPON', 'DELETION_RECOVERY', 'DIRECTORY', 'EGIFTING', 'EMAIL_COLLECTION', 'FEEDBACK', 'IMPORT',
  'INVOICES', 'LOYALTY', 'MARKETING', 'MERGE', 'ONLINE_STORE', 'INSTANT_PROFILE', 'TERMINAL', 'THIRD_PARTY',
  'THIRD_PARTY_IMPORT', 'UNMERGE_RECOVERY',
] as const;

const squareCode = (code: string) => ({ params: { squareCode: code } });
const isRfc3339 = (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
const time = z.string().refine(isRfc3339, { message: 'Invalid RFC 3339 timestamp.', ...squareCode('INVALID_TIME') });
const order = z.enum(['ASC', 'DESC']);

/** A TimeRange; both ends inclusive. */
export const timeRange = z.strictObject({ start_at: time.nullish(), end_at: time.nullish() });
/** A validated TimeRange. */
export type TimeRangeInput = z.infer<typeof timeRange>;

const textFilter = z
  .strictObject({ exact: z.string().nullish(), fuzzy: z.string().nullish() })
  .refine((f) => f.exact == null || f.fuzzy == null, { message: 'A text filter can be exact or fuzzy, but not both.', ...squareCode('BAD_REQUEST') });
const idSets = z.strictObject({ all: z.array(z.string()).nullish(), any: z.array(z.string()).nullish(), none: z.array(z.string()).nullish() });

/** The E.164-compliant number an exact phone filter names (`+1 (206) 222-3333` is allowed), or null. */
export const exactPhone = (value: string) => (value.trim().startsWith('+') ? normalisePhone(value, FALLBACK_PHONE_REGION) : null);

/** SearchCustomersRequest, strict: a field Square does not know is a 400. */
export const searchCustomersRequest = z.strictObject({
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).optional(),
  count: z.boolean().optional(),
  query: z
    .strictObject({
      filter: z
        .strictObject({
          creation_source: z.strictObject({ values: z.array(z.enum(CREATION_SOURCES)).nullish(), rule: z.enum(['INCLUDE', 'EXCLUDE']).nullish() }).nullish(),
          created_at: timeRange.optional(),
          updated_at: timeRange.optional(),
          email_address: textFilter.nullish(),
          phone_number: textFilter
            .refine((f) => f.exact == null || exactPhone(f.exact) !== null, {
              message: 'Exact phone search needs an E.164 number.',
              path: ['exact'],
              ...squareCode('INVALID_PHONE_NUMBER'),
            })
            .nullish(),
          reference_id: textFilter.nullish(),
          group_ids: idSets.nullish(),
          segment_ids: idSets.nullish(),
        })
        .nullish(),
      sort: z.strictObject({ field: z.enum(['DEFAULT', 'CREATED_AT']).nullish(), order: order.nullish() }).nullish(),
    })
    .optional(),
});
/** A validated SearchCustomers body. */
export type SearchCustomersRequest = z.infer<typeof searchCustomersRequest>;
/** A validated CustomerFilter. */
export type CustomerFilterInput = NonNullable<NonNullable<SearchCustomersRequest['query']>['filter']>;

/** BulkRetrieveCustomersRequest: 1 to 100 ids. */
export const bulkRetrieveRequest = z.strictObject({ customer_ids: z.array(z.string()).min(1).max(100) });

// Query-string values arrive as strings; Square names the type it expected.
const intParam = z.string().refine((v) => /^-?\d+$/.test(v), { message: 'Expected an integer.', ...squareCode('EXPECTED_INTEGER') }).transform(Number);
const boolParam = z
  .string()
  .refine((v) => v === 'true' || v === 'false', { message: 'Expected a boolean.', ...squareCode('EXPECTED_BOOLEAN') })
  .transform((v) => v === 'true');

/** ListCustomers query parameters. */
export const listCustomersQuery = z.object({
  cursor: z.string().optional(),
  limit: intParam.pipe(z.number().min(1).max(100)).optional(),
  sort_field: z.enum(['DEFAULT', 'CREATED_AT']).optional(),
  sort_order: order.optional(),
  count: boolParam.optional(),
});

/** DeleteCustomer query parameters: `version` must be an integer, but the sandbox does not compare it (see customer-routes). */
export const deleteCustomerQuery = z.object({ version: intParam.optional() });

/** ListPayments query parameters (the ones the sandbox honours; the rest are ignored). */
export const listPaymentsQuery = z.object({
  begin_time: time.optional(),
  end_time: time.optional(),
  sort_order: order.optional(),
  sort_field: z.enum(['CREATED_AT', 'OFFLINE_CREATED_AT', 'UPDATED_AT']).optional(),
  cursor: z.string().optional(),
  location_id: z.string().optional(),
  total: intParam.optional(),
  limit: intParam.pipe(z.number().min(1).max(100)).optional(),
});

import { z } from 'zod';
import { timeRange } from './requests.js';

/** Square's OrderState values. */
export const ORDER_STATES = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'] as const;
const SORT_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'CLOSED_AT'] as const;

const dateTimeFilter = z.strictObject({ created_at: timeRange.optional(), updated_at: timeRange.optional(), closed_at: timeRange.nullish() });

/** The timestamp a DateTimeFilter filters on, if any (Square allows one range at a time). */
export function dateFilterField(filter: z.infer<typeof dateTimeFilter> | null | undefined): (typeof SORT_FIELDS)[number][] {
  return SORT_FIELDS.filter((field) => filter?.[field.toLowerCase() as Lowercase<typeof field>] != null);
}

/** SearchOrdersRequest, strict; location_ids (1 to 10) is required, as Square's docs and examples send it. */
export const searchOrdersRequest = z
  .strictObject({
    location_ids: z.array(z.string().min(1)).min(1).max(10),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    return_entries: z.boolean().optional(),
    query: z
      .strictObject({
        filter: z
          .strictObject({
            state_filter: z.strictObject({ states: z.array(z.enum(ORDER_STATES)) }).nullish(),
            date_time_filter: dateTimeFilter.nullish(),
            fulfillment_filter: z
              .strictObject({ fulfillment_types: z.array(z.string()).nullish(), fulfillment_states: z.array(z.string()).nullish() })
              .nullish(),
            source_filter: z.strictObject({ source_names: z.array(z.string()).nullish() }).nullish(),
            customer_filter: z.strictObject({ customer_ids: z.array(z.string()).max(10).nullish() }).nullish(),
          })
          .nullish(),
        sort: z.strictObject({ sort_field: z.enum(SORT_FIELDS), sort_order: z.enum(['ASC', 'DESC']).nullish() }).nullish(),
      })
      .optional(),
  })
  .superRefine((request, ctx) => {
    const fields = dateFilterField(request.query?.filter?.date_time_filter);
    const sortField = request.query?.sort?.sort_field ?? 'CREATED_AT';
    if (fields.length > 1 || (fields[0] !== undefined && fields[0] !== sortField)) {
      ctx.addIssue({
        code: 'custom',
        path: ['query', 'sort', 'sort_field'],
        message: 'A date_time_filter takes one time range, and sort_field must name the same timestamp.',
        params: { squareCode: 'BAD_REQUEST' },
      });
    }
  });
/** A validated SearchOrders body. */
export type SearchOrdersRequest = z.infer<typeof searchOrdersRequest>;

/** BatchRetrieveOrdersRequest: 1 to 100 order ids. */
export const batchRetrieveOrdersRequest = z.strictObject({ location_id: z.string().nullish(), order_ids: z.array(z.string()).min(1).max(100) });

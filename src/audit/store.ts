import type { Role } from '../auth/index.js';
import type { Queryable } from './queryable.js';
import { encodeCursor, type EventKey } from './event-key.js';
import type { AccessOutcome, AuditEvent } from './types.js';

// One statement per batch, whatever its size: the events travel as one jsonb parameter (no 65 535-parameter
// limit, one plan), the CTE inserts them and their per-customer index rows atomically, and ON CONFLICT makes a
// retried batch (its first attempt committed but the reply was lost) a no-op instead of a poison pill.
const INSERT_BATCH = `
  WITH batch AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      id uuid, at timestamptz, sub text, roles text[], operation_name text, customer_ids text[], categories jsonb, action text, outcome text)
  ), inserted AS (
    INSERT INTO audit_events (id, at, sub, roles, operation_name, customer_ids, categories, action, outcome)
    SELECT id, at, sub, roles, operation_name, customer_ids, categories, action, outcome FROM batch
    ON CONFLICT (id) DO NOTHING
    RETURNING id, at, customer_ids
  )
  INSERT INTO audit_event_customers (customer_id, at, event_id)
  SELECT DISTINCT customer_id, inserted.at, inserted.id FROM inserted, unnest(inserted.customer_ids) AS customer_id`;

// Keyset paging: a backward range scan of audit_event_customers' primary key (customer_id, at, event_id).
const selectPage = (after: boolean) => `
  SELECT e.id::text AS id, e.at, e.sub, e.roles, e.operation_name, e.customer_ids, e.categories, e.action, e.outcome
  FROM audit_event_customers c JOIN audit_events e ON e.id = c.event_id
  WHERE c.customer_id = $1${after ? ' AND (c.at, c.event_id) < ($3::timestamptz, $4::uuid)' : ''}
  ORDER BY c.at DESC, c.event_id DESC
  LIMIT $2`;
const FIRST_PAGE = selectPage(false);
const LATER_PAGE = selectPage(true);

interface EventRow {
  id: string;
  at: Date | string;
  sub: string;
  roles: string[];
  operation_name: string | null;
  customer_ids: string[];
  categories: Record<string, AccessOutcome> | string;
  action: string | null;
  outcome: string | null;
}

/** Writes `events` in one multi-row statement; events already stored are skipped. */
export async function insertEvents(db: Queryable, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: e.id,
    at: e.at,
    sub: e.sub,
    roles: e.roles,
    operation_name: e.operationName,
    customer_ids: e.customerIds,
    categories: e.categories,
    action: e.action,
    outcome: e.outcome,
  }));
  await db.query(INSERT_BATCH, [JSON.stringify(rows)]);
}

/** One page of a customer's events, newest first, and the cursor of the next page (null on the last). */
export async function selectEvents(
  db: Queryable,
  customerId: string,
  first: number,
  after: EventKey | null,
): Promise<{ events: AuditEvent[]; next: string | null }> {
  const { rows } = after
    ? await db.query<EventRow>(LATER_PAGE, [customerId, first + 1, after.at, after.id])
    : await db.query<EventRow>(FIRST_PAGE, [customerId, first + 1]);
  const events = rows.slice(0, first).map(toEvent);
  const last = events.at(-1);
  return { events, next: rows.length > first && last ? encodeCursor(last) : null };
}

function toEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    sub: row.sub,
    roles: row.roles as Role[],
    operationName: row.operation_name,
    customerIds: row.customer_ids,
    categories: typeof row.categories === 'string' ? JSON.parse(row.categories) : row.categories,
    action: row.action ?? null,
    outcome: row.outcome ?? null,
  };
}

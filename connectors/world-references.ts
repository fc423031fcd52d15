import type { WorldFileIssue } from './sandbox-kit/index.js';

type Fields = Readonly<Record<string, unknown>>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The records of a list at `path` (`shopify.orders`) as far as the parsed JSON has them: its objects, by index. */
function recordsAt(json: unknown, path: string): [number, Fields][] {
  let at: unknown = json;
  for (const key of path.split('.')) at = isFields(at) ? at[key] : undefined;
  return Array.isArray(at) ? at.flatMap((record: unknown, index) => (isFields(record) ? [[index, record] as [number, Fields]] : [])) : [];
}

/** A field that can hold an id (a string or a number); anything else is the structure's fault, reported there. */
const idOf = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/**
 * The references a world file's records make that its structure cannot check: every id unique in its list, every
 * record's person among `people`, every feedback submission's and property change's contact, every order's customer, ticket's requester, sale's location and payment's order
 * in its silo. Read from the parsed JSON, so a file with structural faults has these reported in the same error;
 * paths name the referring field, messages never the ids.
 */
export function referenceIssues(json: unknown): WorldFileIssue[] {
  const issues: WorldFileIssue[] = [];
  // Ids of a list, checking each is unique there.
  const idsOf = (list: string): Set<string> => {
    const first = new Map<string, number>();
    for (const [index, record] of recordsAt(json, list)) {
      const id = idOf(record.id);
      if (id === undefined) continue;
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, index);
      else issues.push({ path: `${list}[${index}].id`, message: `duplicate id: ${list}[${earlier}] has the same one; give each its own id` });
    }
    return new Set(first.keys());
  };
  const refer = (list: string, field: string, to: Set<string>, fix: string) => {
    for (const [index, record] of recordsAt(json, list)) {
      const id = idOf(record[field]);
      if (id !== undefined && !to.has(id)) issues.push({ path: `${list}[${index}].${field}`, message: `names no ${fix}` });
    }
  };

  const people = idsOf('people');
  refer('people', 'householdOf', people, 'person: use the id of an entry in people, or null');
  const contacts = new Map<string, Set<string>>();
  for (const list of ['hubspot.contacts', 'shopify.customers', 'zendesk.users', 'square.customers']) {
    contacts.set(list, idsOf(list));
    refer(list, 'personId', people, 'person: add the person to people, or use the id of one there');
  }
  const has = (list: string) => contacts.get(list) ?? new Set<string>();
  idsOf('hubspot.feedbackSubmissions');
  refer('hubspot.feedbackSubmissions', 'contactId', has('hubspot.contacts'), 'HubSpot contact: use the id of an entry in hubspot.contacts');
  refer('hubspot.propertyHistory', 'contactId', has('hubspot.contacts'), 'HubSpot contact: use the id of an entry in hubspot.contacts');
  idsOf('shopify.orders');
  refer('shopify.orders', 'customerId', has('shopify.customers'), 'Shopify customer: use the id of an entry in shopify.customers');
  idsOf('zendesk.tickets');
  refer('zendesk.tickets', 'requesterId', has('zendesk.users'), 'Zendesk user: use the id of an entry in zendesk.users');
  const locations = idsOf('square.locations');
  const sales = idsOf('square.orders');
  idsOf('square.payments');
  const squareCustomer = 'Square customer: use the id of an entry in square.customers';
  const squareLocation = 'Square location: use the id of an entry in square.locations';
  refer('square.orders', 'customerId', has('square.customers'), squareCustomer);
  refer('square.orders', 'locationId', locations, squareLocation);
  refer('square.payments', 'orderId', sales, 'Square order: use the id of an entry in square.orders');
  refer('square.payments', 'customerId', has('square.customers'), squareCustomer);
  refer('square.payments', 'locationId', locations, squareLocation);
  return issues;
}

import type { World, WorldFileIssue } from './sandbox-kit/index.js';

/**
 * The references a world's records make that its structure cannot check: every id unique in its list, every
 * record's person among `people`, every order's customer, ticket's requester, sale's location and payment's order
 * in its silo. Paths name the referring field; messages never the ids.
 */
export function referenceIssues(world: World): WorldFileIssue[] {
  const issues: WorldFileIssue[] = [];
  // Ids of a list, checking each is unique there.
  const idsOf = (list: string, records: readonly { id: string | number }[]): Set<string> => {
    const first = new Map<string, number>();
    records.forEach((record, index) => {
      const id = String(record.id);
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, index);
      else issues.push({ path: `${list}[${index}].id`, message: `duplicate id: ${list}[${earlier}] has the same one; give each its own id` });
    });
    return new Set(first.keys());
  };
  const refer = <R>(list: string, records: readonly R[], field: keyof R & string, to: Set<string>, fix: string) => {
    records.forEach((record, index) => {
      const value = record[field];
      if (value !== null && value !== undefined && !to.has(String(value))) issues.push({ path: `${list}[${index}].${field}`, message: `names no ${fix}` });
    });
  };

  const people = idsOf('people', world.people);
  refer('people', world.people, 'householdOf', people, 'person: use the id of an entry in people, or null');
  const silos = {
    'hubspot.contacts': world.hubspot.contacts,
    'shopify.customers': world.shopify.customers,
    'zendesk.users': world.zendesk.users,
    'square.customers': world.square.customers,
  };
  const ids = new Map<string, Set<string>>();
  for (const [list, records] of Object.entries(silos)) {
    ids.set(list, idsOf(list, records));
    refer(list, records, 'personId', people, 'person: add the person to people, or use the id of one there');
  }
  const has = (list: string) => ids.get(list) ?? new Set<string>();
  idsOf('shopify.orders', world.shopify.orders);
  refer('shopify.orders', world.shopify.orders, 'customerId', has('shopify.customers'), 'Shopify customer: use the id of an entry in shopify.customers');
  idsOf('zendesk.tickets', world.zendesk.tickets);
  refer('zendesk.tickets', world.zendesk.tickets, 'requesterId', has('zendesk.users'), 'Zendesk user: use the id of an entry in zendesk.users');
  const locations = idsOf('square.locations', world.square.locations);
  const sales = idsOf('square.orders', world.square.orders);
  idsOf('square.payments', world.square.payments);
  const squareCustomer = 'Square customer: use the id of an entry in square.customers';
  const squareLocation = 'Square location: use the id of an entry in square.locations';
  refer('square.orders', world.square.orders, 'customerId', has('square.customers'), squareCustomer);
  refer('square.orders', world.square.orders, 'locationId', locations, squareLocation);
  refer('square.payments', world.square.payments, 'orderId', sales, 'Square order: use the id of an entry in square.orders');
  refer('square.payments', world.square.payments, 'customerId', has('square.customers'), squareCustomer);
  refer('square.payments', world.square.payments, 'locationId', locations, squareLocation);
  return issues;
}

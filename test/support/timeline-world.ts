import type { Person, World, WorldContact, WorldOrder, WorldPosOrder, WorldPropertyChange, WorldTicket } from '../../connectors/sandbox-kit/index.js';

const DAY = 86_400_000;
/** The newest instant of the timeline world: every record is older. */
export const TIMELINE_WORLD_NOW = Date.parse('2026-06-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function person(id: number, firstName: string, lastName: string, email: string, phone: string): Person {
  return { id, firstName, lastName, email, workEmail: null, phone, countryCode: 'DE', postalCode: '10115', city: 'Berlin', street: `${id} Example Strasse`, company: null, jobTitle: null, emailConsent: 'GRANTED', smsConsent: 'GRANTED', householdOf: null };
}

function contact(id: string, p: Person, createdMs: number, extra: Partial<WorldContact> = {}): WorldContact {
  return {
    id, personId: p.id, firstName: p.firstName, lastName: p.lastName, email: p.email, phone: p.phone, secondaryEmails: [], secondaryPhones: [],
    street: p.street, city: p.city, postalCode: p.postalCode, countryCode: p.countryCode, createdAt: iso(createdMs), updatedAt: iso(createdMs + DAY),
    emailConsent: 'GRANTED', smsConsent: 'GRANTED', consentUpdatedAt: iso(createdMs + 2 * DAY), xref: null, company: null, jobTitle: null,
    lifecycleStage: null, leadStatus: null, ownerId: null, ...extra,
  };
}

const line = { title: 'Coffee beans', sku: 'BEANS-1', quantity: 1, unitMinor: 1250 };

function shopOrder(customerId: string, n: number, createdMs: number, cancelled: boolean, refunded = false): WorldOrder {
  return {
    // Two refunds at one instant, 12 days after the order: two events, told apart by their place.
    ...(refunded ? { refunds: [{ createdAt: iso(createdMs + 12 * DAY), amountMinor: 250 }, { createdAt: iso(createdMs + 12 * DAY), amountMinor: 100 }] } : {}),
    id: `gid://shopify/Order/${5531000000000 + n}`, customerId, name: `#${1000 + n}`, createdAt: iso(createdMs), updatedAt: iso(createdMs + DAY),
    currency: 'EUR', lines: [line], totalMinor: 1250, financialStatus: 'PAID', fulfillmentStatus: 'FULFILLED', cancelledAt: cancelled ? iso(createdMs + DAY) : null,
  };
}

type HistoryEntry = Omit<WorldPropertyChange, 'timestamp'> & { daysAgo: number };

/** Ada's HubSpot property history, oldest first: lead → customer → evangelist; consent unknown → granted → opted out. */
const ADA_HISTORY: readonly HistoryEntry[] = [
  { contactId: '101', property: 'lifecyclestage', value: 'lead', daysAgo: 900, sourceType: 'FORM' },
  { contactId: '101', property: 'hs_email_optout', value: 'false', daysAgo: 900, sourceType: 'FORM' },
  { contactId: '101', property: 'hs_legal_basis', value: 'Freely given consent from contact', daysAgo: 400, sourceType: 'FORM' },
  { contactId: '101', property: 'lifecyclestage', value: 'customer', daysAgo: 200, sourceType: 'INTEGRATION' },
  { contactId: '101', property: 'lifecyclestage', value: 'evangelist', daysAgo: 40, sourceType: 'CRM_UI' },
  { contactId: '101', property: 'hs_email_optout', value: 'true', daysAgo: 15, sourceType: 'EMAIL' },
];

/** The CRM changes Ada's history tells, as the timeline must show them (the consent read as the CRM reads it). */
export function adaCrmChanges(): { at: string; kind: 'LIFECYCLE_STAGE_CHANGED' | 'CONSENT_CHANGED'; value: string }[] {
  const at = (daysAgo: number) => iso(TIMELINE_WORLD_NOW - daysAgo * DAY);
  return [
    { at: at(900), kind: 'LIFECYCLE_STAGE_CHANGED', value: 'lead' },
    { at: at(400), kind: 'CONSENT_CHANGED', value: 'GRANTED' },
    { at: at(200), kind: 'LIFECYCLE_STAGE_CHANGED', value: 'customer' },
    { at: at(40), kind: 'LIFECYCLE_STAGE_CHANGED', value: 'evangelist' },
    { at: at(15), kind: 'CONSENT_CHANGED', value: 'DENIED' },
  ];
}

/**
 * A small world for the timeline: Ada has records in all four silos (orders every 9 days, some cancelled, some refunded; POS sales
 * every 20 days, some refunded 5 days later; tickets every 25 days, half of them solved; a CRM history), Grace an order a week for almost ten years
 * (500 orders) and a CRM contact. `extraOrders` adds Ada orders newer than everything else (a silo that changed).
 */
export function timelineWorld({ extraOrders = 0 }: { extraOrders?: number } = {}): World {
  const now = TIMELINE_WORLD_NOW;
  const ada = person(1, 'Ada', 'Byron', 'ada.byron@example.com', '+4915112345601');
  const grace = person(2, 'Grace', 'Hopper', 'grace.hopper@example.net', '+4915112345602');
  const adaShop = 'gid://shopify/Customer/7208455000001';
  const graceShop = 'gid://shopify/Customer/7208455000002';
  const adaSquare = 'SQCUSTOMERADA000000000001';
  const orders: WorldOrder[] = [
    ...Array.from({ length: 30 }, (_, i) => shopOrder(adaShop, i, now - (i + 1) * 9 * DAY, i % 4 === 1, i % 5 === 2)),
    ...Array.from({ length: 500 }, (_, i) => shopOrder(graceShop, 100 + i, now - (i + 1) * 7 * DAY - 3600_000, false)),
    ...Array.from({ length: extraOrders }, (_, i) => shopOrder(adaShop, 900 + i, now + (i + 1) * 3600_000, false)),
  ];
  const pos: WorldPosOrder[] = Array.from({ length: 10 }, (_, i) => {
    const created = now - (i + 1) * 20 * DAY - 7200_000;
    return {
      id: `SQORDERADA00000000000000${String(i).padStart(2, '0')}`, customerId: adaSquare, locationId: 'LSOHO0000001', state: 'COMPLETED', createdAt: iso(created), updatedAt: iso(created),
      currency: 'EUR', lines: [line], totalMinor: 1250,
      ...(i % 3 === 0 ? { refunds: [{ id: `SQREFUND${String(i).padStart(2, '0')}`, reason: 'Returned goods', status: 'APPROVED' as const, amountMinor: 500, createdAt: iso(created + 5 * DAY) }] } : {}),
    };
  });
  const tickets: WorldTicket[] = Array.from({ length: 8 }, (_, i) => {
    const created = now - (i + 1) * 25 * DAY - 10_800_000;
    const solved = i % 2 === 0;
    return {
      id: String(4000 + i), requesterId: '9873843001', subject: `Question ${i}`, description: 'Where is my parcel?', status: solved ? 'solved' : 'open', priority: 'normal',
      channel: 'email', createdAt: iso(created), updatedAt: iso(created + 2 * DAY), satisfaction: solved ? 'good' : 'unoffered',
    };
  });
  return {
    seed: 0,
    people: [ada, grace],
    hubspot: {
      contacts: [
        contact('101', ada, now - 900 * DAY, { lifecycleStage: 'evangelist', emailConsent: 'DENIED', xref: '7208455000001' }),
        contact('102', grace, now - 3700 * DAY, { lifecycleStage: 'customer', xref: '7208455000002' }),
      ],
      feedbackSubmissions: [],
      propertyHistory: [...ADA_HISTORY.map((h) => ({ ...h, timestamp: iso(now - h.daysAgo * DAY) })).map(({ daysAgo: _daysAgo, ...h }) => h)],
    },
    shopify: {
      customers: [contact(adaShop, ada, now - 800 * DAY), contact(graceShop, grace, now - 3650 * DAY)],
      orders,
    },
    zendesk: { users: [contact('9873843001', ada, now - 700 * DAY)], tickets },
    square: {
      customers: [contact(adaSquare, ada, now - 600 * DAY, { smsConsent: 'UNKNOWN' })],
      orders: pos,
      payments: [],
      locations: [{ id: 'LSOHO0000001', name: 'Soho', currency: 'EUR', countryCode: 'DE' }],
    },
  };
}

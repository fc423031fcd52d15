import type { HubSpotContact, ShopifyCustomer, ShopifyOrder, SquareCustomer, SquareOrder, ZendeskTicket, ZendeskUser } from './vendors.js';

// How the peers assemble a customer: records linked by exact (trimmed, lower-case) email only, mapped to the
// gateway's schema field for field, so the bench sends both the same query.

/** Money in the gateway's shape. */
export interface PeerMoney {
  amount: string;
  currencyCode: string;
}

/** A consent decision in the gateway's shape. */
export interface PeerConsentDecision {
  state: 'GRANTED' | 'DENIED' | 'UNKNOWN';
  decidedBy: 'CRM' | 'ECOMMERCE' | null;
  updatedAt: string | null;
  statements: never[];
}

/** What a peer's Customer resolves from; the connection fields slice the lists by their arguments. */
export interface PeerCustomer {
  id: string;
  displayName: string | null;
  emails: string[];
  phones: string[];
  consent: { email: PeerConsentDecision; sms: PeerConsentDecision };
  crm: { recordId: string; lifecycleStage: string | null; leadStatus: string | null; company: string | null; jobTitle: string | null } | null;
  orders: { list: { id: string; name: string | null; createdAt: string | null; financialStatus: string | null; total: PeerMoney | null }[]; totalCount: number };
  tickets: { id: string; subject: string | null; status: string; priority: string | null; createdAt: string }[];
  posTransactions: { id: string; state: string; createdAt: string; total: PeerMoney | null }[];
}

/** Every silo's answer about one person, as the peer fetched it. */
export interface PeerRecords {
  anchorId: string;
  zendeskUser?: ZendeskUser | null;
  hubspot: HubSpotContact[];
  shopify: ShopifyCustomer[];
  square: SquareCustomer[];
  tickets: ZendeskTicket[];
  squareOrders: SquareOrder[];
}

/** Trimmed and lower-cased, the only linking key the peers use; null when empty. */
export function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase();
  return key ? key : null;
}

const unique = (values: (string | null | undefined)[]) => [...new Set(values.flatMap((v) => (v ? [v] : [])))];

const minorDigits = new Map<string, number>();

/** Minor units to a decimal string with the currency's digits (JPY 0, KWD 3, most 2). */
function fromMinor(amount: number, currency: string): string {
  let digits = minorDigits.get(currency);
  if (digits === undefined) {
    // Building a NumberFormat costs far more than the rest of a customer: once per currency.
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(currency, digits);
  }
  return (amount / 10 ** digits).toFixed(digits);
}

const STATE: Record<string, PeerConsentDecision['state']> = { SUBSCRIBED: 'GRANTED', UNSUBSCRIBED: 'DENIED', NOT_SUBSCRIBED: 'DENIED' };

function consentOf(shopify: ShopifyCustomer | undefined, hubspot: HubSpotContact | undefined, channel: 'email' | 'sms'): PeerConsentDecision {
  const shop = channel === 'email' ? shopify?.emailMarketingConsent : shopify?.smsMarketingConsent;
  const state = shop ? STATE[shop.marketingState] : undefined;
  if (shop && state) return { state, decidedBy: 'ECOMMERCE', updatedAt: shop.consentUpdatedAt, statements: [] };
  if (channel === 'email' && hubspot?.properties.hs_email_optout === 'true') return { state: 'DENIED', decidedBy: 'CRM', updatedAt: null, statements: [] };
  return { state: 'UNKNOWN', decidedBy: null, updatedAt: null, statements: [] };
}

function orderOf(o: ShopifyOrder): PeerCustomer['orders']['list'][number] {
  return { id: o.id, name: o.name, createdAt: o.createdAt, financialStatus: o.displayFinancialStatus, total: o.totalPriceSet?.shopMoney ?? null };
}

/** The customer the records make: the CRM profile from the first HubSpot contact, orders newest first. */
export function assembleCustomer(r: PeerRecords): PeerCustomer {
  const crm = r.hubspot[0];
  const p = crm?.properties;
  const name = r.zendeskUser?.name ?? ([p?.firstname, p?.lastname].filter(Boolean).join(' ') || null);
  const orders = r.shopify.flatMap((c) => c.orders.nodes).sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return {
    id: r.anchorId,
    displayName: name,
    emails: unique([r.zendeskUser?.email, ...r.hubspot.map((c) => c.properties.email), ...r.shopify.map((c) => c.email), ...r.square.map((c) => c.email_address)].map(emailKey)),
    phones: unique([r.zendeskUser?.phone, p?.phone, ...r.shopify.map((c) => c.phone), ...r.square.map((c) => c.phone_number)]),
    consent: { email: consentOf(r.shopify[0], crm, 'email'), sms: consentOf(r.shopify[0], crm, 'sms') },
    crm: crm ? { recordId: crm.id, lifecycleStage: p?.lifecyclestage ?? null, leadStatus: p?.hs_lead_status ?? null, company: p?.company ?? null, jobTitle: p?.jobtitle ?? null } : null,
    orders: { list: orders.map(orderOf), totalCount: r.shopify.reduce((n, c) => n + Number(c.numberOfOrders ?? c.orders.nodes.length), 0) },
    tickets: r.tickets.map((t) => ({ id: String(t.id), subject: t.subject, status: t.status.toUpperCase(), priority: t.priority, createdAt: t.created_at })),
    posTransactions: r.squareOrders.map((o) => ({
      id: o.id, state: o.state, createdAt: o.created_at, total: o.total_money ? { amount: fromMinor(o.total_money.amount, o.total_money.currency), currencyCode: o.total_money.currency } : null,
    })),
  };
}

/** The Shopify customers of a list that hold the given address. */
export function shopifyOf(customers: readonly ShopifyCustomer[], email: string): ShopifyCustomer[] {
  return customers.filter((c) => emailKey(c.email) === email);
}

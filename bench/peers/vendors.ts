import { Agent } from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../connectors/shopify/index.js';
import { DEFAULT_SQUARE_VERSION } from '../../connectors/square/index.js';

// The peers' vendor calls, written as a team wiring Apollo Server to the four APIs would: axios with keep-alive
// agents (as the gateway has), the vendors' documented endpoints, payloads taken as they come (no validation).

/** Where the peers find each vendor and the credentials it accepts (the gateway's setting names). */
export interface VendorTargets {
  hubspot: { baseUrl: string; accessToken: string };
  shopify: { baseUrl: string; accessToken: string };
  zendesk: { baseUrl: string; email: string; apiToken: string };
  square: { baseUrl: string; accessToken: string };
}

/** A Zendesk ticket, as far as the peers read it. */
export interface ZendeskTicket {
  id: number;
  requester_id: number;
  subject: string | null;
  status: string;
  priority: string | null;
  created_at: string;
}

/** A Zendesk end-user. */
export interface ZendeskUser {
  id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** A HubSpot contact with the properties the peers ask for. */
export interface HubSpotContact {
  id: string;
  properties: Record<string, string | null | undefined>;
}

/** A Shopify order. */
export interface ShopifyOrder {
  id: string;
  name: string | null;
  createdAt: string | null;
  displayFinancialStatus: string | null;
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } } | null;
}

/** A Shopify customer with its newest orders. */
export interface ShopifyCustomer {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  numberOfOrders: string | number | null;
  emailMarketingConsent: { marketingState: string; consentUpdatedAt: string | null } | null;
  smsMarketingConsent: { marketingState: string; consentUpdatedAt: string | null } | null;
  orders: { nodes: ShopifyOrder[] };
}

/** A Square customer profile. */
export interface SquareCustomer {
  id: string;
  email_address?: string;
  phone_number?: string;
}

/** A Square order. */
export interface SquareOrder {
  id: string;
  customer_id?: string;
  state: string;
  created_at: string;
  total_money?: { amount: number; currency: string };
}

/** Every vendor call a peer makes; each is one HTTP request. */
export interface Vendors {
  ticket(id: string): Promise<ZendeskTicket | null>;
  user(id: string): Promise<ZendeskUser | null>;
  requestedTickets(userId: string): Promise<ZendeskTicket[]>;
  hubspotByEmails(emails: readonly string[]): Promise<HubSpotContact[]>;
  hubspotPage(after: string | null, limit: number): Promise<{ contacts: HubSpotContact[]; next: string | null }>;
  /** One `customers(query: "email:… OR email:…")` call with each customer's newest `orders` orders. */
  shopifyByEmails(emails: readonly string[], orders: number): Promise<ShopifyCustomer[]>;
  squareByEmail(email: string): Promise<SquareCustomer[]>;
  /** At most 10 customers per call (Square's customer filter). */
  squareOrders(customerIds: readonly string[]): Promise<SquareOrder[]>;
}

const CRM_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'lifecyclestage', 'hs_lead_status', 'company', 'jobtitle', 'hs_email_optout'];

const shopifyQuery = (orders: number) => `query Customers($first: Int!, $query: String!) {
  customers(first: $first, query: $query) {
    nodes {
      id email phone firstName lastName numberOfOrders
      emailMarketingConsent { marketingState consentUpdatedAt }
      smsMarketingConsent { marketingState consentUpdatedAt }
      orders(first: ${orders}, sortKey: CREATED_AT, reverse: true) {
        nodes { id name createdAt displayFinancialStatus totalPriceSet { shopMoney { amount currencyCode } } }
      }
    }
  }
}`;

/** The body of a GET, or null when the vendor answers 404. */
async function orNull(request: Promise<{ data: unknown }>): Promise<Record<string, unknown> | null> {
  try {
    return (await request).data as Record<string, unknown>;
  } catch (error) {
    if (axios.isAxiosError(error) && error.response?.status === 404) return null;
    throw error;
  }
}

/** Creates the four vendors' clients over one keep-alive agent each, and reads Square's locations once. */
export async function createVendors(t: VendorTargets): Promise<Vendors> {
  const client = (baseURL: string, headers: Record<string, string>): AxiosInstance =>
    axios.create({ baseURL, headers, timeout: 30_000, httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) });
  const zendesk = client(t.zendesk.baseUrl, { authorization: `Basic ${Buffer.from(`${t.zendesk.email}/token:${t.zendesk.apiToken}`).toString('base64')}` });
  const hubspot = client(t.hubspot.baseUrl, { authorization: `Bearer ${t.hubspot.accessToken}` });
  const shopify = client(t.shopify.baseUrl, { 'x-shopify-access-token': t.shopify.accessToken });
  const square = client(t.square.baseUrl, { authorization: `Bearer ${t.square.accessToken}`, 'square-version': DEFAULT_SQUARE_VERSION });
  const locations = ((await square.get('/v2/locations')).data as { locations?: { id: string }[] }).locations?.map((l) => l.id) ?? [];

  return {
    ticket: async (id) => (await orNull(zendesk.get(`/api/v2/tickets/${encodeURIComponent(id)}.json`)))?.ticket as ZendeskTicket | undefined ?? null,
    user: async (id) => (await orNull(zendesk.get(`/api/v2/users/${encodeURIComponent(id)}.json`)))?.user as ZendeskUser | undefined ?? null,
    async requestedTickets(userId) {
      return ((await zendesk.get(`/api/v2/users/${encodeURIComponent(userId)}/tickets/requested.json`, { params: { per_page: 100 } })).data as { tickets: ZendeskTicket[] }).tickets;
    },
    async hubspotByEmails(emails) {
      const filter = emails.length === 1 ? { propertyName: 'email', operator: 'EQ', value: emails[0] } : { propertyName: 'email', operator: 'IN', values: emails };
      const body = { filterGroups: [{ filters: [filter] }], properties: CRM_PROPERTIES, limit: 100 };
      return ((await hubspot.post('/crm/v3/objects/contacts/search', body)).data as { results: HubSpotContact[] }).results;
    },
    async hubspotPage(after, limit) {
      const params = { limit, properties: CRM_PROPERTIES.join(','), ...(after ? { after } : {}) };
      const data = (await hubspot.get('/crm/v3/objects/contacts', { params })).data as { results: HubSpotContact[]; paging?: { next?: { after: string | number } } };
      return { contacts: data.results, next: data.paging?.next?.after == null ? null : String(data.paging.next.after) };
    },
    async shopifyByEmails(emails, orders) {
      const query = emails.map((e) => `email:"${e.replace(/["\\]/g, '\\$&')}"`).join(' OR ');
      // Room for in-silo duplicates: a person may hold more than one Shopify customer under one address.
      const body = { query: shopifyQuery(orders), variables: { first: Math.min(250, emails.length + 3), query } };
      const data = (await shopify.post(`/admin/api/${DEFAULT_SHOPIFY_API_VERSION}/graphql.json`, body)).data as { data?: { customers: { nodes: ShopifyCustomer[] } }; errors?: { message: string }[] };
      if (!data.data) throw new Error(`Shopify: ${data.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
      return data.data.customers.nodes;
    },
    async squareByEmail(email) {
      const body = { query: { filter: { email_address: { exact: email } } }, limit: 10 };
      return ((await square.post('/v2/customers/search', body)).data as { customers?: SquareCustomer[] }).customers ?? [];
    },
    async squareOrders(customerIds) {
      if (customerIds.length === 0) return [];
      const body = {
        location_ids: locations.slice(0, 10),
        query: { filter: { customer_filter: { customer_ids: customerIds } }, sort: { sort_field: 'CREATED_AT', sort_order: 'DESC' } },
        limit: 100,
      };
      return ((await square.post('/v2/orders/search', body)).data as { orders?: SquareOrder[] }).orders ?? [];
    },
  };
}

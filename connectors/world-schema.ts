import { z } from 'zod';
import type { World } from './sandbox-kit/index.js';
import { isHubSpotId } from './hubspot/index.js';
import { isCustomerGid, isOrderGid } from './shopify/index.js';
import { isSquareOrderId } from './square/index.js';
import { isZendeskId } from './zendesk/index.js';

// The format of a world file (SANDBOX_WORLD_FILE, `npm run sandbox -- --export-world`): the sandbox kit's `World`,
// with each vendor's id shapes (from its limits.ts) and values a sandbox can serve. Messages say what a field takes,
// never what it held, so an error about a person's record carries none of it.

/** An issue's message: what the field takes, or that it is missing; never the value it held. */
const expected = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? `missing: add ${what}` : `expected ${what}`);
const text = z.string({ error: expected('a string') });
const orNull = <T extends z.ZodType>(schema: T) => schema.nullable();
const idOf = (what: string, fits: (id: string) => boolean) => text.refine(fits, { error: `expected ${what}` });
const instant = z.iso.datetime({ offset: true, error: expected('an ISO 8601 date-time such as 2024-05-01T09:30:00.000Z') });
const currency = text.regex(/^[A-Z]{3}$/, { error: expected('an ISO 4217 currency code such as EUR') });
const country = text.regex(/^[A-Z]{2}$/, { error: expected('an ISO 3166 alpha-2 country code such as DE') });
// A person's address is the truth: it must be one.
const email = text.regex(/^\s*[^\s@]+@[^\s@]+\.[^\s@]+\s*$/, { error: expected('an email address (local@domain.tld)') });
// As a silo stores it: padding and case are kept (the gateway normalises), and so are faults (a missing `@`, a
// trailing dot: data-quality defects), but it is some text.
const storedEmail = text.min(1, { error: expected('an email as the silo stores it (some text), or null') }).max(320, { error: expected('at most 320 characters') });
const phone = text.regex(/^(?=(?:\D*\d){4})[0-9A-Za-z\s+()./#*,-]{4,40}$/, { error: expected('a phone number (at least 4 digits, at most 40 characters)') });
const consent = z.enum(['GRANTED', 'DENIED', 'UNKNOWN'], { error: expected('GRANTED, DENIED or UNKNOWN') });
const minor = z.number({ error: expected('a number') }).int({ error: expected('a whole number of minor units') }).nonnegative({ error: expected('zero or more minor units') });
const personId = z.number({ error: expected('a person id (a number)') }).int({ error: expected('a whole person id') }).positive({ error: expected('a person id of 1 or more') });

const person = z.strictObject({
  id: personId.describe('The person\'s id, 1 or more; every record names its person by it.'),
  firstName: text.min(1, { error: expected('a given name') }).describe('Given name.'),
  lastName: text.min(1, { error: expected('a family name') }).describe('Family name.'),
  email: email.describe('Personal email address.'),
  workEmail: orNull(email).describe('Work email address, or null.'),
  phone: text.regex(/^\+[1-9]\d{6,14}$/, { error: expected('an E.164 phone number such as +4915112345678') }).describe('Phone, E.164.'),
  countryCode: country.describe('Country, ISO 3166 alpha-2.'),
  postalCode: text.describe('Postal code.'),
  city: text.describe('City.'),
  street: text.describe('Street address.'),
  company: orNull(text).describe('Employer, or null.'),
  jobTitle: orNull(text).describe('Job title, or null.'),
  emailConsent: consent.describe('Email marketing consent.'),
  smsConsent: consent.describe('SMS marketing consent.'),
  householdOf: orNull(personId).describe('The person whose mailbox this person shares, or null.'),
}).describe('A person: the ground truth behind the silos\' records.');

const contactOf = (what: string, fits: (id: string) => boolean) => z.strictObject({
  id: idOf(what, fits).describe('The vendor\'s id, as its API exposes it.'),
  personId: personId.describe('The person this record belongs to (`people[].id`): the truth the sandboxes serve.'),
  firstName: orNull(text).describe('Given name as the silo stores it, or null.'),
  lastName: orNull(text).describe('Family name as the silo stores it, or null.'),
  email: orNull(storedEmail).describe('Email as the silo stores it (possibly invalid: a data-quality defect), or null.'),
  phone: orNull(phone).describe('Phone as the silo stores it, or null.'),
  secondaryEmails: z.array(storedEmail, { error: expected('a list of emails (possibly empty)') }).describe('Further emails the silo holds, as it stores them.'),
  secondaryPhones: z.array(phone, { error: expected('a list of phone numbers (possibly empty)') }).describe('Further phones the silo holds.'),
  street: orNull(text).describe('Street address, or null.'),
  city: orNull(text).describe('City, or null.'),
  postalCode: orNull(text).describe('Postal code, or null.'),
  countryCode: orNull(country).describe('Country, or null.'),
  createdAt: instant.describe('When the record was created.'),
  updatedAt: instant.describe('When the record was last changed.'),
  emailConsent: consent.describe('Email marketing consent as the silo records it.'),
  smsConsent: consent.describe('SMS marketing consent as the silo records it.'),
  consentUpdatedAt: instant.describe('When consent last changed.'),
  xref: orNull(text).describe('The cross-reference the silo keeps (HubSpot → Shopify numeric id; Zendesk, Square → HubSpot id), or null.'),
  company: orNull(text).describe('Company, or null.'),
  jobTitle: orNull(text).describe('Job title, or null.'),
  lifecycleStage: orNull(text).describe('HubSpot lifecycle stage, or null.'),
  leadStatus: orNull(text).describe('HubSpot lead status, or null.'),
  ownerId: orNull(text).describe('HubSpot owner id, or null.'),
}).describe('One person\'s record in one silo.');

const line = z.strictObject({
  title: text.describe('Product title.'),
  sku: text.describe('SKU.'),
  quantity: z.number({ error: expected('a number') }).positive({ error: expected('a quantity above 0') }).describe('Count, or a weighed measure.'),
  unitMinor: minor.describe('Price of one unit, in minor units.'),
  weightUnit: z.literal('METRIC_KILOGRAM', { error: expected('METRIC_KILOGRAM or no weightUnit') }).optional().describe('Present on a line weighed at the till.'),
}).describe('An order line.');
const lines = z.array(line, { error: expected('a list of lines') }).min(1, { error: expected('at least one line') });

const orderRefund = z.strictObject({
  createdAt: instant.describe('When it was made.'),
  amountMinor: minor.describe('Amount refunded, in minor units of the order\'s currency.'),
}).describe('A refund of an online order.');
const shopifyOrder = z.strictObject({
  id: idOf('a Shopify order gid such as gid://shopify/Order/5531000000001', isOrderGid).describe('Order gid.'),
  customerId: idOf('a Shopify customer gid such as gid://shopify/Customer/7208455000001', isCustomerGid).describe('The Shopify customer who ordered.'),
  name: text.describe('Order name such as #1001.'),
  createdAt: instant.describe('When it was placed.'),
  updatedAt: instant.describe('When it last changed.'),
  currency: currency.describe('Currency of every amount.'),
  lines: lines.describe('Its lines.'),
  totalMinor: minor.describe('Total, in minor units.'),
  financialStatus: z.enum(['PAID', 'PENDING', 'REFUNDED', 'PARTIALLY_REFUNDED', 'AUTHORIZED'], { error: expected('PAID, PENDING, REFUNDED, PARTIALLY_REFUNDED or AUTHORIZED') }).describe('Payment state.'),
  fulfillmentStatus: z.enum(['FULFILLED', 'UNFULFILLED', 'PARTIALLY_FULFILLED'], { error: expected('FULFILLED, UNFULFILLED or PARTIALLY_FULFILLED') }).describe('Fulfilment state.'),
  cancelledAt: orNull(instant).describe('When it was cancelled, or null.'),
  refunds: z.array(orderRefund, { error: expected('a list of refunds') }).optional()
    .describe('Its refunds (Shopify Order.refunds), oldest first; left out, a refunded status is refunded at updatedAt.'),
}).describe('An online order.');

const ticket = z.strictObject({
  id: idOf('a Zendesk ticket id (digits)', isZendeskId).describe('Ticket id.'),
  requesterId: idOf('a Zendesk user id (digits)', isZendeskId).describe('The Zendesk user who asked.'),
  subject: text.describe('Subject.'),
  description: text.describe('First comment.'),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed'], { error: expected('new, open, pending, hold, solved or closed') }).describe('Status.'),
  priority: z.enum(['low', 'normal', 'high', 'urgent'], { error: expected('low, normal, high, urgent or null') }).nullable().describe('Priority, or null.'),
  channel: z.enum(['web', 'email', 'voice', 'chat'], { error: expected('web, email, voice or chat') }).describe('Channel.'),
  createdAt: instant.describe('When it was opened.'),
  updatedAt: instant.describe('When it last changed.'),
  satisfaction: z.enum(['offered', 'unoffered', 'good', 'bad'], { error: expected('offered, unoffered, good or bad') }).describe('Satisfaction rating.'),
}).describe('A support ticket.');

const feedbackSubmission = z.strictObject({
  id: idOf('a HubSpot record id (digits)', isHubSpotId).describe('Feedback submission id.'),
  contactId: idOf('a HubSpot contact id (digits)', isHubSpotId).describe('The HubSpot contact who answered (hs_contact_id).'),
  score: z.number({ error: expected('a number') }).int({ error: expected('a whole score') }).min(0, { error: expected('a score from 0 to 10') })
    .max(10, { error: expected('a score from 0 to 10') }).describe('NPS answer, 0–10 (hs_value).'),
  submittedAt: instant.describe('When it was submitted (hs_submission_timestamp).'),
  surveyId: text.describe('Survey id (hs_survey_id).'),
  surveyName: text.describe('Survey name (hs_survey_name).'),
  channel: z.enum(['EMAIL', 'WEB'], { error: expected('EMAIL or WEB') }).describe('How the survey reached the contact (hs_survey_channel).'),
}).describe('An answer to the NPS survey.');

const propertyChange = z.strictObject({
  contactId: idOf('a HubSpot contact id (digits)', isHubSpotId).describe('The HubSpot contact whose property changed.'),
  property: z.enum(['lifecyclestage', 'hs_email_optout', 'hs_legal_basis'], { error: expected('lifecyclestage, hs_email_optout or hs_legal_basis') })
    .describe('The property.'),
  value: z.string({ error: expected('a string (empty where the value was cleared)') }).describe('The value set (empty where it was cleared).'),
  timestamp: instant.describe('When it was set.'),
  sourceType: text.describe('What set it, as HubSpot names it (FORM, CRM_UI, IMPORT, INTEGRATION, EMAIL, …).'),
}).describe('One value a HubSpot contact property took (propertiesWithHistory).');

const squareId = (what: string) => idOf(`a Square ${what} id (letters, digits, _ or -)`, isSquareOrderId);
const location = z.strictObject({
  id: squareId('location').describe('Location id.'),
  name: text.describe('Name.'),
  currency: currency.describe('Currency of every sale there.'),
  countryCode: country.describe('Country.'),
}).describe('A Square location.');
const posRefund = z.strictObject({
  id: squareId('refund').describe('Refund id.'),
  reason: text.describe('Why it was refunded.'),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'FAILED'], { error: expected('PENDING, APPROVED, REJECTED or FAILED') }).describe('Refund status; only APPROVED paid money back.'),
  amountMinor: minor.describe('Amount refunded, in minor units of the sale\'s currency.'),
  createdAt: instant.describe('When.'),
}).describe('A refund of a POS sale.');
const posOrder = z.strictObject({
  id: squareId('order').describe('Order id.'),
  customerId: squareId('customer').describe('The Square customer who bought.'),
  locationId: squareId('location').describe('Where.'),
  state: z.enum(['COMPLETED', 'OPEN', 'CANCELED'], { error: expected('COMPLETED, OPEN or CANCELED') }).describe('State.'),
  createdAt: instant.describe('When.'),
  updatedAt: instant.describe('When it last changed.'),
  currency: currency.describe('Currency.'),
  lines: lines.describe('Its lines.'),
  totalMinor: minor.describe('Total, in minor units.'),
  refunds: z.array(posRefund, { error: expected('a list of refunds') }).optional().describe('Its refunds (Square Order.refunds), if any.'),
}).describe('A point-of-sale order.');
const payment = z.strictObject({
  id: squareId('payment').describe('Payment id.'),
  orderId: squareId('order').describe('The POS order paid.'),
  customerId: squareId('customer').describe('Who paid.'),
  locationId: squareId('location').describe('Where.'),
  amountMinor: minor.describe('Amount, in minor units.'),
  currency: currency.describe('Currency.'),
  status: z.enum(['COMPLETED', 'FAILED', 'CANCELED'], { error: expected('COMPLETED, FAILED or CANCELED') }).describe('Status.'),
  createdAt: instant.describe('When.'),
}).describe('A Square payment.');

const list = <T extends z.ZodType>(of: T) => z.array(of, { error: expected('a list (possibly empty)') });

/** A world file's structure, field by field: what `parseWorldFile` checks before the references between records. */
export const worldSchema = z.strictObject({
  seed: z.number({ error: expected('a number') }).int({ error: expected('a whole number') }).default(0).describe('The generator\'s seed; any number for a hand-written world.'),
  people: list(person).describe('The people: the truth every record names by `personId`.'),
  hubspot: z.strictObject({
    contacts: list(contactOf('a HubSpot contact id (digits)', isHubSpotId)).describe('HubSpot contacts.'),
    // Optional, so world files written before NPS still load (with no answers).
    feedbackSubmissions: list(feedbackSubmission).default([]).describe('Their NPS survey answers (feedback_submissions).'),
    // Optional, so world files written before property histories still load (each property then has only its value).
    propertyHistory: list(propertyChange).default([]).describe('Their property histories (propertiesWithHistory), each contact\'s oldest first.'),
  }).describe('The CRM silo.'),
  shopify: z.strictObject({
    customers: list(contactOf('a Shopify customer gid such as gid://shopify/Customer/7208455000001', isCustomerGid)).describe('Shopify customers.'),
    orders: list(shopifyOrder).describe('Their orders.'),
  }).describe('The e-commerce silo.'),
  zendesk: z.strictObject({
    users: list(contactOf('a Zendesk user id (digits)', isZendeskId)).describe('Zendesk end users.'),
    tickets: list(ticket).describe('Their tickets.'),
  }).describe('The support silo.'),
  square: z.strictObject({
    customers: list(contactOf('a Square customer id (letters, digits, _ or -)', isSquareOrderId)).describe('Square customer profiles.'),
    orders: list(posOrder).describe('POS orders.'),
    payments: list(payment).describe('Their payments.'),
    locations: list(location).describe('Square locations.'),
  }).describe('The point-of-sale silo.'),
}).describe('Everything the sandboxes serve.') satisfies z.ZodType<World, unknown>;

import { memoized, type WorldConsent, type WorldContact, type WorldOrder } from '../../sandbox-kit/index.js';
import { legacyIdOf, moneyV2, shopifyDateTime } from './values.js';

const MARKETING_STATE: Readonly<Record<WorldConsent, 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'NOT_SUBSCRIBED'>> = {
  GRANTED: 'SUBSCRIBED',
  DENIED: 'UNSUBSCRIBED',
  UNKNOWN: 'NOT_SUBSCRIBED',
};
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
// Intl looks a region's name up afresh on every call; a page repeats the same few countries.
const countryName = memoized((code) => regionNames.of(code) ?? null);

/** `displayName`: the name, else the email, else the phone (as Shopify documents it). */
export function displayNameOf(c: WorldContact): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || c.email?.trim() || c.phone || '';
}

/** `emailMarketingConsent`, null when the customer has no email. */
export function emailConsentOf(c: WorldContact) {
  if (!c.email) return null;
  const marketingState = MARKETING_STATE[c.emailConsent];
  return {
    marketingState,
    marketingOptInLevel: marketingState === 'SUBSCRIBED' ? 'SINGLE_OPT_IN' : null,
    consentUpdatedAt: shopifyDateTime(c.consentUpdatedAt),
  };
}

/** `smsMarketingConsent`, null when the customer has no phone. */
export function smsConsentOf(c: WorldContact) {
  if (!c.phone) return null;
  const marketingState = MARKETING_STATE[c.smsConsent];
  return {
    marketingState,
    marketingOptInLevel: marketingState === 'SUBSCRIBED' ? 'SINGLE_OPT_IN' : 'UNKNOWN',
    consentUpdatedAt: shopifyDateTime(c.consentUpdatedAt),
    consentCollectedFrom: 'OTHER',
  };
}

/** The customer's default `MailingAddress` (its phone the world's address phone), or null when the World holds no address. */
export function addressOf(c: WorldContact) {
  if (!c.street && !c.city && !c.postalCode && !c.countryCode) return null;
  const country = c.countryCode ? countryName(c.countryCode) : null;
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || null;
  return {
    id: `gid://shopify/MailingAddress/${legacyIdOf(c.id)}?model_name=CustomerAddress`,
    address1: c.street, address2: null, city: c.city, zip: c.postalCode, province: null, provinceCode: null,
    country, countryCodeV2: c.countryCode, countryCode: c.countryCode, company: null, phone: c.secondaryPhones[0] ?? null,
    firstName: c.firstName, lastName: c.lastName, name, latitude: null, longitude: null, timeZone: null,
    coordinatesValidated: false,
    formattedArea: [c.city, country].filter(Boolean).join(', ') || null,
    formatted: [c.street, [c.postalCode, c.city].filter(Boolean).join(' '), country].filter((line): line is string => Boolean(line)),
  };
}

/** `amountSpent`: the sum of the customer's orders that were not cancelled, in their currency. */
export function amountSpentOf(orders: readonly WorldOrder[]) {
  const kept = orders.filter((o) => o.cancelledAt === null);
  const currency = orders[0]?.currency ?? 'USD';
  return moneyV2(kept.reduce((sum, o) => sum + o.totalMinor, 0), currency);
}

/** `lifetimeDuration`, in Shopify's loose words ("about 3 years"). */
export function lifetimeOf(c: WorldContact, now = Date.now()): string {
  const years = Math.floor((now - Date.parse(c.createdAt)) / (365.25 * 86_400_000));
  return years >= 1 ? `about ${years} year${years === 1 ? '' : 's'}` : 'less than a year';
}

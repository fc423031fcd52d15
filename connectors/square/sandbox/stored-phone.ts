import { normalisePhone, phoneRegionOf } from '../../../src/model/index.js';

// Parsing a phone is the costly part of a search; stored numbers repeat across searches, so remember them.
const parsed = new Map<string, string | null>();
/** A stored phone number read as E.164: in the profile's address country, else the US. */
export function storedE164(phone: string, country: string | null): string | null {
  const key = `${country ?? ''}|${phone}`;
  if (!parsed.has(key)) parsed.set(key, normalisePhone(phone, phoneRegionOf(country)));
  return parsed.get(key) ?? null;
}

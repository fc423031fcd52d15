/** A family name in the form `familyName` keys compare: accents stripped, lower-case letters only; null if none. */
export function familyNameKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
  return key === '' ? null : key;
}

/** A postal code in the form `familyName` keys compare: upper-case letters and digits only; null if none. */
export function postalCodeKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key === '' ? null : key;
}

import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { LRUCache } from 'lru-cache';
import { createDeterministicSeal, deriveKey } from '../config/index.js';

/** `jane.doe@example.com` → `j***@example.com`: enough to recognise, not to contact. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+12065550134` → `+1 ••• ••• 0134`: the country and the last four digits. */
export function maskPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  const digits = phone.replace(/\D/g, '');
  const last4 = digits.slice(-4);
  return parsed ? `+${parsed.countryCallingCode} ••• ••• ${last4}` : `••• ${last4}`;
}

/** `Jane Doe` → `J. D.`: initials only. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0]?.toUpperCase() ?? ''}.`)
    .join(' ');
}

/** Pseudonyms for BI: made from a value, and turned back into it only by the gateway that holds the key. */
export interface Pseudonymiser {
  /** `psn_…` for a value of a kind (`email`, `phone`, `name`): the same value, trimmed and case-folded, always gives the same one. */
  pseudonymise(kind: string, value: string): string;
  /** The kind and normalised value a pseudonym stands for, or null for anything this key did not make. */
  reidentify(pseudonym: string): { kind: string; value: string } | null;
}

const PSEUDONYM = 'psn_';
/** Plaintexts are padded to this many bytes, so a pseudonym shows a value's length only to the nearest bucket. */
const BUCKET = 32;
const MAX_PSEUDONYM = 1024;

/**
 * Reversible keyed pseudonyms: the kind and the normalised value under a deterministic seal (AES-256-GCM with a
 * synthetic IV, src/config) with keys derived from `key` (itself derived from GATEWAY_SECRET). The same value gives
 * the same pseudonym on every replica, so BI can join and count on it; without the key a pseudonym cannot be
 * reversed, guessed from a value, or forged (it fails authentication). With the key only the gateway turns it
 * back into the value, to look the customer up (findCustomers(pseudonym)) with no central table of pseudonyms.
 */
export function createPseudonymiser(key: Buffer): Pseudonymiser {
  const sealer = createDeterministicSeal(deriveKey(key, 'pseudonym/enc'), deriveKey(key, 'pseudonym/iv'));
  // The seal is deterministic and a BI page asks for the same values page after page (an HMAC and an AES-GCM each):
  // recent pseudonyms are remembered, in memory only, as the values themselves are in the record cache.
  const made = new LRUCache<string, string>({ max: 20_000 });
  return {
    pseudonymise(kind, value) {
      const plain = `${kind}\0${value.trim().toLowerCase().replaceAll('\0', '')}`;
      let pseudonym = made.get(plain);
      if (pseudonym !== undefined) return pseudonym;
      const text = Buffer.from(plain, 'utf8');
      const padded = Buffer.alloc(Math.ceil(text.length / BUCKET) * BUCKET);
      text.copy(padded);
      pseudonym = PSEUDONYM + sealer.seal(padded).toString('base64url');
      made.set(plain, pseudonym);
      return pseudonym;
    },
    reidentify(pseudonym) {
      if (!pseudonym.startsWith(PSEUDONYM) || pseudonym.length > MAX_PSEUDONYM) return null;
      const raw = Buffer.from(pseudonym.slice(PSEUDONYM.length), 'base64url');
      if (raw.toString('base64url') !== pseudonym.slice(PSEUDONYM.length)) return null;
      const text = sealer.open(raw)?.toString('utf8').replace(/\0+$/, '');
      const split = text?.indexOf('\0') ?? -1;
      return text && split > 0 ? { kind: text.slice(0, split), value: text.slice(split + 1) } : null;
    },
  };
}

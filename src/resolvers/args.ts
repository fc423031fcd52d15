import { badInput } from '../errors/index.js';
import { normaliseEmail, normalisePhone } from '../model/index.js';

/** Checks a page size argument: an integer within [min, max]. */
export function pageSize(argument: string, value: number | null | undefined, fallback: number, max: number, min = 0): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(argument, `must be an integer from ${min} to ${max}, got ${n}`);
  return n;
}

/** A normalised email argument, or BAD_USER_INPUT. */
export function emailArg(argument: string, value: string): string {
  const email = normaliseEmail(value);
  if (!email || email.length > 254) throw badInput(argument, 'is not an email address');
  return email;
}

/** A phone argument in any common format, as E.164, or BAD_USER_INPUT. */
export function phoneArg(argument: string, value: string, region: string): string {
  const phone = value.length <= 40 ? normalisePhone(value, region) : null;
  if (!phone) throw badInput(argument, `is not a valid phone number (national numbers are read as ${region})`);
  return phone;
}

/** A customer id argument in the form the gateway gives out (`cus_…`), or BAD_USER_INPUT; whether it resolves is another matter. */
export function customerIdArg(argument: string, value: string): string {
  if (value.length > 600 || !/^cus_[A-Za-z0-9_-]+$/.test(value)) throw badInput(argument, 'is not a customer id');
  return value;
}

/** A name argument: 1 to 100 characters once trimmed. */
export function nameArg(argument: string, value: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > 100) throw badInput(argument, 'must be 1 to 100 characters');
  return name;
}

const OFFSET = /^o(\d{1,5})$/;

/** Decodes a facet list cursor (an offset into the customer's merged list), or BAD_USER_INPUT. */
export function offsetCursor(argument: string, after: string | null | undefined): number {
  if (after == null) return 0;
  const match = OFFSET.exec(Buffer.from(after, 'base64url').toString('latin1'));
  if (!match) throw badInput(argument, 'is not a cursor returned by this list');
  return Number(match[1]);
}

/** Encodes the facet list cursor after `offset` items. */
export function encodeOffset(offset: number): string {
  return Buffer.from(`o${offset}`, 'latin1').toString('base64url');
}

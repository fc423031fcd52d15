import { BadUserInput } from '../errors/index.js';
import { normaliseEmail, normalisePhone } from '../model/index.js';

/** Parses an email argument into its normalised form, or throws BAD_USER_INPUT naming the argument. */
export function parseEmailArg(argument: string, value: string): string {
  const email = normaliseEmail(value);
  if (!email || email.length > 254) throw new BadUserInput(argument, 'is not an email address');
  return email;
}

/** Parses a phone argument in any common format into E.164, or throws BAD_USER_INPUT naming the argument. */
export function parsePhoneArg(argument: string, value: string, region: string): string {
  const phone = value.length <= 40 ? normalisePhone(value, region) : null;
  if (!phone) throw new BadUserInput(argument, `is not a valid phone number (national numbers are read as ${region})`);
  return phone;
}

/** Checks a customer id argument has the form the gateway gives out (`cus_…`); whether it resolves is another matter. */
export function parseCustomerIdArg(argument: string, value: string): string {
  if (value.length > 600 || !/^cus_[A-Za-z0-9_-]+$/.test(value)) throw new BadUserInput(argument, 'is not a customer id');
  return value;
}

/** Parses a name argument: 1 to 100 characters once trimmed, inner white space folded. */
export function parseNameArg(argument: string, value: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > 100) throw new BadUserInput(argument, 'must be 1 to 100 characters');
  return name;
}

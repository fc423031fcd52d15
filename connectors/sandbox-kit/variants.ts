import { parsePhoneNumberWithError, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import type { Faker } from '@faker-js/faker';

/** Nicknames people go by in one system and not another. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Robert: 'Bob', William: 'Bill', Richard: 'Rick', James: 'Jim', Michael: 'Mike', Elizabeth: 'Liz',
  Katherine: 'Kate', Jennifer: 'Jen', Margaret: 'Maggie', Thomas: 'Tom', Christopher: 'Chris',
  Daniel: 'Dan', Matthew: 'Matt', Anthony: 'Tony', Joseph: 'Joe', Patricia: 'Pat', Susan: 'Sue',
  Rebecca: 'Becky', Alexander: 'Alex', Samantha: 'Sam', Benjamin: 'Ben', Nicholas: 'Nick',
  Jonathan: 'Jon', Victoria: 'Vicky', Edward: 'Ed', Stephanie: 'Steph', Timothy: 'Tim',
};

/** A typo a person or an agent makes: two neighbouring letters swapped, or one doubled. */
export function typo(f: Faker, name: string): string {
  if (name.length < 4) return name;
  const i = f.number.int({ min: 1, max: name.length - 2 });
  return f.datatype.boolean()
    ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)
    : name.slice(0, i) + name[i] + name.slice(i);
}

/** The same address as a person might type it into a form: case and stray white space. */
export function emailVariant(f: Faker, email: string): string {
  const [local = '', domain = ''] = email.split('@');
  switch (f.number.int({ min: 0, max: 3 })) {
    case 0:
      return email.toUpperCase();
    case 1:
      return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
    case 2:
      return ` ${email} `;
    default:
      return `${email}\t`;
  }
}

/**
 * Writes phones in the formats people write them in: E.164, international, national or bare digits, national
 * ones only when the record knows its country. Each generated world takes its own: a person's phone appears in
 * several of their records, and is parsed once per world (libphonenumber was a third of the generation).
 */
export function createPhoneVariant(): (f: Faker, e164: string, recordKnowsCountry: boolean) => string {
  const parsed = new Map<string, PhoneNumber>();
  return (f, e164, recordKnowsCountry) => {
    let phone = parsed.get(e164);
    if (!phone) parsed.set(e164, (phone = parsePhoneNumberWithError(e164)));
    const formats = recordKnowsCountry || phone.country === 'US'
      ? ['E.164', 'INTERNATIONAL', 'NATIONAL', 'NATIONAL', 'DIGITS'] as const
      : ['E.164', 'INTERNATIONAL'] as const;
    const format = f.helpers.arrayElement(formats);
    if (format === 'DIGITS') return phone.nationalNumber.replace(/(\d{3})(\d{3})(\d+)/, '$1-$2-$3');
    return phone.format(format);
  };
}

interface CountryProfile {
  code: CountryCode;
  currency: string;
  weight: number;
  phone: (f: Faker) => string;
  postalCode: (f: Faker) => string;
}

/** Where generated people live, how their phones and postal codes look, and what they pay in. */
export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'US', currency: 'USD', weight: 68,
    phone: (f) => `+1${f.helpers.arrayElement(['206', '312', '415', '512', '617', '718', '303', '404'])}555${f.string.numeric({ length: 4, allowLeadingZeros: true })}`,
    postalCode: (f) => f.string.numeric({ length: 5, allowLeadingZeros: false }),
  },
  {
    code: 'GB', currency: 'GBP', weight: 12,
    phone: (f) => `+447911${f.string.numeric({ length: 6, allowLeadingZeros: true })}`,
    postalCode: (f) => `${f.helpers.arrayElement(['SW1A', 'EC1V', 'M1', 'B2', 'LS1'])} ${f.number.int({ min: 1, max: 9 })}${f.string.alpha({ length: 2, casing: 'upper' })}`,
  },
  {
    code: 'DE', currency: 'EUR', weight: 10,
    phone: (f) => `+49151${f.string.numeric({ length: 8, allowLeadingZeros: true })}`,
    postalCode: (f) => f.string.numeric({ length: 5, allowLeadingZeros: false }),
  },
  {
    code: 'JP', currency: 'JPY', weight: 7,
    phone: (f) => `+8190${f.string.numeric({ length: 8, allowLeadingZeros: false })}`,
    postalCode: (f) => `${f.string.numeric({ length: 3, allowLeadingZeros: false })}-${f.string.numeric({ length: 4, allowLeadingZeros: true })}`,
  },
  {
    code: 'KW', currency: 'KWD', weight: 3,
    phone: (f) => `+9656${f.string.numeric({ length: 7, allowLeadingZeros: true })}`,
    postalCode: (f) => f.string.numeric({ length: 5, allowLeadingZeros: false }),
  },
];

/** A price in minor units that looks like one in the currency (whole yen, three-decimal dinars). */
export function price(f: Faker, currency: string): number {
  switch (currency) {
    case 'JPY':
      return f.number.int({ min: 5, max: 300 }) * 100;
    case 'KWD':
      return f.number.int({ min: 1000, max: 80000 }) - (f.datatype.boolean() ? 0 : 5);
    default:
      return f.number.int({ min: 3, max: 250 }) * 100 + f.helpers.arrayElement([0, 0, 49, 95, 99]);
  }
}

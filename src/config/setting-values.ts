import { z } from 'zod';

/** A TCP port; 0 lets the system pick a free one. */
export const port = z.coerce.number().int().min(0).max(65_535);

/** A positive whole number of milliseconds. */
export const positiveMs = z.coerce.number().int().positive();

/** A whole number, 0 or more. */
export const count = z.coerce.number().int().min(0);

/** A non-blank string, trimmed; absent when unset. */
export const optionalText = z.string().trim().min(1).optional();

/** The prefix of Redis keys, so several gateways (or tests) can share one server. */
export const redisPrefix = z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only').default('c360:');

// An origin as browsers send it in `Origin`: scheme, host and port only, lower-case, no path or trailing slash.
const isOrigin = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
};

/** A comma-separated list of web origins (`https://console.example.com,http://localhost:5173`), each checked. */
export const originList = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
  .refine((origins) => origins.every(isOrigin), 'comma-separated origins such as https://console.example.com (scheme, host and port only, lower-case, no path or trailing slash)');

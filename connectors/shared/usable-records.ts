import { z, type ZodType } from 'zod';

/** A record left out of a list, before the client names its silo. */
export interface UnusableRecord {
  recordId: string | null;
  field: string;
}

// Parsing is synchronous, so the records left out while one body is parsed are gathered here, by `parseBody`, and
// no other parse can interleave with it.
let gathering: UnusableRecord[] | null = null;

/**
 * A list of vendor records parsed one by one: a record that fails `record` is left out (reported to the `parseBody`
 * around it) instead of failing the whole answer, so one unusable record cannot take down a silo. `idOf` reads the
 * id of a raw record for the report; it must return an id only, never another value.
 */
export function usableRecords<T extends ZodType>(record: T, idOf: (raw: unknown) => string | null) {
  return z.array(z.unknown()).transform((items) => items.flatMap((item) => {
    const kept = keep(record, idOf, item);
    return kept === undefined ? [] : [kept];
  }));
}

/** One vendor record where a list would hold it (a map entry): undefined, and reported, when it fails `record`. */
export function usableRecord<T extends ZodType>(record: T, idOf: (raw: unknown) => string | null) {
  return z.unknown().transform((item) => keep(record, idOf, item));
}

function keep<T extends ZodType>(record: T, idOf: (raw: unknown) => string | null, item: unknown): z.output<T> | undefined {
  const parsed = record.safeParse(item);
  if (parsed.success) return parsed.data;
  gathering?.push({ recordId: idOf(item), field: parsed.error.issues[0]?.path.join('.') || '(record)' });
  return undefined;
}

/** Reads a raw record's `key` as an id when it is a string or integer (the shapes vendor ids come in), else null. */
export function idAt(key: string): (raw: unknown) => string | null {
  return (raw) => {
    const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? String(value) : null;
  };
}

/** Parses a body with `schema`, with the records its `usableRecords` lists left out. */
export function parseBody<T>(schema: ZodType<T>, body: unknown): { parsed: z.ZodSafeParseResult<T>; unusable: UnusableRecord[] } {
  const outer = gathering;
  const unusable: UnusableRecord[] = [];
  gathering = unusable;
  try {
    return { parsed: schema.safeParse(body), unusable };
  } finally {
    gathering = outer;
  }
}

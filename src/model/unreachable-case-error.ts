// Discriminants a switched-on object may carry; they name a variant, never personal data.
const TAGS = ['kind', 'type', '__typename'] as const;

function describe(value: unknown): string {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  const record = value as Record<string, unknown>;
  const tag = TAGS.find((key) => typeof record[key] === 'string');
  // A record's discriminant or keys, never its values: the message is logged and a value may be personal data.
  return tag ? `${tag} ${String(record[tag])}` : `an object with keys ${Object.keys(value).join(', ')}`;
}

/**
 * Thrown at the end of a switch over a union, after every member has its case: TypeScript narrows the value to
 * `never` there, so a member added to the union without a case fails the type check [apollo-server
 * `utils/UnreachableCaseError.ts`]. It lives in the contract home because both trees switch over its unions.
 */
export class UnreachableCaseError extends Error {
  override readonly name = 'UnreachableCaseError';
  constructor(value: never) {
    super(`Unreachable case: ${describe(value)}`);
  }
}

import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { createAccessPolicy, fieldsWithoutRule, maskEmail, maskName, maskPhone, createPseudonymiser } from '../../src/access/index.js';
import { loadTypeDefs } from '../../src/server/schema.js';

describe('access policy', () => {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs() });

  it('has a rule for every field of the schema', () => {
    expect(fieldsWithoutRule(schema)).toEqual([]);
  });

  it('refuses to start when a field has no rule, naming it', () => {
    const extended = makeExecutableSchema({ typeDefs: [...loadTypeDefs(), 'extend type Customer { shoeSize: Int }'] });
    expect(() => createAccessPolicy(extended)).toThrow(/Customer\.shoeSize/);
  });

  it('gives a caller with several roles the most revealing rule of any of them', () => {
    const policy = createAccessPolicy(schema);
    expect(policy.ruleFor(['analyst'], 'EMAIL')).toBe('pseudonym');
    expect(policy.ruleFor(['analyst', 'support'], 'EMAIL')).toBe('allow');
    expect(policy.ruleFor(['marketing'], 'TICKET_CONTENT')).toBe('deny');
    expect(policy.ruleFor([], 'STRUCTURE')).toBe('deny');
  });
});

describe('masks and pseudonyms', () => {
  it('masks emails, phones and names partially', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskPhone('+12065554567')).toBe('+1 ••• ••• 4567');
    expect(maskName('Jane Doe')).toBe('J. D.');
  });

  it('gives the same pseudonym for the same value under the same key, and another under another key', () => {
    const a = createPseudonymiser(Buffer.alloc(32, 1)).pseudonymise;
    const b = createPseudonymiser(Buffer.alloc(32, 2)).pseudonymise;
    expect(a('email', 'Jane@Example.com')).toBe(a('email', 'jane@example.com'));
    expect(a('email', 'jane@example.com')).not.toBe(a('email', 'john@example.com'));
    expect(a('email', 'jane@example.com')).not.toBe(b('email', 'jane@example.com'));
    expect(a('email', 'jane@example.com')).not.toContain('jane');
  });

  it('turns a pseudonym back into its kind and normalised value under the same key only, and refuses any edit', () => {
    const a = createPseudonymiser(Buffer.alloc(32, 1));
    const b = createPseudonymiser(Buffer.alloc(32, 2));
    const psn = a.pseudonymise('email', ' Jane@Example.com ');
    expect(a.reidentify(psn)).toEqual({ kind: 'email', value: 'jane@example.com' });
    expect(b.reidentify(psn)).toBeNull();
    const flipped = `${psn.slice(0, 10)}${psn[10] === 'A' ? 'B' : 'A'}${psn.slice(11)}`;
    expect(a.reidentify(flipped)).toBeNull();
    expect(a.reidentify(psn.slice(0, -2))).toBeNull();
    expect(a.reidentify('psn_not-a-pseudonym')).toBeNull();
    // Lengths show only to the nearest 32-byte bucket.
    expect(a.pseudonymise('email', 'a@b.io')).toHaveLength(a.pseudonymise('email', 'abcdef@b.io').length);
  });
});

import { describe, expect, it } from 'vitest';
import { UnreachableCaseError } from '../../src/errors/index.js';
import type { LookupKey } from '../../src/model/index.js';

type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };

function area(shape: Shape): number {
  switch (shape.kind) {
    case 'circle':
      return Math.PI * shape.r ** 2;
    case 'square':
      return shape.side ** 2;
    default:
      throw new UnreachableCaseError(shape);
  }
}

describe('UnreachableCaseError, the end of every switch over a union', () => {
  it('is reached only by a value outside the union, and says which variant it was', () => {
    expect(area({ kind: 'square', side: 3 })).toBe(9);
    const stray = { kind: 'triangle', base: 2 } as unknown as Shape;
    expect(() => area(stray)).toThrow(new UnreachableCaseError(stray as never));
    expect(() => area(stray)).toThrow('Unreachable case: kind triangle');
  });

  it('names a tagged record by its tag and an untagged one by its keys, never by their values', () => {
    const key = { kind: 'email', value: 'p1@example.com' } satisfies LookupKey;
    const error = new UnreachableCaseError(key as never);
    expect([error.name, error.message]).toEqual(['UnreachableCaseError', 'Unreachable case: kind email']);
    expect(new UnreachableCaseError({ email: 'p1@example.com' } as never).message).toBe('Unreachable case: an object with keys email');
    expect(new UnreachableCaseError('EXTRA' as never).message).toBe('Unreachable case: EXTRA');
    expect(new UnreachableCaseError(null as never).message).toBe('Unreachable case: null');
  });

  it('takes only a value the type checker has narrowed to never', () => {
    // @ts-expect-error a string is still a member of some union: the switch that throws this is not exhaustive
    expect(new UnreachableCaseError('circle')).toBeInstanceOf(Error);
  });
});

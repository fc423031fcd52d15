import { describe, expect, it } from 'vitest';
import { BadUserInput } from '../../src/errors/index.js';
import { dateTimeArgument, pastDateTimeArgument } from '../../src/resolvers/args.js';

describe('date-time arguments', () => {
  it('reads an ISO 8601 date-time with an offset, falls back when absent, and refuses anything else by name', () => {
    const fallback = new Date('2026-01-01T00:00:00Z');
    expect(dateTimeArgument('asOf', '2025-10-31T12:00:00+02:00', fallback).toISOString()).toBe('2025-10-31T10:00:00.000Z');
    expect(dateTimeArgument('asOf', null, fallback)).toBe(fallback);
    expect(() => dateTimeArgument('asOf', '2025-10-31', fallback)).toThrow(BadUserInput);
  });

  it('takes now for a run made now when absent, any past instant, and refuses the future (a refit or report cannot know it)', () => {
    const before = Date.now();
    const now = pastDateTimeArgument('asOf', undefined).getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(pastDateTimeArgument('asOf', '2025-10-31T00:00:00Z').toISOString()).toBe('2025-10-31T00:00:00.000Z');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(() => pastDateTimeArgument('asOf', future)).toThrow(/must not be in the future/);
    expect(() => pastDateTimeArgument('asOf', future)).toThrow(BadUserInput);
  });
});

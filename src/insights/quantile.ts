/** The p-quantile of ascending-sorted values, interpolating between order statistics (Hyndman & Fan type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must lie in [0, 1]: ${p}`);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (position - below) * (high - low);
}

/** Cut points splitting the values into `groups` equal-count groups (4 → quartiles, 5 → quintiles). */
export function cutPoints(values: readonly number[], groups: number): number[] {
  const sorted = [...values].sort((p, q) => p - q);
  return Array.from({ length: groups - 1 }, (_, k) => quantile(sorted, (k + 1) / groups));
}

/**
 * The 1-based group of a value among the cut points, counting from the low end: 1 + the number of cut points it
 * exceeds. A value on a cut point takes the lower group, so heavy ties (most customers buy once) leave some
 * groups empty rather than splitting equal customers.
 */
export function groupOf(value: number, cuts: readonly number[]): number {
  return 1 + cuts.filter((cut) => value > cut).length;
}

/** The median of the values (in any order): the middle one, or the mean of the two middle ones; null for none. */
export function median(values: readonly number[]): number | null {
  return values.length === 0 ? null : quantile([...values].sort((p, q) => p - q), 0.5);
}

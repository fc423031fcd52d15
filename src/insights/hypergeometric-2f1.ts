// No maintained npm package evaluates the Gauss hypergeometric function, so it is ours. The models only need
// it for a, b > 0 and 0 <= z < 1 (z = t / (α + T + t)), where the power series converges; near 1 it converges
// slowly, hence the generous term limit rather than a transformation.
const MAX_TERMS = 200_000;
const TOLERANCE = 1e-16;

/** The Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for a, b > 0, c ∉ {0, −1, …}, 0 ≤ z < 1. */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hypergeometric2F1 needs 0 <= z < 1: ${z}`);
  if (!(a > 0 && b > 0)) throw new RangeError(`hypergeometric2F1 needs a, b > 0: ${a}, ${b}`);
  if (!Number.isFinite(c) || (c <= 0 && Number.isInteger(c))) throw new RangeError(`hypergeometric2F1 is undefined for c = ${c}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n += 1) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    // Once the terms shrink they do so for good (the ratio tends to z < 1): stop when the rest is noise.
    if (Math.abs(ratio) < 1 && Math.abs(term) <= TOLERANCE * (1 - z) * Math.abs(sum)) return sum;
  }
  throw new RangeError(`hypergeometric2F1 did not converge for z = ${z}`);
}

import beta from '@stdlib/random-base-beta';
import gamma from '@stdlib/random-base-gamma';
import mt19937 from '@stdlib/random-base-mt19937';
import normal from '@stdlib/random-base-normal';

/** Draws from the distributions the models need, all from one uniform stream. */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Gamma with the given shape and rate (mean shape / rate). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
}

/** Samplers driven by the given uniform source on [0, 1) (e.g. a generator's own seeded stream). */
export function createRandom(uniform: () => number): Random {
  const options = { prng: uniform };
  const standardNormal = normal.factory(0, 1, options);
  const gammaOf = gamma.factory(options);
  const betaOf = beta.factory(options);
  return { uniform, normal: () => standardNormal(), gamma: (shape, rate) => gammaOf(shape, rate), beta: (a, b) => betaOf(a, b) };
}

/** Samplers on a Mersenne Twister seeded with `seed` (a positive integer): the same seed, the same draws. */
export function createSeededRandom(seed: number): Random {
  if (!(Number.isInteger(seed) && seed > 0 && seed < 2 ** 32)) throw new RangeError(`seed must be an integer in [1, 2^32): ${seed}`);
  const twister = mt19937.factory({ seed });
  // Two 32-bit words make one double on [0, 1) with 53 random bits (genrand_res53 of the reference MT19937).
  return createRandom(() => ((twister() >>> 5) * 67_108_864 + (twister() >>> 6)) / 9_007_199_254_740_992);
}

import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/insights/index.js';
import { fitMaximumLikelihood } from '../../src/insights/fit-maximum-likelihood.js';
import { hypergeometric2F1 } from '../../src/insights/hypergeometric-2f1.js';
import { logSumExp } from '../../src/insights/log-sum-exp.js';
import { minimizeNelderMead } from '../../src/insights/minimize-nelder-mead.js';
import { numericHessian } from '../../src/insights/numeric-hessian.js';

describe('hypergeometric2F1', () => {
  it('matches closed forms across the range the models use', () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z and ₂F₁(a, b; b; z) = (1 − z)^−a.
      expect(hypergeometric2F1(1, 1, 2, z)).toBeCloseTo(z === 0 ? 1 : -Math.log1p(-z) / z, 12);
      expect(hypergeometric2F1(2.5, 3.7, 3.7, z)).toBeCloseTo((1 - z) ** -2.5, 8);
    }
  });

  it('matches mpmath where the terms first grow, and for a negative, non-integer c', () => {
    // mpmath 1.3.0 hyp2f1 at 30 digits; the first is the term of CDNOW customer 1516 (x = 26) over 39 weeks.
    expect(hypergeometric2F1(26.243, 28.426, 28.219, 39 / (4.414 + 31 + 39)) / 335893759.2771974 - 1).toBeCloseTo(0, 12);
    expect(hypergeometric2F1(0.7, 2.3, -0.4, 0.3)).toBeCloseTo(-4.433082561, 9);
  });

  it('refuses arguments outside its domain', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(/0 <= z < 1/);
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(/undefined for c = -2/);
  });
});

describe('logSumExp', () => {
  it('adds in log space without overflowing or underflowing', () => {
    expect(logSumExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp(-1000, -1000)).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp(-Infinity, -5)).toBe(-5);
  });
});

describe('minimizeNelderMead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const minimum = minimizeNelderMead(rosenbrock, [-1.2, 1], { valueTolerance: 1e-14, pointTolerance: 1e-10 });
    expect(minimum.converged).toBe(true);
    expect(minimum.point[0]).toBeCloseTo(1, 5);
    expect(minimum.point[1]).toBeCloseTo(1, 5);
  });

  it('says when it ran out of iterations', () => {
    const minimum = minimizeNelderMead(([x = 0]) => (x - 3) ** 2, [0], { maxIterations: 3 });
    expect(minimum.converged).toBe(false);
    expect(minimum.iterations).toBe(3);
  });
});

describe('fitMaximumLikelihood', () => {
  it('recovers a normal mean and its standard error from the observed information', () => {
    // ln L of n = 400 draws with mean 5 and known σ = 2, over ln μ: the MLE is the sample mean, and the
    // variance of ln μ̂ is σ² / (n μ²).
    const n = 400;
    const mean = 5;
    const fit = fitMaximumLikelihood(([logMu = 0]) => -(n * (mean - Math.exp(logMu)) ** 2) / (2 * 4), [0]);
    expect(Math.exp(fit.logParams[0] ?? NaN)).toBeCloseTo(mean, 5);
    expect(fit.covariance?.[0]?.[0]).toBeCloseTo(4 / (n * mean * mean), 6);
  });

  it('has no covariance where the likelihood does not depend on a parameter', () => {
    const fit = fitMaximumLikelihood(([a = 0]) => -((a - 1) ** 2), [0, 0]);
    expect(fit.logParams[0]).toBeCloseTo(1, 5);
    expect(fit.covariance).toBeNull();
  });
});

describe('numericHessian', () => {
  it('computes the second derivatives, mixed ones included', () => {
    expect(numericHessian(([x = 0, y = 0]) => x * x + 3 * x * y - y * y + x ** 3, [0.5, 2])).toEqual([
      [expect.closeTo(2 + 6 * 0.5, 6), expect.closeTo(3, 6)],
      [expect.closeTo(3, 6), expect.closeTo(-2, 6)],
    ]);
  });
});

describe('createSeededRandom', () => {
  it('gives the same draws for the same seed, uniform on [0, 1) and gamma with the stated shape and rate', () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => [random.uniform(), random.normal(), random.gamma(2, 3), random.beta(1, 4)]);
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    const random = createSeededRandom(11);
    const uniforms = Array.from({ length: 20_000 }, () => random.uniform());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const gammas = Array.from({ length: 20_000 }, () => random.gamma(3, 2));
    expect(gammas.reduce((sum, g) => sum + g, 0) / gammas.length).toBeCloseTo(1.5, 1);
    expect(() => createSeededRandom(0)).toThrow(/seed must be an integer/);
  });
});

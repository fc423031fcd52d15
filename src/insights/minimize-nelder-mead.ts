// Ours rather than npm's: the candidates found are unmaintained (`fmin` 0.0.4, last released 2016, untyped),
// carry build tools as runtime dependencies (`optimization-js` ships browserify and jsdoc), or solve least
// squares rather than a general objective (`ml-levenberg-marquardt`). Nelder–Mead needs no gradient, and on
// log-parameters it keeps every parameter positive without constraints.

/** Options of {@link minimizeNelderMead}. */
export interface NelderMeadOptions {
  /** Initial simplex edge along each coordinate. */
  readonly step?: number;
  /** Stop when the simplex's values differ by less than this (absolute) … */
  readonly valueTolerance?: number;
  /** … and its points by less than this in every coordinate. */
  readonly pointTolerance?: number;
  readonly maxIterations?: number;
}

/** Where {@link minimizeNelderMead} stopped. */
export interface Minimum {
  readonly point: readonly number[];
  readonly value: number;
  readonly iterations: number;
  /** False when it stopped at maxIterations rather than on the tolerances. */
  readonly converged: boolean;
}

interface Vertex {
  point: number[];
  value: number;
}

/** Minimizes `f` from `start` with the Nelder–Mead simplex (standard coefficients 1, 2, ½, ½). */
export function minimizeNelderMead(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const { step = 0.5, valueTolerance = 1e-9, pointTolerance = 1e-8, maxIterations = 10_000 } = options;
  const n = start.length;
  // A NaN (a parameter set the model rejects) ranks as worst, so the simplex moves away from it.
  const evaluate = (point: number[]): Vertex => {
    const value = f(point);
    return { point, value: Number.isNaN(value) ? Infinity : value };
  };
  const simplex = [evaluate([...start])];
  for (let i = 0; i < n; i += 1) simplex.push(evaluate(start.map((x, j) => (j === i ? x + step : x))));
  const along = (from: readonly number[], to: readonly number[], t: number): number[] =>
    from.map((x, j) => x + t * ((to[j] ?? 0) - x));

  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0] as Vertex;
    const worst = simplex[n] as Vertex;
    const spread = Math.max(...simplex.map((v) => Math.max(...v.point.map((x, j) => Math.abs(x - (best.point[j] ?? 0))))));
    if (worst.value - best.value <= valueTolerance && spread <= pointTolerance) {
      return { point: best.point, value: best.value, iterations: iteration, converged: true };
    }
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((sum, v) => sum + (v.point[j] ?? 0), 0) / n);
    const reflected = evaluate(along(centroid, worst.point, -1));
    const secondWorst = simplex[n - 1] as Vertex;
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.point, -2));
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[n] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = evaluate(along(centroid, worst.point, outside ? -0.5 : 0.5));
      if (contracted.value < (outside ? reflected.value : worst.value)) {
        simplex[n] = contracted;
      } else {
        for (let i = 1; i <= n; i += 1) simplex[i] = evaluate(along(best.point, (simplex[i] as Vertex).point, 0.5));
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  const best = simplex[0] as Vertex;
  return { point: best.point, value: best.value, iterations: maxIterations, converged: false };
}

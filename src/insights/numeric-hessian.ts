/** The matrix of second derivatives of `f` at `point`, by central differences with step `h`. */
export function numericHessian(f: (point: readonly number[]) => number, point: readonly number[], h = 1e-3): number[][] {
  const n = point.length;
  const at = (offsets: readonly (readonly [number, number])[]): number =>
    f(point.map((x, j) => offsets.reduce((sum, [index, delta]) => (index === j ? sum + delta : sum), x)));
  const centre = f(point);
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    const row = hessian[i] as number[];
    row[i] = (at([[i, h]]) - 2 * centre + at([[i, -h]])) / (h * h);
    for (let j = 0; j < i; j += 1) {
      const mixed =
        (at([[i, h], [j, h]]) - at([[i, h], [j, -h]]) - at([[i, -h], [j, h]]) + at([[i, -h], [j, -h]])) / (4 * h * h);
      row[j] = mixed;
      (hessian[j] as number[])[i] = mixed;
    }
  }
  return hessian;
}

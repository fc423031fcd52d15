/** True when `actual` equals `published` to `digits` significant digits (off by under half a unit in the last). */
export function agreesTo(digits: number, actual: number, published: number): boolean {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(published))) - (digits - 1));
  return Math.abs(actual - published) < unit / 2;
}

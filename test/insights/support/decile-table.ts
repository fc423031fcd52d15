/** A customer's expected and actual purchases over a holdout. */
export interface Forecast {
  readonly expected: number;
  readonly actual: number;
}

/**
 * The calibration table of a holdout: customers sorted by expected purchases into ten equal groups, each with
 * its mean expected and mean actual purchases per customer, as a markdown table.
 */
export function decileTable(forecasts: readonly Forecast[]): string {
  const sorted = [...forecasts].sort((p, q) => p.expected - q.expected);
  const rows = Array.from({ length: 10 }, (_, decile) => {
    const group = sorted.slice(Math.floor((decile * sorted.length) / 10), Math.floor(((decile + 1) * sorted.length) / 10));
    const mean = (pick: (f: Forecast) => number) => group.reduce((sum, f) => sum + pick(f), 0) / group.length;
    const expected = mean((f) => f.expected);
    const actual = mean((f) => f.actual);
    return `| ${decile + 1} | ${group.length} | ${expected.toFixed(3)} | ${actual.toFixed(3)} | ${((expected / actual - 1) * 100).toFixed(0)} % |`;
  });
  return ['| Decile | Customers | Expected per customer | Actual per customer | Expected vs actual |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

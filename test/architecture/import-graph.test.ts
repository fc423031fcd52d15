import { describe, expect, it } from 'vitest';
import { cyclesOf } from '../../scripts/architecture/import-graph.js';
import { LAYERS, concernOf, errorCodesIn, layerOf, measureArchitecture, type Measure } from '../../scripts/architecture/measure.js';

const report = measureArchitecture(process.cwd());
const measure = (prefix: string): Measure => {
  const found = report.measures.find((m) => m.name.startsWith(prefix));
  if (!found) throw new Error(`no measure named ${prefix}`);
  return found;
};

describe('the import graph', () => {
  it('finds cycles, self-loops included, and nothing in an acyclic graph', () => {
    expect(cyclesOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']])).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf(['a'], [['a', 'a']])).toEqual([['a']]);
    expect(cyclesOf(['a', 'b', 'c'], [['a', 'b'], ['b', 'c'], ['a', 'c']])).toEqual([]);
  });

  it('names a concern after the folder below its tree', () => {
    expect(concernOf('src/cache/two-levels.ts')).toBe('src/cache');
    expect(concernOf('connectors/shopify/sandbox/store.ts')).toBe('connectors/shopify');
    expect(concernOf('src/app.ts')).toBe('src');
  });

  it('places each concern in one layer', () => {
    const all = LAYERS.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(layerOf('src/model')).toBe(0);
    expect(layerOf('src')).toBe(LAYERS.length - 1);
    expect(layerOf('src/nowhere')).toBeUndefined();
  });

  it('has no cycle between the concerns of src/ and connectors/', () => {
    expect(measure('concern cycles').details).toEqual([]);
  });

  it('has no cycle between files either, and no Proxy on the silo-call path (one typed pipeline instead)', () => {
    expect(measure('file cycles').details).toEqual([]);
    expect(measure('Proxy decorators on the silo-call path').details).toEqual([]);
  });

  it('keeps the canonical model and the connector contract in one home, src/model', () => {
    expect(measure('homes of the model').details).toEqual(['src/model']);
  });

  it('lets connectors reach the gateway only through src/model, and the gateway reach connectors only from its composition root', () => {
    expect(measure('connectors → src').details).toEqual([]);
    expect(measure('src → connectors').details).toEqual([]);
  });

  it('imports only downwards through the layers ARCHITECTURE.md draws, every concern placed', () => {
    expect(measure('imports against the layer order').details).toEqual([]);
  });

  it("imports another concern's files only through its index.ts", () => {
    expect(measure('index bypasses').details).toEqual([]);
  });

  it('reads configuration from the environment in one place (src/config, parsed once at the root)', () => {
    expect(measure('places reading configuration').details).toEqual([]);
  });

  it("asserts the gateway's own pageInfo somewhere", () => {
    expect(measure("suites asserting the gateway's pageInfo").value).toBeGreaterThanOrEqual(1);
  });

  it('has one email and one phone normaliser, spelled the British way, and one way of filing look-up results', () => {
    expect(measure('exported email/phone normalisers').details).toEqual(['normaliseEmail (src/model/identifiers.ts)', 'normalisePhone (src/model/identifiers.ts)']);
    expect(measure('identifiers spelled "normalize"').value).toBe(0);
    expect(measure('vendor files that file look-up results by hand').details).toEqual([]);
  });

  it('finds the codes product code emits in literals, class fields and error helpers, not in comparisons', () => {
    const source = [
      "extensions: { code: 'FORBIDDEN', category }", 'readonly code = "AUDIT_UNAVAILABLE";', "error.extensions.code = 'TOKEN_LIMIT_EXCEEDED';",
      "replyWithError(reply, 'NOT_FOUND', msg)", "problem(reply, 404, 'EXPORT_LINK_INVALID', msg)", "new QueryLimitExceeded('COST_LIMIT_EXCEEDED', msg)",
      "if (error.extensions.code === 'GRAPHQL_PARSE_FAILED') return;", "const code = isSourceError(error) ? error.code : 'INTERNAL_ERROR';",
    ].join('\n');
    expect(errorCodesIn(source).sort()).toEqual(['AUDIT_UNAVAILABLE', 'COST_LIMIT_EXCEEDED', 'EXPORT_LINK_INVALID', 'FORBIDDEN', 'NOT_FOUND', 'TOKEN_LIMIT_EXCEEDED']);
  });

  it('lists every error code product code emits in src/errors/codes.ts', () => {
    const codes = measure('error codes used in product code');
    expect(codes.details.slice(1)).toEqual([]);
    expect(codes.value).toBe(codes.target);
    expect(Number(/^listed: (\d+)$/.exec(codes.details[0] ?? '')?.[1])).toBeGreaterThanOrEqual(30);
  });
});

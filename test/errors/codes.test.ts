import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { errorCodesIn } from '../../scripts/architecture/measure.js';
import { ERROR_CODES, ERROR_CODE_LIST, errorCodeInfo, isErrorCode, statusOf, type ErrorCode } from '../../src/errors/index.js';
import { CircuitOpen, SourceBadResponse, SourceRateLimited, SourceTimeout, SourceUnavailable, type SourceErrorCode } from '../../src/model/index.js';

/** The product's TypeScript files outside the sandboxes (which speak their vendors' codes) and the table itself. */
function productSources(): [file: string, text: string][] {
  return ['src', 'connectors']
    .flatMap((root) => readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => join(root, f)))
    .filter((f) => f.endsWith('.ts') && !/^connectors\/(sandbox-kit|\w+\/sandbox)\//.test(f) && f !== 'src/errors/codes.ts')
    .map((f) => [f, readFileSync(f, 'utf8')]);
}

describe('the table of error codes', () => {
  const sources = productSources();

  it('lists every code product code emits', () => {
    const emitted = new Set(sources.flatMap(([file, text]) => (file.startsWith('src/config/') ? [] : errorCodesIn(text))));
    expect(emitted.size).toBeGreaterThan(10);
    expect([...emitted].filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it("lists no code the gateway never answers with: each of its own is in product code, Apollo Server's are Apollo's", () => {
    const apollo = new Set<string>(Object.values(ApolloServerErrorCode));
    const own = ERROR_CODE_LIST.filter((code) => !errorCodeInfo(code).apollo);
    expect(own.filter((code) => !sources.some(([, text]) => text.includes(`'${code}'`)))).toEqual([]);
    expect(ERROR_CODE_LIST.filter((code) => errorCodeInfo(code).apollo && !apollo.has(code))).toEqual([]);
  });

  // Automatic persisted queries are on (Apollo Server's default), so PERSISTED_QUERY_NOT_SUPPORTED cannot occur.
  it("lists every code of Apollo Server's the gateway can answer with", () => {
    const reachable = Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED);
    expect(reachable.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('holds every silo failure of the connector contract, answered 503 and on the fields the silo backs', () => {
    expectTypeOf<SourceErrorCode>().toExtend<ErrorCode>();
    const failures = [SourceUnavailable, SourceTimeout, SourceRateLimited, SourceBadResponse, CircuitOpen].map((Failure) => new Failure('POS', 'failed'));
    expect(failures.map((f) => [f.code, isErrorCode(f.code) && errorCodeInfo(f.code)])).toEqual(
      failures.map((f) => [f.code, expect.objectContaining({ status: 503, field: true })]),
    );
  });

  it('gives each code an HTTP status and a meaning; a code that only comes on a field answers 200', () => {
    for (const code of ERROR_CODE_LIST) {
      const { status, meaning, field } = errorCodeInfo(code);
      expect(Number.isInteger(status) && status >= 200 && status < 600, code).toBe(true);
      expect(meaning, code).toMatch(/^\S.{20,}\.$/);
      if (status < 400) expect(field === true || code === 'PERSISTED_QUERY_NOT_FOUND', code).toBe(true);
    }
    expect(statusOf('EXPORT_LINK_EXPIRED')).toBe(410);
    expect(ERROR_CODES.PAYLOAD_TOO_LARGE.status).toBe(413);
  });

  it('tells its codes from anything else, inherited object keys included', () => {
    expect(ERROR_CODE_LIST.every(isErrorCode)).toBe(true);
    for (const other of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'forbidden', 'THROTTLED', '', null, undefined, 401, {}]) {
      expect(isErrorCode(other), String(other)).toBe(false);
    }
  });
});

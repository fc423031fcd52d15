import { ERROR_CODE_LIST, errorCodeInfo, type ErrorCodeInfo } from '../../src/errors/index.js';

/** The lines around the generated table in README.md. */
export const TABLE_START = '<!-- error-codes:start — generated from src/errors/codes.ts by `npm run errors:table`; do not edit -->';
export const TABLE_END = '<!-- error-codes:end -->';

function statusCell({ status, field }: ErrorCodeInfo): string {
  if (!field) return String(status);
  return status === 200 ? '200, on a field' : `${status}; 200 on a field`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The README's error table: one row per code of src/errors/codes.ts, in its order. */
export function renderErrorTable(): string[] {
  return [
    '| code | HTTP status | meaning |',
    '| --- | --- | --- |',
    ...ERROR_CODE_LIST.map((code) => {
      const info = errorCodeInfo(code);
      return `| \`${code}\` | ${statusCell(info)} | ${cell(info.meaning)}${info.apollo ? " Apollo Server's own code." : ''} |`;
    }),
  ];
}

/** The table lines between the markers of a README, or null when the markers are missing. */
export function readErrorTable(readme: string): string[] | null {
  const lines = readme.split('\n');
  const start = lines.indexOf(TABLE_START);
  const end = lines.indexOf(TABLE_END);
  return start < 0 || end < start ? null : lines.slice(start + 1, end);
}

/** The README with its table replaced by the rendered one; throws when the markers are missing. */
export function withErrorTable(readme: string): string {
  const lines = readme.split('\n');
  const start = lines.indexOf(TABLE_START);
  const end = lines.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no error table: put the lines ${TABLE_START} and ${TABLE_END} where it goes`);
  return [...lines.slice(0, start + 1), ...renderErrorTable(), ...lines.slice(end)].join('\n');
}

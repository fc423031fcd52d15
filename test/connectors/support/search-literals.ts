const TERM = /^(\w+):"((?:[^"\\]|\\.)*)"/;

/**
 * The values a search query looks for, when it is made only of quoted `field:"value"` terms joined by ` OR `
 * (after a fixed prefix, before a fixed suffix). Throws on anything else: an operator, wildcard or field outside
 * quotes is exactly what could widen a search.
 */
export function literalsOfQuery(query: string, { fields, prefix = '', suffix = '' }: { fields: readonly string[]; prefix?: string; suffix?: string }): string[] {
  const refuse = () => new Error(`not a search of literal values: ${query}`);
  let rest = query;
  if (prefix !== '') {
    if (!rest.startsWith(`${prefix} `)) throw refuse();
    rest = rest.slice(prefix.length + 1);
  }
  if (suffix !== '') {
    if (!rest.endsWith(` ${suffix}`)) throw refuse();
    rest = rest.slice(0, -suffix.length - 1);
  }
  const values: string[] = [];
  for (;;) {
    const term = TERM.exec(rest);
    if (!term || !fields.includes(term[1] ?? '')) throw refuse();
    values.push((term[2] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(term[0].length);
    if (rest === '') return values;
    if (!rest.startsWith(' OR ')) throw refuse();
    rest = rest.slice(' OR '.length);
  }
}

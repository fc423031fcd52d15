/** Where a text stops being JSON. */
export interface JsonPosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// JSON forbids raw control characters inside strings.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * The line and column of the first syntax error in a text JSON.parse rejected. JSON.parse's own message quotes the
 * text around the fault (personal data, in a world file) and not always where it is, so the grammar is walked here.
 */
export function jsonSyntaxErrorAt(text: string): JsonPosition {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const token = (pattern: RegExp): boolean => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  const expect = (char: string) => {
    space();
    if (text.charAt(i) !== char) throw i;
    i++;
  };
  const members = (close: string, member: () => void) => {
    space();
    if (text.charAt(i) === close) return void i++;
    for (;;) {
      member();
      space();
      if (text.charAt(i) === close) return void i++;
      expect(',');
    }
  };
  const value = (): void => {
    space();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      return members('}', () => {
        space();
        if (!token(STRING)) throw i;
        expect(':');
        value();
      });
    }
    if (c === '[') {
      i++;
      return members(']', value);
    }
    if (!token(c === '"' ? STRING : LITERAL)) throw i;
  };
  let at = text.length;
  try {
    value();
    space();
    if (i < text.length) at = i;
  } catch (offset) {
    at = typeof offset === 'number' ? offset : text.length;
  }
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

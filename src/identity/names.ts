// Common English given-name short forms. Either side may be the short form.
const SHORT_FORMS: Readonly<Record<string, readonly string[]>> = {
  robert: ['bob', 'rob', 'bobby', 'robbie'], william: ['bill', 'will', 'billy', 'liam'], richard: ['rick', 'dick', 'rich'],
  james: ['jim', 'jimmy', 'jamie'], michael: ['mike', 'mick', 'mikey'], elizabeth: ['liz', 'beth', 'lizzie', 'eliza', 'betty'],
  katherine: ['kate', 'kathy', 'katie', 'kat'], catherine: ['cathy', 'kate', 'cat'], jennifer: ['jen', 'jenny'],
  margaret: ['maggie', 'meg', 'peggy'], thomas: ['tom', 'tommy'], christopher: ['chris', 'kit'], daniel: ['dan', 'danny'],
  matthew: ['matt'], anthony: ['tony'], joseph: ['joe', 'joey'], patricia: ['pat', 'patty', 'trish'], susan: ['sue', 'susie'],
  rebecca: ['becky', 'becca'], alexander: ['alex', 'xander'], alexandra: ['alex', 'sasha'], samantha: ['sam'], samuel: ['sam'],
  benjamin: ['ben', 'benny'], nicholas: ['nick', 'nicky'], jonathan: ['jon', 'jonny'], victoria: ['vicky', 'tori'],
  edward: ['ed', 'eddie', 'ted'], stephanie: ['steph'], timothy: ['tim', 'timmy'], andrew: ['andy', 'drew'],
  david: ['dave'], steven: ['steve'], stephen: ['steve'], jacob: ['jake'], joshua: ['josh'], zachary: ['zach'],
  gregory: ['greg'], kimberly: ['kim'], deborah: ['deb', 'debbie'], pamela: ['pam'], jessica: ['jess'],
  charles: ['charlie', 'chuck'], frederick: ['fred'], lawrence: ['larry'], ronald: ['ron'], donald: ['don'],
};

const EQUIVALENT = new Map<string, Set<string>>();
for (const [full, shorts] of Object.entries(SHORT_FORMS)) {
  for (const name of [full, ...shorts]) {
    const set = EQUIVALENT.get(name) ?? new Set<string>();
    set.add(full);
    for (const s of shorts) set.add(s);
    EQUIVALENT.set(name, set);
  }
}

/** Lower-case, accents stripped, letters only: the form names are compared in. */
export function nameKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
  return key === '' ? null : key;
}

/**
 * Whether two spellings differ by one slip of the keyboard: two neighbours swapped, a letter doubled or
 * undoubled, or (in names of six letters or more) one letter replaced. Short distinct names such as
 * Mark and Mary, or Anna and Hanna, are not typos of each other.
 */
export function isTypo(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    if (diff.length === 2) {
      const [i, j] = diff as [number, number];
      return j === i + 1 && a[i] === b[j] && a[j] === b[i];
    }
    return diff.length === 1 && a.length >= 6;
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i) + long.slice(i + 1) === short) return long[i] === long[i - 1] || long[i] === long[i + 1];
  }
  return false;
}

/** Whether two given names can be the same person's: equal, a known short form, or one typo apart. */
export function givenNamesCompatible(a: string | null, b: string | null): boolean {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === null || y === null || x === y) return true;
  if (EQUIVALENT.get(x)?.has(y)) return true;
  return isTypo(x, y);
}

/** Whether two family names are the same up to one typo. */
export function familyNamesMatch(a: string | null, b: string | null): boolean {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === null || y === null) return false;
  return x === y || isTypo(x, y);
}

/**
 * Jaro-Winkler similarity of two compared-form names (0..1), which rewards a shared beginning: Jon and John 0.93,
 * Mark and Mary 0.88. Kept here rather than taken from the registry: it is a dozen lines of a fixed algorithm, and
 * the packages that offer it are unmaintained or come inside whole text-processing toolkits.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const matchedB = new Array<boolean>(b.length).fill(false);
  const matchesA: string[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (!matchedB[j] && a[i] === b[j]) {
        matchedB[j] = true;
        matchesA.push(a[i] as string);
        break;
      }
    }
  }
  const m = matchesA.length;
  if (m === 0) return 0;
  const matchesB = [...b].filter((_, j) => matchedB[j]);
  const transpositions = matchesA.filter((ch, k) => ch !== matchesB[k]).length / 2;
  const jaro = (m / a.length + m / b.length + (m - transpositions) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] !== undefined && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

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

/** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** Whether two given names can be the same person's: equal, a known short form, or one typo apart. */
export function givenNamesCompatible(a: string | null, b: string | null): boolean {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === null || y === null || x === y) return true;
  if (EQUIVALENT.get(x)?.has(y)) return true;
  return Math.min(x.length, y.length) >= 4 && editDistance(x, y) <= 1;
}

/** Whether two family names are the same up to one typo. */
export function familyNamesMatch(a: string | null, b: string | null): boolean {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === null || y === null) return false;
  return x === y || (Math.min(x.length, y.length) >= 4 && editDistance(x, y) <= 1);
}

import { closest, distance } from 'fastest-levenshtein';
import type { SettingsIssue } from './settings-error.js';

/** The namespaces of a set of settings: the first word of each (`CACHE_` of `CACHE_TTL_SECONDS`); one-word names have none. */
export function namespacesOf(names: readonly string[]): string[] {
  return [...new Set(names.filter((name) => name.includes('_')).map((name) => name.slice(0, name.indexOf('_') + 1)))];
}

/**
 * The variables that sit in a namespace of `names` without being one of them, each with a "did you mean" when a
 * setting is a typo away. Variables outside every namespace (PATH, HOME, NODE_OPTIONS) are not the gateway's.
 */
export function unknownSettings(variables: readonly string[], names: readonly string[]): SettingsIssue[] {
  const known = new Set(names);
  const namespaces = namespacesOf(names);
  return variables
    .filter((variable) => !known.has(variable) && namespaces.some((prefix) => variable.startsWith(prefix)))
    .map((setting) => {
      const near = closest(setting, [...names]);
      // A few edits per name: close enough to be a typo, far enough not to suggest an unrelated setting.
      const hint = distance(setting, near) <= Math.max(2, Math.floor(setting.length / 5)) ? `did you mean ${near}?` : 'remove it (README, "Settings", lists every setting)';
      return { setting, kind: 'unknown' as const, message: `${setting} is not a setting: ${hint}` };
    });
}

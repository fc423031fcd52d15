import { closest, distance } from 'fastest-levenshtein';
import type { SettingsIssue } from './settings-error.js';

// Kubernetes gives every container `<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT`, `<SERVICE>_PORT_6379_TCP_ADDR`, … for
// each service in its namespace (a service named redis yields REDIS_PORT): the cluster's variables, not settings.
const SERVICE_LINK = /_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

/** The namespaces of a set of settings: the first word of each (`CACHE_` of `CACHE_TTL_SECONDS`); one-word names have none. */
export function namespacesOf(names: readonly string[]): string[] {
  return [...new Set(names.filter((name) => name.includes('_')).map((name) => name.slice(0, name.indexOf('_') + 1)))];
}

/**
 * The variables that sit in a namespace of `names` without being one of them, each with a "did you mean" when a
 * setting is a typo away. Variables outside every namespace (PATH, HOME, NODE_OPTIONS) and Kubernetes service links
 * (REDIS_PORT, REDIS_SERVICE_HOST) are not the gateway's.
 */
export function unknownSettings(variables: readonly string[], names: readonly string[]): SettingsIssue[] {
  const known = new Set(names);
  const namespaces = namespacesOf(names);
  return variables
    .filter((variable) => !known.has(variable) && !SERVICE_LINK.test(variable) && namespaces.some((prefix) => variable.startsWith(prefix)))
    .map((setting) => {
      const near = closest(setting, [...names]);
      // A few edits per name: close enough to be a typo, far enough not to suggest an unrelated setting.
      const hint = distance(setting, near) <= Math.max(2, Math.floor(setting.length / 5)) ? `did you mean ${near}?` : 'remove it (README, "Settings", lists every setting)';
      return { setting, kind: 'unknown' as const, message: `${setting} is not a setting: ${hint}` };
    });
}

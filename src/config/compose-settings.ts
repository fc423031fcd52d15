import { z } from 'zod';
import { SettingsError, type SettingsIssue } from './settings-error.js';
import { unknownSettings } from './unknown-settings.js';

/** The variables a process was started with. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * One concern's settings: a zod object keyed by the variables it reads, usually piped into the concern's own shape.
 * An issue's path is the variable at fault; its message says what the setting expects, or is a whole sentence
 * that starts with the variable's name (the connectors phrase theirs so).
 */
export type SettingsSlice = z.ZodObject | z.ZodPipe<z.ZodObject, z.ZodType>;

/** Slices by the concern that receives them. */
export type SettingsSlices = Readonly<Record<string, SettingsSlice>>;

/** What parsing a set of slices yields: each concern's own typed, read-only settings. */
export type SettingsOf<S extends SettingsSlices> = { readonly [K in keyof S]: Readonly<z.output<S[K]>> };

/** Slices composed into one schema. */
export interface ComposedSettings<S extends SettingsSlices> {
  /** Every setting, sorted. */
  readonly names: readonly string[];
  /** The default of each setting that has one, as its slice reads it (the README's table states them). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Parses the environment once; a SettingsError lists every invalid and unknown setting, never a value. */
  parse(env: Environment): SettingsOf<S>;
}

function shapeOf(slice: SettingsSlice): z.ZodRawShape {
  return (slice instanceof z.ZodPipe ? slice.in : slice).shape;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function issueOf(issue: z.core.$ZodIssue): SettingsIssue {
  // path: [concern, VARIABLE]; a slice-level issue without a variable names its concern.
  const setting = String(issue.path[1] ?? issue.path[0] ?? '(settings)');
  const message = issue.message.startsWith(setting) ? issue.message : `${setting}: ${issue.message}`;
  return { setting, kind: 'invalid', message };
}

/**
 * Composes per-concern slices into one schema, the way graphql-yoga composes its plugins' options into one config:
 * every slice reads the same environment, and a variable belongs to exactly one slice, so each is validated once.
 */
export function composeSettings<S extends SettingsSlices>(slices: S): ComposedSettings<S> {
  const owner = new Map<string, string>();
  const defaults: Record<string, unknown> = {};
  for (const [concern, slice] of Object.entries(slices)) {
    for (const [variable, schema] of Object.entries(shapeOf(slice))) {
      const other = owner.get(variable);
      if (other) throw new Error(`${variable} is read by both the ${other} and the ${concern} settings: give it to one and hand it to the other`);
      owner.set(variable, concern);
      if (schema instanceof z.ZodDefault) defaults[variable] = schema.def.defaultValue;
    }
  }
  const names = [...owner.keys()].sort();
  const schema = z.object(slices);
  return {
    names,
    defaults: Object.freeze(defaults),
    parse(env) {
      // An empty variable means "not set", as in most shells' `FOO= cmd`.
      const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
      const parsed = schema.safeParse(Object.fromEntries(Object.keys(slices).map((concern) => [concern, present])));
      const invalid = parsed.success ? [] : parsed.error.issues.map(issueOf);
      const issues = [...new Map([...invalid, ...unknownSettings(Object.keys(present), names)].map((i) => [i.message, i])).values()];
      if (!parsed.success || issues.length > 0) throw new SettingsError(issues.sort((a, b) => a.setting.localeCompare(b.setting)));
      return deepFreeze(parsed.data) as SettingsOf<S>;
    },
  };
}

import { z } from 'zod';

/** A connector setting as the environment gives it: trimmed, and unset when blank. */
const optionalSetting = z.string().optional().transform((value) => value?.trim() || undefined);

/** A problem with one setting: the variable at fault, and a line naming it and the fix, never its value. */
export interface SettingProblem {
  setting: string;
  line: string;
}

/** What the environment says about one vendor: a configured account's validated config, or the embedded sandbox. */
export type ConnectorTarget<Account, Sandbox> = { target: 'account'; config: Account } | ({ target: 'sandbox' } & Sandbox);

/** How a connector reads its slice of the settings. */
export interface ConnectorSettingsSpec<Shape extends z.ZodRawShape, K extends keyof Shape & string> {
  /** The connector's own config schema, which validates what the environment gives. */
  schema: z.ZodObject<Shape>;
  /** The variable behind each field the environment sets; without `baseUrl`'s the connector targets its sandbox. */
  variables: { baseUrl: string } & Partial<Record<keyof Shape & string, string>>;
  /** The fields a sandboxed connector still takes from the environment (the sandbox brings the rest). */
  sandbox: readonly K[];
  /** Names the variable behind a config issue and its fix; `input` is what was validated. */
  describe(issue: z.core.$ZodIssue, input: Record<string, unknown>): SettingProblem;
}

/**
 * A connector's slice of the settings: its variables (trimmed, blank = unset) validated once, by the connector's own
 * config schema, into a target; each problem is filed under its variable with the connector's fix.
 */
export function connectorSettings<Shape extends z.ZodRawShape, const K extends keyof Shape & string>(spec: ConnectorSettingsSpec<Shape, K>) {
  type Account = z.output<z.ZodObject<Shape>>;
  type Sandbox = z.output<z.ZodObject<Pick<Shape, K>>>;
  const fields = Object.entries(spec.variables) as [string, string][];
  const sandboxSchema = z.object(Object.fromEntries(spec.sandbox.map((field) => [field, spec.schema.shape[field] as z.ZodType])));
  return z.object(Object.fromEntries(fields.map(([, variable]) => [variable, optionalSetting]))).transform((env, ctx): ConnectorTarget<Account, Sandbox> => {
    const sandboxed = env[spec.variables.baseUrl] === undefined;
    const given = Object.fromEntries(fields.filter(([field]) => !sandboxed || spec.sandbox.includes(field as K)).map(([field, variable]) => [field, env[variable]]));
    const config = (sandboxed ? sandboxSchema : spec.schema).safeParse(given);
    if (!config.success) {
      for (const { setting, line } of config.error.issues.map((issue) => spec.describe(issue, given))) ctx.addIssue({ code: 'custom', path: [setting], message: line });
      return z.NEVER;
    }
    return sandboxed ? { target: 'sandbox', ...(config.data as Sandbox) } : { target: 'account', config: config.data as Account };
  });
}

/** How a sandboxed connector is pointed at its running sandbox. */
export interface SandboxTarget<Account, Sandbox> {
  /** The error when no sandbox runs: which variables to set instead. */
  missing: string;
  /** The connector's config against the sandbox at `baseUrl`, with the sandbox's credentials. */
  config(baseUrl: string, settings: Sandbox): Account;
}

/** A connector's config for its target: the account's as validated, or its sandbox's at `sandboxUrl`. */
export function resolveTarget<Account, Sandbox>(target: ConnectorTarget<Account, Sandbox>, sandboxUrl: string | undefined, sandbox: SandboxTarget<Account, Sandbox>): Account {
  if (target.target === 'account') return target.config;
  if (sandboxUrl === undefined) throw new Error(sandbox.missing);
  return sandbox.config(sandboxUrl, target);
}

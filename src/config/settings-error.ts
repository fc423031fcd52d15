/** One setting the gateway cannot start with. */
export interface SettingsIssue {
  /** The variable at fault. */
  setting: string;
  /** `invalid`: a value (or the lack of one) the setting does not take; `unknown`: in a gateway namespace but no setting. */
  kind: 'invalid' | 'unknown';
  /** One line that starts with the setting's name and says what it expects or how to fix it, never its value. */
  message: string;
}

/** The environment cannot start the gateway: every invalid and unknown setting at once, none of their values. */
export class SettingsError extends Error {
  /** Says why the process stopped, for whoever catches it. */
  readonly code = 'INVALID_SETTINGS';

  constructor(readonly issues: readonly SettingsIssue[]) {
    super(`invalid settings: ${issues.map((issue) => issue.message).join('; ')}`);
    this.name = 'SettingsError';
  }
}

/** The setting that names a world file. */
export const WORLD_FILE_SETTING = 'SANDBOX_WORLD_FILE';

/** One thing wrong with a world file: where (a JSON path such as `hubspot.contacts[3].email`) and the fix. */
export interface WorldFileIssue {
  path: string;
  /** What the field takes and how to fix it; never the value it held. */
  message: string;
}

/**
 * The world file cannot be served: every problem at once, each a JSON path and the fix, none of the file's values
 * (it holds personal data). Stops start-up as an invalid setting does (src/config's SettingsError), so it carries its code.
 */
export class WorldFileError extends Error {
  /** Says why the process stopped, for whoever catches it. */
  readonly code = 'INVALID_SETTINGS';

  constructor(readonly issues: readonly WorldFileIssue[]) {
    super(`invalid settings: ${WORLD_FILE_SETTING}: the world file has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'WorldFileError';
  }
}

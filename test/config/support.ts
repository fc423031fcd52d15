import { SettingsError } from '../../src/config/index.js';

/** The SettingsError `run` throws; anything else (or nothing) fails the test. */
export function settingsFailure(run: () => unknown): SettingsError {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

import { SOURCES, type Source } from '../model/index.js';
import type { SiloCallOutcome } from './guard-options.js';

/** Whether a silo took the gateway's credentials on its last answered call: `unknown` until one answers. */
export type CredentialState = 'accepted' | 'refused' | 'unknown';

/** Each silo's credential state, as `/readyz` and `/metrics` report it. */
export interface CredentialWatch {
  /** For the guard's `onOutcome`: an answered call says whether the silo took the credentials. */
  observe(outcome: Pick<SiloCallOutcome, 'source' | 'outcome'>): void;
  states(): Record<Source, CredentialState>;
}

/**
 * Creates the watch over every silo's credentials: `refused` from a `SOURCE_UNAUTHORIZED` until a call succeeds
 * again (a rotated token), `accepted` after a success. Other failures (timeouts, outages) say nothing about the
 * credentials and leave the state as it was.
 */
export function createCredentialWatch(): CredentialWatch {
  const state = new Map<Source, CredentialState>(SOURCES.map((s) => [s, 'unknown']));
  return {
    observe({ source, outcome }) {
      if (outcome === 'OK') state.set(source, 'accepted');
      else if (outcome === 'SOURCE_UNAUTHORIZED') state.set(source, 'refused');
    },
    states: () => Object.fromEntries(SOURCES.map((s) => [s, state.get(s) ?? 'unknown'])) as Record<Source, CredentialState>,
  };
}

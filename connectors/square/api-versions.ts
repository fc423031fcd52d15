// The Square-Version releases the connector has been checked against, oldest first. Square versions never expire
// (retired features fail on every version), so the list only grows; the newest is the default. Moving on is one line
// here plus the tests. 2026-09-16 is the version the official Node SDK (square 46.0.0) pins.

/** The Square-Version releases the connector supports and its sandbox serves, oldest first (the last is the default). */
export const SQUARE_VERSIONS = ['2026-01-22', '2026-05-20', '2026-07-15', '2026-08-19', '2026-09-16'] as const;

/** The Square-Version the connector sends unless SQUARE_VERSION says otherwise: the newest supported. */
export const DEFAULT_SQUARE_VERSION: string = SQUARE_VERSIONS[SQUARE_VERSIONS.length - 1] ?? '2026-09-16';

/** The shape of a Square-Version: a release date, YYYY-MM-DD. */
export const SQUARE_VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

import type { SiloTruth } from './world-types.js';

/** Groups records by the person they belong to: the shape `GET /__sandbox/truth` serves. */
export function truthOf(records: Iterable<{ id: string; personId: number }>): SiloTruth {
  const truth: SiloTruth = {};
  for (const { id, personId } of records) (truth[String(personId)] ??= []).push(id);
  return truth;
}

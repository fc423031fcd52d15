import { expect } from 'vitest';

/** Polls until `done` holds (a log line is written after its response has left), and fails when it never does. */
export async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(done()).toBe(true);
}

import { describe, expect, it } from 'vitest';
import { createAdmissionLimit } from '../../src/server/admission-limit.js';

describe('the adaptive in-progress limit of the admission gate', () => {
  it('starts at its maximum and cuts by a tenth for each busy request slower than the target, never below its minimum', () => {
    const limit = createAdmissionLimit({ min: 4, max: 64, targetMs: 1800 });
    expect(limit.current()).toBe(64);
    expect(limit.sample(1801, 64)).toBe(57);
    expect(limit.sample(3000, 57)).toBe(51);
    for (let i = 0; i < 50; i++) limit.sample(3000, limit.current());
    expect(limit.current()).toBe(4);
  });

  it('leaves the limit as it is for a slow request while few are in progress: a slow silo is not too much load', () => {
    const limit = createAdmissionLimit({ min: 4, max: 64, targetMs: 1800 });
    for (let i = 0; i < 20; i++) expect(limit.sample(3000, 31)).toBe(64);
  });

  it('grows back by one per quick request while at least half its slots are in use, and not past its maximum', () => {
    const limit = createAdmissionLimit({ min: 4, max: 8, targetMs: 1800 });
    for (let i = 0; i < 10; i++) limit.sample(3000, 8);
    expect(limit.current()).toBe(4);
    // Quick, but with one slot of four in use: no sign that more would be taken up.
    expect(limit.sample(100, 1)).toBe(4);
    expect(limit.sample(100, 2)).toBe(5);
    expect(limit.sample(1800, 3)).toBe(6);
    for (let i = 0; i < 10; i++) limit.sample(100, 8);
    expect(limit.current()).toBe(8);
  });
});

describe('the in-progress limit judging the event loop', () => {
  it('cuts the limit for a quick request that ends while the event loop runs late, and grows it back once the loop is on time', () => {
    const limit = createAdmissionLimit({ min: 4, max: 64, targetMs: 1800, maxLagMs: 100 });
    // Quick requests, each ending while the loop ran 250 ms late: the gateway's CPU, not its silos, is the bottleneck.
    expect(limit.sample(300, 64, 250)).toBe(57);
    expect(limit.sample(300, 57, 250)).toBe(51);
    expect(limit.sample(300, 51, 100)).toBe(52);
    expect(limit.sample(300, 52, 0)).toBe(53);
  });

  it('leaves the loop unjudged without maxLagMs, and when few requests are in progress', () => {
    const unjudged = createAdmissionLimit({ min: 4, max: 64, targetMs: 1800 });
    expect(unjudged.sample(300, 64, 10_000)).toBe(64);
    const judged = createAdmissionLimit({ min: 4, max: 64, targetMs: 1800, maxLagMs: 100 });
    expect(judged.sample(300, 31, 10_000)).toBe(64);
  });
});

import { describe, expect, it } from 'vitest';
import { createSourceTracker } from '../../src/context/index.js';
import { createLoaders } from '../../src/context/loaders.js';
import { SourceUnavailable } from '../../src/model/index.js';
import { cacheRig } from './support.js';

describe('the crmHistory loader', () => {
  it('batches every contact asked in one tick into one upstream read, and serves a later request from the cache', async () => {
    const rig = cacheRig();
    const loaders = () => createLoaders(rig.tracked, createSourceTracker(), { deadline: Date.now() + 5000, siloTimeoutMs: 5000 });
    const first = loaders();
    const histories = await Promise.all(['CRM-1', 'CRM-2', 'CRM-3', 'CRM-2'].map((id) => first.crmHistory.load(id)));
    expect(rig.fakes.callsOf('CRM', 'crm-history').map((c) => c.ids)).toEqual([['CRM-1', 'CRM-2', 'CRM-3']]);
    expect(histories.map((h) => h.map((c) => `${c.property} ${c.value}`))).toEqual([['LIFECYCLE_STAGE lead'], ['LIFECYCLE_STAGE lead'], ['LIFECYCLE_STAGE lead'], ['LIFECYCLE_STAGE lead']]);
    await loaders().crmHistory.loadMany(['CRM-1', 'CRM-3']);
    expect(rig.fakes.callsOf('CRM', 'crm-history')).toHaveLength(1);
  });

  it('reports the CRM unavailable where no history source is configured, never an empty history', async () => {
    const rig = cacheRig();
    const { crmHistory: _none, ...silos } = rig.tracked;
    const loaders = createLoaders(silos, createSourceTracker(), { deadline: Date.now() + 5000, siloTimeoutMs: 5000 });
    await expect(loaders.crmHistory.load('CRM-1')).rejects.toBeInstanceOf(SourceUnavailable);
  });
});

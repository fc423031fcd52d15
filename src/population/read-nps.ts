import type { Loaders } from '../context/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import type { NpsAnswer } from '../model/index.js';
import { readSilo, type SiloRead } from './read-purchases.js';

/**
 * Every NPS answer of the customer's CRM contacts, through the request's NPS loader (every customer asked in the same
 * tick shares one batched read). A CRM that failed identity resolution or this read is a FAILED gap with its code.
 */
export function readNps(customer: ResolvedCustomer, loaders: Pick<Loaders, 'nps'>): Promise<SiloRead<NpsAnswer>> {
  return readSilo(customer, 'CRM', async (ids) => {
    const answers = await loaders.nps.loadMany(ids);
    const thrown = answers.find((a): a is Error => a instanceof Error);
    if (thrown) throw thrown;
    return { items: (answers as NpsAnswer[][]).flat(), truncated: false };
  });
}

import type { Loaders } from '../context/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import { isSourceError, type NpsAnswer } from '../model/index.js';
import type { SiloRead } from './read-purchases.js';

/**
 * Every NPS answer of the customer's CRM contacts, through the request's NPS loader (every customer asked in the same
 * tick shares one batched read). A CRM that failed identity resolution or this read is a FAILED gap with its code.
 */
export async function readNps(customer: ResolvedCustomer, loaders: Pick<Loaders, 'nps'>): Promise<SiloRead<NpsAnswer>> {
  const failure = customer.failures.get('CRM');
  if (failure) return { items: [], covered: false, gap: { source: 'CRM', reason: 'FAILED', code: failure.code }, failure };
  const ids = customer.records.filter((r) => r.record.provenance.source === 'CRM').map((r) => r.record.provenance.recordId);
  if (ids.length === 0) return { items: [], covered: false, gap: null, failure: null };
  try {
    const answers = await loaders.nps.loadMany(ids);
    const thrown = answers.find((a): a is Error => a instanceof Error);
    if (thrown) throw thrown;
    return { items: (answers as NpsAnswer[][]).flat(), covered: true, gap: null, failure: null };
  } catch (error) {
    if (isSourceError(error)) return { items: [], covered: false, gap: { source: 'CRM', reason: 'FAILED', code: error.code }, failure: error };
    throw error;
  }
}

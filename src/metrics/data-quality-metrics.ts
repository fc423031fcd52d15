import { Gauge, type Registry } from 'prom-client';
import { DATA_QUALITY_CODES, SOURCES, type DataQualityCode, type Source } from '../model/index.js';

/** One count of the newest data-quality report. */
export interface DataQualityCount {
  source: Source;
  code: DataQualityCode;
  count: number;
}

/** The newest data-quality report's counts, per silo and code. */
export function createDataQualityMetrics(registry: Registry, prefix: string) {
  const findings = new Gauge({
    name: `${prefix}data_quality_findings`,
    help: 'Data-quality findings per silo and code in the newest data-quality report (a crawl of every customer); absent before the first',
    labelNames: ['source', 'code'] as const,
    registers: [registry],
  });
  return {
    /** Sets every silo's and code's count from a report (0 for those it found none of). */
    observeDataQuality(counts: readonly DataQualityCount[]): void {
      for (const source of SOURCES) for (const code of DATA_QUALITY_CODES) findings.set({ source, code }, 0);
      for (const { source, code, count } of counts) findings.set({ source, code }, count);
    },
  };
}

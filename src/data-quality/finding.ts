import type { ContactRecord, DataQualityCode, DataQualityDefect, DataQualityField } from '../model/index.js';

/** One defect of one silo record's field, with what is wrong said without the value. */
export interface DataQualityFinding extends DataQualityDefect {
  /** What is wrong, without the value (e.g. "domain on the disposable list", "too short for GB"). */
  detail: string;
}

/** A finding on one record. */
export function finding(record: ContactRecord, code: DataQualityCode, field: DataQualityField, detail: string): DataQualityFinding {
  return { source: record.provenance.source, recordId: record.provenance.recordId, field, code, detail };
}

/** The values a record holds of a list field (empty and blank entries hold nothing). */
export function held(values: readonly string[] | undefined): string[] {
  return (values ?? []).filter((v) => v.trim() !== '');
}

/** How a record is named in a detail: its silo and id (vendor ids are no personal value). */
export function recordLabel(record: ContactRecord): string {
  return `${record.provenance.source} ${record.provenance.recordId}`;
}

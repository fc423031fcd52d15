import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditAction } from '../audit/index.js';
import type { Principal } from '../auth/index.js';
import type { RecordInvalidator } from '../cache/index.js';
import type { RequestContext } from '../context/index.js';
import { givenNamesCompatible } from '../identity/index.js';
import type { Logger } from '../logging/index.js';
import {
  isSourceError,
  lookupKeyId,
  SOURCES,
  type ContactConnector,
  type LookupKey,
  type PrivacyConnector,
  type Source,
  type SourceRateLimited,
} from '../model/index.js';
import { hashIdentifiers, type IdentifierKind } from './identifier-hash.js';
import type { Sealer } from '../config/index.js';
import type { FindingRow, JobRow, PrivacyStore, StepRecord, StepRow, StepStatus, StoredJobStatus } from './store.js';
import { resolveSubject, type SubjectSelector } from './subject.js';

/** What a running job keeps sealed: the identifiers to find the subject by, read back and suppress. */
const SealedKeys = z.object({
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  /** Given names of the subject's records: a record found later by their email or phone must agree with one. */
  givenNames: z.array(z.string()),
});
type SealedKeys = z.infer<typeof SealedKeys>;

/** Timing of the erasure worker. */
export interface ErasureTiming {
  /** How often an idle worker looks for due steps. */
  pollMs: number;
  /** How long a claimed step or read-back is the claimer's; a crashed worker's claim runs out after it. */
  leaseMs: number;
  /** First retry delay of a failed step; doubles per attempt up to `retryCapMs`. */
  retryBaseMs: number;
  retryCapMs: number;
  /** How often a vendor's deferred erasure is checked. */
  vendorPollMs: number;
  /** Deadline of one vendor call. */
  callTimeoutMs: number;
}

/** Records a privacy operation and its outcome in the audit trail. */
export type RecordAction = (entry: AuditAction) => void;

/** What erasure needs from the gateway. */
export interface ErasureDeps {
  store: PrivacyStore;
  sealer: Sealer;
  hash: (kind: IdentifierKind, value: string) => string;
  /** The silos' deletion APIs, behind breakers, never cached. */
  privacy: Readonly<Record<Source, PrivacyConnector>>;
  /** The silos' contact reads, behind breakers, never cached: for the read-back. */
  contacts: Readonly<Record<Source, ContactConnector>>;
  invalidator: RecordInvalidator;
  /** A fresh context over the uncached silos: a subject is resolved from what the silos hold now. */
  context: (principal: Principal) => RequestContext;
  recordAction: RecordAction;
  timing: ErasureTiming;
  logger: Logger;
  /** Makes sure the tables exist (migrates on first use); runs before each piece of work. */
  ready?: () => Promise<unknown>;
  now?: () => number;
}

/** An erasure request as the API shows it. */
export interface ErasureView {
  job: JobRow;
  steps: StepRow[];
  joinedExisting: boolean;
}

const TERMINAL: ReadonlySet<StepStatus> = new Set(['DONE', 'NOTHING_FOUND']);

/** The statuses a job shows: as stored, with RUNNING split by its steps. */
export type ShownJobStatus = StoredJobStatus | 'PENDING_AT_VENDOR';

/** The status a job shows: RUNNING splits by its steps into RUNNING, PENDING_AT_VENDOR and VERIFYING. */
export function shownStatus(job: JobRow, steps: readonly StepRow[]): ShownJobStatus {
  if (job.status !== 'RUNNING') return job.status;
  const open = steps.filter((s) => !TERMINAL.has(s.status));
  if (open.length === 0) return 'VERIFYING';
  return open.every((s) => s.status === 'PENDING_AT_VENDOR') ? 'PENDING_AT_VENDOR' : 'RUNNING';
}

/** Erasure across every silo: durable jobs in the database, one step per silo, a worker that retries until done. */
export function createErasure(deps: ErasureDeps) {
  const { store, sealer, hash, timing, logger } = deps;
  const now = deps.now ?? Date.now;
  const at = (ms: number) => new Date(ms).toISOString();
  const backoff = (attempts: number) => Math.min(timing.retryCapMs, timing.retryBaseMs * 2 ** Math.max(0, attempts - 1)) * (0.75 + Math.random() * 0.5);
  const callOptions = () => ({ deadline: now() + timing.callTimeoutMs, priority: 'bulk' as const });

  function openKeys(job: JobRow): SealedKeys | null {
    const parsed = job.sealedKeys === null ? null : SealedKeys.safeParse(sealer.open(job.sealedKeys));
    return parsed?.success ? parsed.data : null;
  }

  /** Creates the job (or joins the one running for the same subject) from the subject as resolution links it now. */
  async function request(ctx: RequestContext, selector: SubjectSelector): Promise<ErasureView> {
    const subject = await resolveSubject(deps.context(ctx.principal), selector);
    const bySource = new Map<Source, string[]>();
    for (const { record } of subject.included) {
      const { source, recordId } = record.provenance;
      bySource.set(source, [...(bySource.get(source) ?? []), recordId]);
    }
    const givenNames = [...new Set(subject.included.map((r) => r.record.firstName).filter((n): n is string => n !== null))];
    const keys: SealedKeys = { ...subject.keys, givenNames };
    const subjectHashes = [
      ...hashIdentifiers(hash, keys).map((h) => h.hash),
      ...[...bySource].flatMap(([source, ids]) => ids.map((id) => hash('RECORD', `${source}:${id}`))),
      ...(selector.kind === 'customerId' ? [hash('RECORD', selector.value)] : []),
    ];
    const created = await store.createOrJoin({
      id: randomUUID(),
      requestedBy: ctx.principal.sub,
      customerId: subject.customer?.id ?? (selector.kind === 'customerId' ? selector.value : null),
      sealedKeys: sealer.seal(keys),
      forReview: subject.forReview.map((r) => ({ source: r.record.provenance.source, recordId: r.record.provenance.recordId, matchedOn: r.matchedOn, confidence: r.confidence })),
      subjectHashes,
      steps: SOURCES.map((source) => {
        const records: StepRecord[] = (bySource.get(source) ?? []).map((recordId) => ({ recordId, state: 'PENDING' }));
        const discover = subject.unreachable.includes(source);
        return { source, discover, records, status: records.length > 0 || discover ? 'PENDING' : 'NOTHING_FOUND' };
      }),
      now: at(now()),
    });
    const view = await store.job(created.id);
    if (!view) throw new Error('erasure job vanished after creation');
    deps.recordAction({
      sub: ctx.principal.sub,
      roles: ctx.principal.roles,
      action: 'privacy.erasure.requested',
      outcome: created.joined ? `joined ${created.id}` : `created ${created.id}`,
      customerIds: view.job.customerId ? [view.job.customerId] : [],
    });
    return { ...view, joinedExisting: created.joined };
  }

  /**
   * Finds the subject's records in a silo that could not be searched when the job was made, by every email and
   * phone of theirs (the other silos may be erased already, so resolving afresh could no longer reach it). As in
   * identity resolution, a shared email or phone counts only with a compatible given name.
   */
  async function discover(step: StepRow, keys: SealedKeys): Promise<StepRecord[]> {
    const wanted = lookupKeys(step.source, keys);
    const found = wanted.length === 0 ? new Map() : await deps.contacts[step.source].findContacts(wanted, callOptions());
    const known = new Set(step.records.map((r) => r.recordId));
    const same = (firstName: string | null) => keys.givenNames.length === 0 || keys.givenNames.some((n) => givenNamesCompatible(n, firstName));
    for (const record of [...found.values()].flat()) {
      if (same(record.firstName)) known.add(record.provenance.recordId);
    }
    const recorded = new Set(step.records.map((r) => r.recordId));
    return [...step.records, ...[...known].filter((id) => !recorded.has(id)).map((recordId): StepRecord => ({ recordId, state: 'PENDING' }))];
  }

  /** Runs one claimed step: discover if needed, ask the vendor to erase each record not yet done, or check deferred ones. */
  async function runStep(claimed: StepRow): Promise<void> {
    const lease = claimed.leaseUntil as string;
    const step: StepRow = { ...claimed, records: [...claimed.records], receipts: [...claimed.receipts] };
    const connector = deps.privacy[step.source];
    try {
      if (step.discover) {
        // Only discovery needs the job's sealed keys; deleting known records and checking deferred ones do not.
        const view = await store.job(step.jobId);
        const keys = view ? openKeys(view.job) : null;
        if (!keys) throw new Error('the job lost its sealed keys');
        step.records = await discover(step, keys);
        step.discover = false;
        await store.saveStep(step, lease, false);
      }
      for (const [n, record] of step.records.entries()) {
        if (record.state === 'PENDING') {
          const result = await connector.eraseRecord(record.recordId, callOptions());
          step.records[n] = { recordId: record.recordId, state: result.state };
          step.receipts.push(...result.receipts.map((vendor) => ({ recordId: record.recordId, attempt: step.attempts, vendor })));
          // Progress is kept after every vendor answer, so a crash never asks again for what is known done.
          if (!(await store.saveStep(step, lease, false))) return;
        } else if (record.state === 'PENDING_AT_VENDOR') {
          const presence = await connector.recordPresence(record.recordId, callOptions());
          if (presence === 'GONE') step.records[n] = { recordId: record.recordId, state: 'ERASED' };
        }
      }
      await deps.invalidator.invalidate(step.source, step.records.map((r) => r.recordId)).catch(() => undefined);
      const deferred = step.records.some((r) => r.state === 'PENDING_AT_VENDOR');
      step.status = step.records.length === 0 ? 'NOTHING_FOUND' : deferred ? 'PENDING_AT_VENDOR' : 'DONE';
      step.lastError = null;
      step.nextAttemptAt = at(now() + (deferred ? timing.vendorPollMs : 0));
    } catch (error) {
      const code = isSourceError(error) ? error.code : 'INTERNAL_ERROR';
      const hinted = isSourceError(error) && error.code === 'SOURCE_RATE_LIMITED' ? ((error as SourceRateLimited).retryAfterMs ?? 0) : 0;
      if (step.status !== 'PENDING_AT_VENDOR') step.status = 'RETRYING';
      step.lastError = code;
      step.nextAttemptAt = at(now() + Math.max(hinted, backoff(step.attempts)));
      logger.warn({ job: step.jobId, source: step.source, attempts: step.attempts, code }, 'erasure step failed: will retry');
    }
    await store.saveStep(step, lease, true);
  }

  /** The keys a silo can be searched by for the subject. */
  function lookupKeys(source: Source, keys: SealedKeys): LookupKey[] {
    const all: LookupKey[] = [...keys.emails.map((value) => ({ kind: 'email', value }) as const), ...keys.phones.map((value) => ({ kind: 'phone', value }) as const)];
    return all.filter((k) => deps.contacts[source].supports(k));
  }

  /** Looks the subject up in every silo once more, purges every replica's caches, then closes the job. */
  async function verify(job: JobRow): Promise<void> {
    const lease = job.leaseUntil as string;
    const keys = openKeys(job);
    const steps = await store.stepsOf([job.id]);
    const findings: FindingRow[] = [];
    const touched = new Map<Source, Set<string>>(SOURCES.map((s) => [s, new Set<string>()]));
    try {
      for (const step of steps) {
        for (const record of step.records) {
          touched.get(step.source)?.add(record.recordId);
          const presence = await deps.privacy[step.source].recordPresence(record.recordId, callOptions());
          if (presence !== 'GONE') findings.push({ source: step.source, recordId: record.recordId, reason: presence === 'PENDING_AT_VENDOR' ? 'the vendor has not finished its deferred erasure' : 'the vendor still holds the record after erasing it' });
        }
        const wanted = keys ? lookupKeys(step.source, keys) : [];
        if (wanted.length === 0) continue;
        const found = await deps.contacts[step.source].findContacts(wanted, callOptions());
        for (const key of wanted) {
          for (const record of found.get(lookupKeyId(key)) ?? []) {
            const id = record.provenance.recordId;
            if (findings.some((f) => f.source === step.source && f.recordId === id)) continue;
            touched.get(step.source)?.add(id);
            findings.push({ source: step.source, recordId: id, reason: `a record with the subject's ${key.kind} exists: created after the erasure began, or held by another person sharing it` });
          }
        }
      }
    } catch (error) {
      const code = isSourceError(error) ? error.code : 'INTERNAL_ERROR';
      logger.warn({ job: job.id, code }, 'erasure read-back failed: will retry');
      await store.postponeVerification(job.id, lease, at(now() + backoff(job.attempts)));
      return;
    }
    // Every replica forgets the subject's records and the look-ups that returned them (Redis carries it to the others).
    await Promise.all([...touched].map(([source, ids]) => deps.invalidator.invalidate(source, [...ids])));
    const nothing = steps.every((s) => s.status === 'NOTHING_FOUND');
    const status = findings.length > 0 ? 'COMPLETED_WITH_REMAINS' : nothing ? 'NOTHING_FOUND' : 'COMPLETED';
    const suppress = keys ? hashIdentifiers(hash, keys) : [];
    if (!(await store.complete(job.id, lease, { status, readBack: findings, suppress, now: at(now()) }))) return;
    deps.recordAction({ sub: 'gateway:erasure-worker', action: 'privacy.erasure.completed', outcome: `${status} ${job.id}`, customerIds: job.customerId ? [job.customerId] : [] });
    logger.info({ job: job.id, status, findings: findings.length }, 'erasure job finished');
  }

  /** Does one due piece of work; false when nothing was due. */
  async function tick(): Promise<boolean> {
    await deps.ready?.();
    const lease = () => at(now() + timing.leaseMs);
    const step = await store.claimStep(at(now()), lease());
    if (step) await runStep(step);
    const job = await store.claimVerification(at(now()), lease());
    if (job) await verify(job);
    return step !== null || job !== null;
  }

  /** Starts the worker loop; the returned function stops it after the piece of work in hand. */
  function start(): () => Promise<void> {
    let stopped = false;
    let wake: (() => void) | undefined;
    const loop = (async () => {
      while (!stopped) {
        let worked = false;
        try {
          worked = await tick();
        } catch (error) {
          logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'erasure worker: database not reachable, will retry');
        }
        if (!worked && !stopped) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timing.pollMs);
            timer.unref();
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
    return async () => {
      stopped = true;
      wake?.();
      await loop;
    };
  }

  return { request, tick, start };
}

/** The erasure service. */
export type Erasure = ReturnType<typeof createErasure>;

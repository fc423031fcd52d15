import type {
  CallOptions,
  ErasureResult,
  PrivacyConnector,
  RecordPresence,
  VendorReceipt,
} from '../../src/model/index.js';
import { isZendeskId, type ZendeskClient } from './client.js';

/** The vendor operations as Zendesk's API reference names them. */
const OPERATION = {
  deleteUser: 'DELETE /api/v2/users/{user_id}',
  showDeletedUser: 'GET /api/v2/deleted_users/{deleted_user_id}',
  permanentlyDeleteUser: 'DELETE /api/v2/deleted_users/{deleted_user_id}',
} as const;

/** What a user answer may put in a receipt: its id and `active`, never name, email or phone. */
type UserState = { status: number; user: { id: number; active?: boolean | undefined } } | null;

function receipt(operation: string, answer: UserState): VendorReceipt {
  const at = new Date().toISOString();
  // A 404 comes back as null from the client (the body is Zendesk's fixed `RecordNotFound`): nothing to keep.
  if (answer === null) return { operation, httpStatus: 404, response: {}, at };
  return { operation, httpStatus: answer.status, response: { id: answer.user.id, active: answer.user.active ?? null }, at };
}

/**
 * The data-subject half of the Zendesk connector. Erasure is Zendesk's two-step GDPR deletion: soft delete
 * (`DELETE /users/{id}`), then permanent deletion (`DELETE /deleted_users/{id}`). A run cut off between the
 * steps resumes: the soft delete then answers 404 and `GET /deleted_users/{id}` shows the user still waits.
 */
export function zendeskPrivacy(client: ZendeskClient): Omit<PrivacyConnector, 'source'> {
  return {
    async eraseRecord(userId: string, opts?: CallOptions): Promise<ErasureResult> {
      // Zendesk ids are integers: anything else cannot exist there.
      if (!isZendeskId(userId)) return { state: 'NOT_FOUND', receipts: [] };
      const receipts: VendorReceipt[] = [];
      const softDeleted = await client.deleteUser(userId, opts);
      receipts.push(receipt(OPERATION.deleteUser, softDeleted));
      if (softDeleted === null) {
        const waiting = await client.showDeletedUser(userId, opts);
        receipts.push(receipt(OPERATION.showDeletedUser, waiting));
        if (waiting === null) return { state: 'NOT_FOUND', receipts };
      }
      // A 429 here (700 permanent deletions per 10 minutes) throws SourceRateLimited with Zendesk's Retry-After.
      const purged = await client.permanentlyDeleteUser(userId, opts);
      receipts.push(receipt(OPERATION.permanentlyDeleteUser, purged));
      // A 404 now means it went between our calls (another run, or our own resent DELETE): gone all the same.
      return { state: 'ERASED', receipts };
    },

    async recordPresence(userId: string, opts?: CallOptions): Promise<RecordPresence> {
      if (!isZendeskId(userId)) return 'GONE';
      const user = await client.showUserState(userId, opts);
      // `active: false` means deleted (OAS); Zendesk may still show the scrubbed remnant of a permanently deleted
      // user, so only the deleted-users endpoint tells whether the data is still held.
      if (user !== null && user.user.active !== false) return 'PRESENT';
      return (await client.showDeletedUser(userId, opts)) === null ? 'GONE' : 'PRESENT';
    },

    async writeEmailConsent() {
      return { state: 'NOT_SUPPORTED', detail: 'Zendesk holds no marketing consent', receipts: [] };
    },
  };
}

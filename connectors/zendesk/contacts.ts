import { collectPages, type CallOptions, type ContactConnector, type ContactRecord, type ListWindow, type Page } from '../../src/model/index.js';
import { inBatches, type RequestMemo } from '../shared/index.js';
import type { ZendeskClient } from './client.js';
import { PAGE_SIZE_LIMIT, SHOW_MANY_LIMIT, isZendeskId } from './limits.js';
import { findContacts } from './find-contacts.js';
import { identitiesByUser, toContactRecord } from './mapping.js';
import type { ZendeskUser } from './schemas.js';

/** Bounds one `listContacts` call: at most this many pages of 100 users. */
const MAX_LIST_PAGES = 20;

/**
 * The contact half of the Zendesk connector: end-users by id, by lookup key, and listed in id order. Users that came
 * sideloaded with a ticket earlier in the same request (`sideloaded`, by id) are answered from there.
 */
export function createContactReads(client: ZendeskClient, sideloaded: RequestMemo<ZendeskUser>): Omit<ContactConnector, 'source' | 'system' | 'supports'> {
  return {
    async getContacts(ids, opts) {
      const fetchedAt = new Date().toISOString();
      const found = new Map<string, ContactRecord>();
      const missing: string[] = [];
      // Zendesk ids are integers: anything else cannot exist there, and would fail the whole batch.
      for (const id of new Set(ids.filter(isZendeskId))) {
        const user = sideloaded.get(opts?.scope, id);
        if (user) found.set(id, toContactRecord(user, fetchedAt));
        else missing.push(id);
      }
      const fetched = await inBatches(missing, SHOW_MANY_LIMIT, async (batch) => {
        const { users, identities } = await client.showManyUsers('ids', batch, opts);
        const byUser = identitiesByUser(identities);
        return new Map(users.map((user) => [String(user.id), toContactRecord(user, fetchedAt, byUser.get(user.id) ?? [])]));
      });
      for (const [id, record] of fetched) found.set(id, record);
      return found;
    },

    findContacts: (keys, opts) => findContacts(client, keys, opts),

    async listContacts(window: ListWindow, opts?: CallOptions): Promise<Page<ContactRecord>> {
      const fetchedAt = new Date().toISOString();
      const { items, next } = await collectPages<ContactRecord, string>(
        async (after, wanted) => {
          const page = await client.listUsers(Math.min(PAGE_SIZE_LIMIT, wanted), after, opts);
          const more = page.meta.has_more && page.meta.after_cursor !== null;
          const byUser = identitiesByUser(page.identities);
          return { items: page.users.map((user) => toContactRecord(user, fetchedAt, byUser.get(user.id) ?? [])), next: more ? (page.meta.after_cursor ?? undefined) : undefined };
        },
        { limit: Math.max(0, window.first), maxPages: MAX_LIST_PAGES, start: window.after ?? undefined },
      );
      return { items, next: next ?? null, totalCount: null };
    },
  };
}

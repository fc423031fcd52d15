import { collectPages, type CallOptions, type ContactConnector, type ContactRecord, type ListWindow, type Page } from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import { PAGE_SIZE_LIMIT, SHOW_MANY_LIMIT, isZendeskId, type ZendeskClient } from './client.js';
import { findUsers } from './find-users.js';
import { toContactRecord } from './mapping.js';

/** Bounds one `listContacts` call: at most this many pages of 100 users. */
const MAX_LIST_PAGES = 20;

/** The contact half of the Zendesk connector: end-users by id, by lookup key, and listed in id order. */
export function zendeskContacts(client: ZendeskClient): Omit<ContactConnector, 'source' | 'system' | 'supports'> {
  return {
    async getContacts(ids, opts) {
      const fetchedAt = new Date().toISOString();
      // Zendesk ids are integers: anything else cannot exist there, and would fail the whole batch.
      return inBatches(ids.filter(isZendeskId), SHOW_MANY_LIMIT, async (batch) => {
        const users = await client.showManyUsers('ids', batch, opts);
        return new Map(users.map((user) => [String(user.id), toContactRecord(user, fetchedAt)]));
      });
    },

    async findContacts(keys, opts) {
      const fetchedAt = new Date().toISOString();
      const found = await findUsers(client, keys, opts);
      return new Map([...found].map(([id, users]) => [id, users.map((user) => toContactRecord(user, fetchedAt))]));
    },

    async listContacts(window: ListWindow, opts?: CallOptions): Promise<Page<ContactRecord>> {
      const fetchedAt = new Date().toISOString();
      const { items, next } = await collectPages<ContactRecord, string>(
        async (after, wanted) => {
          const page = await client.listUsers(Math.min(PAGE_SIZE_LIMIT, wanted), after, opts);
          const more = page.meta.has_more && page.meta.after_cursor !== null;
          return { items: page.users.map((user) => toContactRecord(user, fetchedAt)), next: more ? (page.meta.after_cursor ?? undefined) : undefined };
        },
        { limit: Math.max(0, window.first), maxPages: MAX_LIST_PAGES, start: window.after ?? undefined },
      );
      return { items, next: next ?? null, totalCount: null };
    },
  };
}

import {
  FALLBACK_PHONE_REGION,
  lookupKeyId,
  normaliseEmail,
  normalisePhone,
  type CallOptions,
  type ContactRecord,
  type LookupKey,
} from '../../src/model/index.js';
import { createLookupResults, inBatches, mapConcurrent } from '../shared/index.js';
import type { ZendeskClient } from './client.js';
import { SHOW_MANY_LIMIT } from './limits.js';
import { identitiesByUser, toContactRecord } from './mapping.js';
import { userSearchSchema, type ZendeskIdentity, type ZendeskUser } from './schemas.js';
import { anyOfQueries, searchAll } from './search.js';

/** The users behind each lookup key, and the identities known of those that came with them. */
interface FoundUsers {
  byKey: Map<string, ZendeskUser[]>;
  identitiesOf: Map<number, ZendeskIdentity[]>;
}

/**
 * Finds the users behind each lookup key: emails and phones by `type:user` searches (terms OR-ed, at most 50
 * a query and 2000 characters), CRM cross-references by `show_many?external_ids=` (100 a call). Results are matched back to keys by
 * normalising what Zendesk returns; keys of other silos' cross-references find nothing here, nor do name and
 * family-name keys (users hold no postal address to match): they get [] and cost no request.
 */
async function findUsers(client: ZendeskClient, keys: readonly LookupKey[], opts?: CallOptions): Promise<FoundUsers> {
  const found = createLookupResults<ZendeskUser>(keys, (user) => String(user.id));
  // The identities of the users `show_many` answered (sideloaded); search results come without theirs.
  const identitiesOf = new Map<number, ZendeskIdentity[]>();
  const values = (kind: LookupKey['kind']) =>
    keys.filter((key) => key.kind === kind && (key.kind !== 'xref' || key.source === 'CRM') && key.value.trim() !== '').map((key) => key.value);

  const queries = [
    ...anyOfQueries('type:user', 'email', values('email')),
    ...anyOfQueries('type:user', 'phone', values('phone')),
  ];
  const [searched, externallyKnown] = await Promise.all([
    mapConcurrent(queries, 4, (query) => searchAll(client, userSearchSchema, query, opts)),
    inBatches(values('xref'), SHOW_MANY_LIMIT, async (batch) => {
      const { users, identities } = await client.showManyUsers('external_ids', batch, opts);
      const byUser = identitiesByUser(identities);
      for (const user of users) identitiesOf.set(user.id, byUser.get(user.id) ?? []);
      return new Map(users.map((user) => [String(user.id), user]));
    }),
  ]);

  // Each user is filed under the lookup-key id its value normalises to. Zendesk users carry no country, so a phone
  // written without a country code is read in the fallback region (US).
  const users = searched.flat();
  for (const user of users) {
    const email = normaliseEmail(user.email);
    found.file(email === null ? null : `email:${email}`, user);
  }
  for (const user of users) {
    const phone = normalisePhone(user.phone, FALLBACK_PHONE_REGION);
    found.file(phone === null ? null : `phone:${phone}`, user);
  }
  // Zendesk treats external ids case-insensitively, so they are matched back the same way.
  const byExternalId = new Map<string, ZendeskUser[]>();
  for (const user of externallyKnown.values()) {
    const id = user.external_id?.toLowerCase();
    if (id !== undefined) byExternalId.set(id, [...(byExternalId.get(id) ?? []), user]);
  }
  for (const key of keys) {
    if (key.kind !== 'xref' || key.source !== 'CRM') continue;
    for (const user of byExternalId.get(key.value.toLowerCase()) ?? []) found.file(lookupKeyId(key), user);
  }
  return { byKey: found.byKey, identitiesOf };
}

/** Finds the end-users behind each lookup key (see `findUsers`) as contact records; every key gets an entry. */
export async function findContacts(client: ZendeskClient, keys: readonly LookupKey[], opts?: CallOptions): Promise<Map<string, ContactRecord[]>> {
  const fetchedAt = new Date().toISOString();
  const { byKey, identitiesOf } = await findUsers(client, keys, opts);
  return new Map([...byKey].map(([id, users]) => [id, users.map((user) => toContactRecord(user, fetchedAt, identitiesOf.get(user.id)))]));
}

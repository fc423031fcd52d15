import type { WorldContact } from '../../sandbox-kit/index.js';
import { userJson } from './serialize.js';
import type { ZendeskStore } from './store.js';

/** `userJson(user, origin)` of a live user as JSON text, kept by the store until the user changes. */
export const userText = (store: ZendeskStore, user: WorldContact, origin: string): string => store.serialised.text(user, origin, (u) => userJson(u, origin));

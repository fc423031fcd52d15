import type { HttpHandler } from 'msw';
import type { SandboxDefinition, World, WorldContact } from '../../../connectors/sandbox-kit/index.js';
import type {
  CallOptions,
  ConnectorHooks,
  ContactConnector,
  ContactRecord,
  ListWindow,
  LookupKey,
  Page,
  Provenance,
  Source,
  System,
} from '../../../src/model/index.js';

/** A record as the contract sees it: whatever it holds, it says where it came from. */
export interface Provenanced {
  provenance: Provenance;
}

/** How the msw-served vendor answers: a fresh response each time it is asked. */
export type Answer = (request: Request) => Response | Promise<Response>;

/** A look-up key kind the connector searches: `xref:CRM` for the cross-references into one silo it keeps. */
export type KeySupport = Exclude<LookupKey['kind'], 'xref'> | `xref:${Source}`;

/** One read of the connector against the msw-served vendor. */
export interface MockRead<C> {
  /** Runs the read; resolves to the records it returned. */
  run(connector: C, opts?: CallOptions): Promise<Provenanced[]>;
  /** A handler for the vendor endpoint the read calls, answering every request with `answer`. */
  on(answer: Answer): HttpHandler;
  /** The vendor's own success body for the read, from fixtures/. */
  ok(): unknown;
  /** The method and path the onCall hook reports for the read. */
  wire: { method: string; path: string };
}

/** A failure the vendor answers every time, and the message the typed error must carry. */
export interface FailureCase<C> {
  answer: Answer;
  /** The read it answers (the subject's `failures.read` unless given). */
  read?: MockRead<C>;
  message: string | RegExp;
}

/** What one listing request asked for: how many records, from which cursor. */
export interface ListPageAsked {
  size: number;
  after: string | null;
}

/** The connector against its vendor's own payloads, served by msw. */
export interface MockSubject<C> {
  /** The base URL and token the connector is configured with: neither may ever show in an error message. */
  baseUrl: string;
  token: string;
  /** Creates the connector against the msw-served vendor, three attempts per call. */
  create(hooks?: ConnectorHooks): C;
  /** The reads every record of which must carry its provenance. */
  reads: ReadonlyArray<MockRead<C>>;
  batch: {
    /** Ids per batch read, as the vendor documents it. */
    limit: number;
    /** `n` distinct ids the vendor could hold. */
    ids(n: number): string[];
    /** Ids that cannot be this vendor's: sending one would be wasted or fail the batch. */
    impossible: readonly string[];
    /** Answers every batch read with the vendor's record for each asked id it `holds` (all unless given). */
    serve(holds?: (id: string) => boolean): HttpHandler;
    /** The ids a request asks for when it is a batch read, else null. */
    idsOf(request: Request): Promise<string[] | null>;
  };
  list: {
    /** The largest page the vendor serves. */
    limit: number;
    /** The pages one `listContacts` call follows at most. */
    maxPages: number;
    /** Answers every page with as many records as it asks for and the cursor `next(after)` names. */
    serve(next: (after: string | null) => string | null): HttpHandler;
    /** The page size and cursor a request asks for when it lists contacts, else null. */
    pageOf(request: Request): Promise<ListPageAsked | null> | ListPageAsked | null;
    /** The `totalCount` a served page reports (the vendor's count, where it gives one). */
    totalCount: number | null;
  };
  lookups: {
    /** Answers every search with the vendor's example records whatever it asked for, as a widened search would. */
    broad(): HttpHandler[];
    /** The literal values a request searches for when it is a search, else null; throws on anything but literals. */
    literalsOf(request: Request): Promise<string[] | null>;
    /** How a searched value reaches the vendor (HubSpot lower-cases emails). */
    sent?(value: string): string;
    /**
     * A search answered with records holding the keys in other spellings (case, white space, national phone
     * formats): the record ids each key must find, and what the records it finds keep as stored.
     */
    stored: {
      serve(): HttpHandler[];
      keys: ReadonlyArray<readonly [LookupKey, readonly string[], Partial<Pick<ContactRecord, 'emails' | 'phones'>>?]>;
    };
    /** A search answered in pages: what each request asked for (its cursor), and the record ids the key must find. */
    paged: {
      serve(): HttpHandler[];
      key: LookupKey;
      /** What a request asked for when it is a search, wrapped (a first page may ask for an undefined cursor), else null. */
      pageOf(request: Request): Promise<{ page: unknown } | null>;
      pages: readonly unknown[];
      found: readonly string[];
    };
  };
  failures: {
    /** The read the failures are put to unless a case names another. */
    read: MockRead<C>;
    /** Credentials refused (401): not retried. */
    unauthorized: FailureCase<C>;
    /** Credentials short of a scope or otherwise forbidden (403), in the vendor's own body: not retried either. */
    forbidden: FailureCase<C>;
    /** A server error: retried, then given up on. */
    serverError: FailureCase<C>;
    /** A request the vendor refuses (a 4xx that is no auth failure): not retried. */
    rejected: FailureCase<C> & { status: number };
    /** Bodies that parse but are not what the vendor documents; `at` is where the shape breaks, when the test names it. */
    spoiled: ReadonlyArray<{ what: string; answer: Answer; read?: MockRead<C>; at?: string }>;
    /**
     * Answers that hold, beside usable records (`kept`, by id), records the gateway cannot use: each is left out and
     * reported for itself (its id, or null, and the field at fault), and the rest is answered.
     */
    skipped: ReadonlyArray<{ what: string; answer: Answer; read?: MockRead<C>; kept: readonly string[]; reported: ReadonlyArray<{ recordId: string | null; field: string }> }>;
    /** Free text of the vendor's error bodies, which must never reach a message. */
    secrets: readonly string[];
  };
  rateLimits: {
    /** Slow-downs whose wait fits the deadline: the read is sent again and answered. */
    waited: ReadonlyArray<{ what: string; answer: Answer; read?: MockRead<C> }>;
    /** Slow-downs that outlast the deadline or every attempt: SourceRateLimited, with the wait the vendor asked for (null: none). */
    beyond: ReadonlyArray<{
      what: string;
      answer: Answer;
      read?: MockRead<C>;
      deadlineMs: number;
      retryAfterMs: number | { above: number } | null;
      attempts: number;
      message?: string | RegExp;
    }>;
  };
}

/** A facet read batched over owners: `ordersFor`, `ticketsFor`, `transactionsFor`. */
export type FacetList = (ownerIds: readonly string[], window: ListWindow, opts?: CallOptions) => Promise<Map<string, Page<Provenanced>>>;
/** A facet read of one record by id: `getOrder`, `getTicket`, `getTransaction`. */
export type FacetGet = (id: string, opts?: CallOptions) => Promise<Provenanced | null>;
/** The names of the methods of `C` that are `F`. */
export type MethodOf<C, F> = { [K in keyof C]: C[K] extends F ? K : never }[keyof C];

/** The per-owner facet of a silo (orders, tickets, POS transactions) against its sandbox. */
export interface SandboxFacet<C> {
  name: string;
  /** The connector's methods that read it: per owner, and one record by id. */
  list: MethodOf<C, FacetList>;
  get: MethodOf<C, FacetGet>;
  /** The sandbox endpoint that serves the per-owner read, as `/__sandbox/stats` counts it, and the owners it takes per request. */
  endpoint: string;
  limit: number;
  /** An owner's records in the world, newest first. */
  of(world: World, ownerId: string): string[];
  /**
   * When a record of the world was created (ISO 8601), where the facet honours `ListWindow.createdAtOrBefore`; the
   * contract then checks the bound (records created after it never come back, newest first, paging within it).
   */
  createdAt?(world: World, recordId: string): string;
}

/** The connector against its vendor's sandbox. */
export interface SandboxSubject<C> {
  /** People of the world the contract generates (seed 42): enough for more than one batch and one page. */
  people: number;
  definition(world: World): SandboxDefinition;
  create(url: string): C;
  /** The silo's contacts in the world, in the order the vendor lists them. */
  contacts(world: World): WorldContact[];
  /** Ids the vendor could hold that the world does not. */
  unknownIds: readonly string[];
  /** The endpoint of the batch read, as `/__sandbox/stats` counts it, and the ids it takes. */
  batch: { endpoint: string; limit: number };
  /** The endpoint of the listing, its largest page, the window a crawl asks for, and whether pages carry the total. */
  list: { endpoint: string; limit: number; window: number; counted: boolean };
  facet?: SandboxFacet<C>;
  faults: {
    /** The message of the error a server error ends in, when the vendor names its code. */
    serverError?: string;
    /** The injected rate limit: the deadline its wait outlasts, the wait the sandbox asks for and the attempts made. */
    rateLimit: { deadlineMs: number; retryAfterMs?: number; attempts?: number };
  };
}

/** A connector the shared contract suite runs against: how to reach its vendor mocked and sandboxed. */
export interface ConnectorContractSubject<C extends ContactConnector> {
  vendor: string;
  source: Source;
  system: System;
  supports: readonly KeySupport[];
  /** How many distinct emails one search takes. */
  keysPerSearch: number;
  mock: MockSubject<C>;
  sandbox: SandboxSubject<C>;
}

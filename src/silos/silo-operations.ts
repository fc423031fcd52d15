import type { CallOptions, ContactConnector, CrmHistorySource, FeedbackSource, OrderSource, PosSource, PrivacyConnector, TicketSource } from '../model/index.js';

/** The connector contract, one interface per kind of silo the gateway calls; the pipeline routes all of it. */
export interface SiloContracts {
  contacts: ContactConnector;
  orders: OrderSource;
  pos: PosSource;
  tickets: TicketSource;
  feedback: FeedbackSource;
  crmHistory: CrmHistorySource;
  privacy: PrivacyConnector;
}

/** The members of a contract interface that call the silo: its methods that return a promise. */
export type CallsOf<T> = { [K in keyof T as T[K] extends (...args: never[]) => Promise<unknown> ? K : never]: T[K] };

// The calls of every interface as one object type: a union of the per-interface objects turned into their intersection.
type Merged<U> = (U extends unknown ? (u: U) => void : never) extends (all: infer I) => void ? I : never;

/** Every silo call of the contract, by method name (`getContacts`, `ordersFor`, `eraseRecord`, …). */
export type SiloOperations = Merged<{ [I in keyof SiloContracts]: CallsOf<SiloContracts[I]> }[keyof SiloContracts]>;

/** The name of a silo call. */
export type OperationName = keyof SiloOperations;

/** A call's arguments before its `CallOptions`, which every contract call takes last (a call that does not is `never`). */
export type ArgsOf<F> = F extends (...args: infer P) => Promise<unknown> ? (Required<P> extends [...infer A, CallOptions] ? A : never) : never;

/** What a call resolves to. */
export type ResultOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

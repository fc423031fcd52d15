import type { World } from '../../../connectors/sandbox-kit/index.js';
import type { CallOptions, ContactConnector, ListWindow } from '../../../src/model/index.js';
import type { ConnectorContractSubject, FacetGet, FacetList, SandboxFacet } from './contract-subject.js';

/** One read of the connector against its sandbox, by name. */
export type SandboxCall<C> = readonly [name: string, call: (connector: C, opts: CallOptions) => Promise<unknown>];

/** Calls the facet's per-owner read (`ordersFor`, …) on `connector`. */
export function listFacet<C>(facet: SandboxFacet<C>, connector: C, owners: readonly string[], window: ListWindow, opts?: CallOptions) {
  return (connector[facet.list] as FacetList).call(connector, owners, window, opts);
}

/** The owner with the most facet records in the world. */
export function busiestOwner<C>(facet: SandboxFacet<C>, world: World, owners: readonly string[]): string {
  return [...owners].sort((a, b) => facet.of(world, b).length - facet.of(world, a).length)[0] ?? '';
}

/** Every read of the connector, by name: the contact reads, and the facet's per owner and by id. */
export function sandboxCalls<C extends ContactConnector>(subject: ConnectorContractSubject<C>, world: World): Array<SandboxCall<C>> {
  const owners = subject.sandbox.contacts(world).map((c) => c.id);
  const some = owners.slice(0, 4);
  const calls: Array<SandboxCall<C>> = [
    ['getContacts', (c, opts) => c.getContacts(some, opts)],
    ['findContacts', (c, opts) => c.findContacts([{ kind: 'email', value: 'someone@example.com' }], opts)],
    ['listContacts', (c, opts) => c.listContacts({ first: 5 }, opts)],
  ];
  const { facet } = subject.sandbox;
  if (!facet) return calls;
  const record = facet.of(world, busiestOwner(facet, world, owners))[0] ?? '';
  return [
    ...calls,
    [String(facet.list), (c, opts) => listFacet(facet, c, some, { first: 5 }, opts)],
    [String(facet.get), (c, opts) => (c[facet.get] as FacetGet).call(c, record, opts)],
  ];
}

import { describe, expect, it } from 'vitest';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const customers = world.shopify.customers;
const SEARCH = 'query($q: String) { customers(first: 250, query: $q) { edges { node { id email phone } } } }';

async function search(q: string) {
  const { status, body } = await sandbox.post<{ customers: { edges: { node: { id: string; email: string | null; phone: string | null } }[] } }>({ query: SEARCH, variables: { q } });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return { nodes: body.data?.customers.edges.map((e) => e.node) ?? [], extensions: body.extensions };
}
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();
const oddEmail = customers.find((c) => c.email !== null && c.email !== c.email.trim().toLowerCase());
const plain = customers.filter((c) => c.email !== null && c.email === c.email.trim().toLowerCase());
const withPhone = customers.find((c) => c.phone !== null);
if (!oddEmail?.email || plain.length < 2 || !withPhone?.phone) throw new Error('the test world lacks the customers these tests need');

describe('Shopify sandbox customer search', () => {
  it('matches email case-insensitively and ignoring surrounding white space, returning the value exactly as stored', async () => {
    const normal = oddEmail.email?.trim().toLowerCase();
    const expected = customers.filter((c) => c.email?.trim().toLowerCase() === normal).map((c) => ({ id: c.id, email: c.email, phone: c.phone }));
    const { nodes } = await search(`email:"${oddEmail.email?.trim().toUpperCase()}"`);
    expect(nodes).toEqual(expected);
    expect(nodes).toContainEqual({ id: oddEmail.id, email: oddEmail.email, phone: oddEmail.phone });
    expect(oddEmail.email).not.toBe(normal);
  });

  it('matches phone numbers in E.164, whatever format the query writes them in', async () => {
    const expected = ids(customers.filter((c) => c.phone === withPhone.phone));
    expect(ids((await search(`phone:${withPhone.phone}`)).nodes)).toEqual(expected);
    if (withPhone.phone?.startsWith('+1')) {
      const national = withPhone.phone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
      expect(ids((await search(`phone:"${national}"`)).nodes)).toEqual(expected);
    }
  });

  it('combines terms with OR, AND (or juxtaposition), NOT and parentheses', async () => {
    const [a, b] = plain as [typeof plain[0], typeof plain[0]];
    expect(ids((await search(`email:${a.email} OR email:${b.email}`)).nodes)).toEqual(ids([a, b]));
    expect((await search(`email:${a.email} AND email:${b.email}`)).nodes).toEqual([]);
    expect(ids((await search(`(email:${a.email} OR email:${b.email}) -email:${b.email}`)).nodes)).toEqual([a.id]);
    expect(ids((await search(`email:${a.email} OR (email:${b.email} NOT email:${b.email})`)).nodes)).toEqual([a.id]);
  });

  it('shows why values must be quoted: unquoted `a@b.com OR email:*` matches everyone with an email, quoted it matches no one', async () => {
    const everyone = customers.filter((c) => c.email?.trim());
    expect((await search('email:a@b.com OR email:*')).nodes).toHaveLength(Math.min(250, everyone.length));
    for (const q of ['email:"a@b.com OR email:*"', 'email:"*"', 'email:"x\\" OR email:* OR \\""', 'phone:"+1) OR (phone:*"']) {
      expect((await search(q)).nodes, q).toEqual([]);
    }
  });

  it('reads backslash escapes inside quotes, so an escaped quote or backslash is part of the value', async () => {
    expect((await search(`email:"${plain[0]?.email}\\\\"`)).nodes).toEqual([]);
    expect(ids((await search(`email:"${plain[0]?.email}"`)).nodes)).toEqual([plain[0]?.id]);
  });

  it('matches last_name as a whole value ignoring case and surrounding space, without folding punctuation', async () => {
    const smith = customers.find((c) => c.lastName && /^[A-Za-z]+$/.test(c.lastName));
    const expected = ids(customers.filter((c) => c.lastName?.toLowerCase() === smith?.lastName?.toLowerCase()));
    expect(ids((await search(`last_name:" ${smith?.lastName?.toUpperCase()}"`)).nodes)).toEqual(expected);
    expect((await search(`last_name:"${smith?.lastName?.slice(0, -1)}"`)).nodes).toEqual([]);
    expect((await search(`last_name:"${smith?.lastName} OR last_name:*"`)).nodes).toEqual([]);
    const typed = customers.find((c) => /'/.test(c.lastName ?? ''));
    expect(ids((await search(`last_name:"${typed?.lastName}"`)).nodes)).toContain(typed?.id);
    expect(ids((await search(`last_name:"${typed?.lastName?.replace(/'/g, '')}"`)).nodes)).not.toContain(typed?.id);
  });

  it('filters by id with comparators on the numeric id', async () => {
    const sorted = [...customers].sort((x, y) => Number(BigInt(x.id.split('/').at(-1) ?? 0) - BigInt(y.id.split('/').at(-1) ?? 0)));
    const pivot = sorted[sorted.length - 3]?.id.split('/').at(-1);
    expect(ids((await search(`id:${pivot}`)).nodes)).toEqual([sorted[sorted.length - 3]?.id]);
    expect(ids((await search(`id:>=${pivot}`)).nodes)).toEqual(ids(sorted.slice(-3)));
  });

  it('ignores a field it does not know and says so in extensions.search', async () => {
    const { nodes, extensions } = await search(`email:${plain[0]?.email} foo:bar`);
    expect(ids(nodes)).toEqual([plain[0]?.id]);
    expect(extensions?.search).toEqual([{ path: ['customers'], query: `email:${plain[0]?.email} foo:bar`, warnings: [{ field: 'foo', message: 'Invalid search field for this query.' }] }]);
  });

  it('answers customersCount and customerByIdentifier with the same matching rules', async () => {
    const { body } = await sandbox.post<{ customersCount: { count: number; precision: string }; customerByIdentifier: { id: string } | null }>({
      query: 'query($q: String, $email: String) { customersCount(query: $q) { count precision } customerByIdentifier(identifier: { emailAddress: $email }) { id } }',
      variables: { q: 'phone:*', email: ` ${oddEmail.email?.trim().toUpperCase()} ` },
    });
    expect(body.data?.customersCount).toEqual({ count: customers.filter((c) => c.phone).length, precision: 'EXACT' });
    const sameEmail = customers.filter((c) => c.email?.trim().toLowerCase() === oddEmail.email?.trim().toLowerCase()).map((c) => c.id);
    expect(sameEmail).toContain(body.data?.customerByIdentifier?.id);
  });
});

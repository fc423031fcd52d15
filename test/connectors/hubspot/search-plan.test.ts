import { describe, expect, it } from 'vitest';
import { matchesName, nameGroups, nameTokens } from '../../../connectors/hubspot/name-search.js';
import type { HubSpotContact } from '../../../connectors/hubspot/schemas.js';
import { matchValuesOf, planSearches, probeOf, type SearchProbe } from '../../../connectors/hubspot/search.js';
import { normalisePhone, phoneRegionOf } from '../../../src/model/index.js';

const emails = (n: number): SearchProbe[] =>
  Array.from({ length: n }, (_, i) => ({ keyId: `email:p${i}@x.com`, property: 'email', value: `p${i}@x.com` }));
const contact = (properties: Record<string, string | null>): HubSpotContact => ({
  id: '51', properties, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', archived: false,
});

describe('HubSpot search plan', () => {
  it('turns each key kind into the property HubSpot holds it in', () => {
    expect(probeOf({ kind: 'email', value: ' A@B.com ' })).toMatchObject({ property: 'email', value: 'a@b.com' });
    expect(probeOf({ kind: 'phone', value: '+14045558590' })).toMatchObject({ property: 'hs_calculated_phone_number', value: '+14045558590' });
    expect(probeOf({ kind: 'xref', source: 'ECOMMERCE', value: 'gid://shopify/Customer/7208455000123' }))
      .toMatchObject({ property: 'shopify_customer_id', value: '7208455000123', keyId: 'xref:ECOMMERCE:gid://shopify/Customer/7208455000123' });
  });

  it('searches nothing for keys HubSpot cannot hold', () => {
    expect(probeOf({ kind: 'xref', source: 'SUPPORT', value: '51' })).toBeNull();
    expect(probeOf({ kind: 'xref', source: 'ECOMMERCE', value: 'gid://shopify/Order/1' })).toBeNull();
    expect(probeOf({ kind: 'phone', value: '617 555 0148 OR *' })).toBeNull();
    expect(probeOf({ kind: 'email', value: '  ' })).toBeNull();
  });

  it('packs IN chunks of at most 100 values into searches of at most 5 groups', () => {
    const plan = planSearches(emails(250));
    expect(plan).toHaveLength(1);
    expect(plan[0]?.map((g) => g.filters[0]?.values?.length)).toEqual([100, 100, 50]);
    const big = planSearches([...emails(600), { keyId: 'phone:+1', property: 'hs_calculated_phone_number', value: '+14045558590' }]);
    expect(big.map((groups) => groups.length)).toEqual([5, 2]);
    expect(big.flat().every((g) => g.filters.length === 1 && g.filters[0]?.operator === 'IN')).toBe(true);
  });

  it('sends one value once however many keys carry it', () => {
    const twice = [...emails(2), ...emails(2)];
    expect(planSearches(twice)[0]?.[0]?.filters[0]?.values).toEqual(['p0@x.com', 'p1@x.com']);
  });

  it('reads a returned phone in the contact\'s own country before comparing', () => {
    expect(normalisePhone('07911 454010', phoneRegionOf('GB'))).toBe('+447911454010');
    expect(normalisePhone('(404) 555-8211', phoneRegionOf(null))).toBe('+14045558211');
    expect(normalisePhone('(404) 555-8211', phoneRegionOf('ZZ'))).toBe('+14045558211');
    const values = matchValuesOf(contact({ email: ' Mei.Tan@Example.org\t', phone: '07911 454010', hs_country_region_code: 'GB', shopify_customer_id: '42' }));
    expect([...values].sort()).toEqual(['email:mei.tan@example.org', 'hs_calculated_phone_number:+447911454010', 'shopify_customer_id:42']);
  });
});

describe('HubSpot name search', () => {
  it('drops wildcards, quotes, backslashes, parentheses and operators\' punctuation from name tokens', () => {
    expect(nameTokens('*')).toEqual([]);
    expect(nameTokens('"Alex" (Rivera)\\*')).toEqual(['alex', 'rivera']);
    expect(nameTokens('a* OR firstname:*')).toEqual(['a', 'or', 'firstname']);
    expect(nameTokens("O'Brien-Smith")).toEqual(["o'brien-smith"]);
  });

  it('searches one token as first or last name, two as either order, each as a prefix', () => {
    expect(nameGroups({ keyId: 'name:al', tokens: ['al'] })).toEqual([
      { filters: [{ propertyName: 'firstname', operator: 'CONTAINS_TOKEN', value: 'al*' }] },
      { filters: [{ propertyName: 'lastname', operator: 'CONTAINS_TOKEN', value: 'al*' }] },
    ]);
    expect(nameGroups({ keyId: 'name:x', tokens: ['alex', 'riv'] }).map((g) => g.filters.map((f) => `${f.propertyName}=${f.value}`)))
      .toEqual([['firstname=alex*', 'lastname=riv*'], ['firstname=riv*', 'lastname=alex*']]);
  });

  it('keeps only contacts whose name words start with every token', () => {
    const alex = contact({ firstname: 'Alex', lastname: 'Rivera-Lopez' });
    expect(matchesName(alex, ['alex', 'lopez'])).toBe(true);
    expect(matchesName(alex, ['riv'])).toBe(true);
    expect(matchesName(alex, ['alex', 'smith'])).toBe(false);
    expect(matchesName(alex, [])).toBe(false);
  });
});

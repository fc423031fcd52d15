import { describe, expect, it } from 'vitest';
import { chooseGraphQLMediaType } from '../../src/errors/index.js';

const JSON_TYPE = 'application/json';
const RESPONSE_TYPE = 'application/graphql-response+json';

describe('chooseGraphQLMediaType', () => {
  it('answers application/json, not named, without an Accept header or with wildcards only', () => {
    for (const accept of [undefined, '', '*/*', 'application/*', 'text/html, */*;q=0.8']) {
      expect(chooseGraphQLMediaType(accept)).toEqual({ mediaType: JSON_TYPE, named: false });
    }
  });

  it('answers the type the client names, named', () => {
    expect(chooseGraphQLMediaType(RESPONSE_TYPE)).toEqual({ mediaType: RESPONSE_TYPE, named: true });
    expect(chooseGraphQLMediaType(JSON_TYPE)).toEqual({ mediaType: JSON_TYPE, named: true });
    expect(chooseGraphQLMediaType('application/json; charset=utf-8')).toEqual({ mediaType: JSON_TYPE, named: true });
  });

  it('follows q, then the order the client lists the types in', () => {
    expect(chooseGraphQLMediaType(`${JSON_TYPE};q=0.9, ${RESPONSE_TYPE}`)).toEqual({ mediaType: RESPONSE_TYPE, named: true });
    expect(chooseGraphQLMediaType(`${RESPONSE_TYPE};q=0.5, ${JSON_TYPE}`)).toEqual({ mediaType: JSON_TYPE, named: true });
    expect(chooseGraphQLMediaType(`${RESPONSE_TYPE}, ${JSON_TYPE}`)).toEqual({ mediaType: RESPONSE_TYPE, named: true });
    expect(chooseGraphQLMediaType(`${JSON_TYPE}, ${RESPONSE_TYPE}`)).toEqual({ mediaType: JSON_TYPE, named: true });
  });

  it('gives a type the q of its most specific range: a wildcard does not lift a type the client ranked low', () => {
    expect(chooseGraphQLMediaType(`${JSON_TYPE};q=0.5, */*`)).toEqual({ mediaType: RESPONSE_TYPE, named: false });
    expect(chooseGraphQLMediaType(`${JSON_TYPE};q=0, */*`)).toEqual({ mediaType: RESPONSE_TYPE, named: false });
  });

  it('answers null when neither type is acceptable', () => {
    expect(chooseGraphQLMediaType('text/html')).toBeNull();
    expect(chooseGraphQLMediaType(`${JSON_TYPE};q=0, ${RESPONSE_TYPE};q=0`)).toBeNull();
  });
});

import { GraphQLError, locatedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadUserInput, blameGateway, shedByGateway, toGraphQLError } from '../../src/errors/index.js';
import { CircuitOpen, GatewayStalled, SourceTimeout, SourceUnavailable } from '../../src/model/index.js';

const MASKED = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
const sent = (error: GraphQLError) => JSON.parse(JSON.stringify(error)) as unknown;

/** Values a resolver or a library could throw that would break a careless converter. */
function hostile(): [string, unknown][] {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwingGetters = Object.defineProperty(new Error('x'), 'message', { get: () => { throw new Error('getter'); } });
  const poisonedGraphQLError = new GraphQLError('wrapped');
  Object.defineProperty(poisonedGraphQLError, 'originalError', { get: () => { throw new Error('getter'); } });
  return [
    ['undefined', undefined], ['null', null], ['a string', 'boom'], ['a number', 42], ['a symbol', Symbol('s')],
    ['a revoked Proxy', revoked.proxy], ['an error whose message getter throws', throwingGetters],
    ['a GraphQLError whose originalError getter throws', poisonedGraphQLError],
    ['an object without a prototype', Object.create(null)],
    ['a Proxy whose every trap throws', new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } })],
  ];
}

describe('toGraphQLError, the one conversion of anything thrown', () => {
  it.each(hostile())('never throws, and masks %s', (_what, value) => {
    let converted: GraphQLError | undefined;
    expect(() => { converted = toGraphQLError(value); }).not.toThrow();
    expect(sent(converted as GraphQLError)).toEqual(MASKED);
  });

  it('masks an unexpected error, whatever its message holds', () => {
    const converted = toGraphQLError(new TypeError('Cannot read properties of undefined (reading "email") at postgres://gateway:hunter2@db/audit'));
    expect(sent(converted)).toEqual(MASKED);
  });

  it("masks a GraphQLError that carries none of the table's codes, wrapped or not", () => {
    const bare = new GraphQLError('Enum "TicketStatus" cannot represent value: "p1@example.com"');
    expect(sent(toGraphQLError(bare))).toEqual(MASKED);
    expect(sent(toGraphQLError(locatedError(bare, null, ['customer', 'tickets'])))).toEqual(MASKED);
    expect(sent(toGraphQLError(new GraphQLError('made up', { extensions: { code: 'SOMETHING_ELSE' } })))).toEqual(MASKED);
  });

  it('masks an unexpected error graphql-js wrapped with its path', () => {
    expect(sent(toGraphQLError(locatedError(new Error('secret'), null, ['customer'])))).toEqual(MASKED);
  });

  it('turns a typed silo failure into its code with the silo, thrown directly or wrapped by graphql-js', () => {
    expect(sent(toGraphQLError(new SourceTimeout('POS', 'no answer within 800 ms')))).toEqual({
      message: 'POS: no answer within 800 ms', extensions: { code: 'SOURCE_TIMEOUT', source: 'POS' },
    });
    expect(sent(toGraphQLError(locatedError(new CircuitOpen('SUPPORT', 'circuit open'), null, ['customer', 'tickets'])))).toEqual({
      message: 'SUPPORT: circuit open', extensions: { code: 'CIRCUIT_OPEN', source: 'SUPPORT' },
    });
  });

  it('answers a call the gateway shed itself as OVERLOADED naming no silo; one it sent keeps the silo, even when no circuit counts it', () => {
    const shed = shedByGateway(new SourceUnavailable('SUPPORT', 'bulkhead full: 64 calls in flight and 256 waiting'));
    expect(sent(toGraphQLError(locatedError(shed, null, ['customer', 'tickets'])))).toEqual({
      message: 'The gateway had no room to call a silo for this field in time (its own queue, not the silo); retry later.',
      extensions: { code: 'OVERLOADED' },
    });
    const sentButCut = blameGateway(new SourceTimeout('CRM', 'no answer within 400 ms'));
    expect(sent(toGraphQLError(sentButCut))).toEqual({ message: 'CRM: no answer within 400 ms', extensions: { code: 'SOURCE_TIMEOUT', source: 'CRM' } });
  });

  it('answers a call whose answer the gateway was too busy to read (GatewayStalled) as OVERLOADED naming no silo', () => {
    const stalled = new GatewayStalled('ECOMMERCE', 1500, 420);
    expect(sent(toGraphQLError(locatedError(stalled, null, ['customers', 'edges', 0, 'node', 'orders'])))).toEqual({
      message: 'The gateway was too busy to read the answer of a silo for this field in time (its own load, not the silo); retry later.',
      extensions: { code: 'OVERLOADED' },
    });
  });

  it('passes a gateway error through as it is', () => {
    const error = new BadUserInput('email', 'is not an email address');
    expect(toGraphQLError(error)).toBe(error);
  });
});

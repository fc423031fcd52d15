import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCursorCodec, createCustomerIdCodec } from '../../src/identity/index.js';

describe('customer ids', () => {
  const codec = createCustomerIdCodec(randomBytes(32), randomBytes(32));

  it('round-trips the anchor and gives the same id every time', () => {
    const id = codec.encode({ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/7208455000123' });
    expect(codec.encode({ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/7208455000123' })).toBe(id);
    expect(codec.decode(id)).toEqual({ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/7208455000123' });
  });

  it('holds no readable personal data or record id', () => {
    const id = codec.encode({ source: 'CRM', recordId: '51' });
    expect(Buffer.from(id.slice(4), 'base64url').toString('latin1')).not.toContain('51');
    expect(id).not.toContain('shopify');
  });

  it('resolves a tampered id to nothing', () => {
    const id = codec.encode({ source: 'CRM', recordId: '51' });
    for (let i = 4; i < id.length; i++) {
      const flipped = id.slice(0, i) + (id[i] === 'A' ? 'B' : 'A') + id.slice(i + 1);
      expect(codec.decode(flipped)).toBeNull();
    }
    expect(codec.decode('cus_')).toBeNull();
    expect(codec.decode('51')).toBeNull();
  });

  it('refuses ids minted under another key', () => {
    const other = createCustomerIdCodec(randomBytes(32), randomBytes(32));
    expect(codec.decode(other.encode({ source: 'CRM', recordId: '51' }))).toBeNull();
  });
});

describe('crawl cursors', () => {
  const codec = createCursorCodec(randomBytes(32), z.object({ s: z.number(), c: z.string().nullable() }));

  it('round-trips a position', () => {
    expect(codec.decode(codec.encode({ s: 2, c: 'abc' }))).toEqual({ s: 2, c: 'abc' });
  });

  it('refuses an edited or made-up cursor', () => {
    const cursor = codec.encode({ s: 2, c: 'abc' });
    const [body, mac] = cursor.split('.');
    const edited = Buffer.from(JSON.stringify({ s: 3, c: 'abc' })).toString('base64url');
    expect(codec.decode(`${edited}.${mac}`)).toBeNull();
    expect(codec.decode(body ?? '')).toBeNull();
    expect(codec.decode('garbage')).toBeNull();
  });
});

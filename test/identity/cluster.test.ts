import { describe, expect, it } from 'vitest';
import { Cluster, identityKeys } from '../../src/identity/cluster.js';
import { givenNamesCompatible } from '../../src/identity/names.js';
import { isGenericEmail } from '../../src/identity/index.js';
import { contact } from './records.js';

describe('normalisation', () => {
  it('recognises role mailboxes', () => {
    expect(isGenericEmail('info@acme.example')).toBe(true);
    expect(isGenericEmail('noreply@acme.example')).toBe(true);
    expect(isGenericEmail('jane@acme.example')).toBe(false);
  });

  it('leaves role mailboxes out of identity keys', () => {
    const keys = identityKeys(contact('SUPPORT', '1', { emails: ['INFO@acme.example', 'Jane@acme.example'] }), 'US');
    expect(keys.emails).toEqual(['jane@acme.example']);
  });

  it('accepts short forms and one typo but not another name', () => {
    expect(givenNamesCompatible('Robert', 'Bob')).toBe(true);
    expect(givenNamesCompatible('Katherine', 'Kate')).toBe(true);
    expect(givenNamesCompatible('Chauncey', 'Cahuncey')).toBe(true);
    expect(givenNamesCompatible('Jane', 'John')).toBe(false);
    expect(givenNamesCompatible('Anna', 'Hanna')).toBe(false);
    expect(givenNamesCompatible('Mark', 'Mary')).toBe(false);
    expect(givenNamesCompatible('Anna', 'Ana')).toBe(true);
    expect(givenNamesCompatible('Jonathan', 'Jonathon')).toBe(true);
  });
});

describe('Cluster guards', () => {
  const jane = contact('CRM', '51', { firstName: 'Jane', lastName: 'Smith', emails: ['jane@example.com'], phones: ['+12065550134'] });

  it('links a record that shares an email and agrees on the name', () => {
    const cluster = new Cluster(jane, 'US');
    expect(cluster.offer(contact('ECOMMERCE', 'gid://shopify/Customer/1', { firstName: 'Jane', emails: ['JANE@example.com'] }), 'EMAIL')).toBe(true);
    expect(cluster.members.size).toBe(2);
  });

  it('does not fuse a household member who uses the same email under another name', () => {
    const cluster = new Cluster(jane, 'US');
    const john = contact('ECOMMERCE', 'gid://shopify/Customer/2', { firstName: 'John', lastName: 'Smith', emails: ['jane@example.com'] });
    expect(cluster.offer(john, 'EMAIL')).toBe(false);
  });

  it('does not link on an email when the phones conflict and the names are not identical', () => {
    const cluster = new Cluster(jane, 'US');
    const other = contact('POS', 'SQ1', { firstName: 'Jane', lastName: 'Miller', emails: ['jane@example.com'], phones: ['+13125550000'] });
    expect(cluster.offer(other, 'EMAIL')).toBe(false);
  });

  it('links phone-only records by phone, and cross-references always', () => {
    const cluster = new Cluster(jane, 'US');
    expect(cluster.offer(contact('POS', 'SQ2', { phones: ['206-555-0134'] }), 'PHONE')).toBe(true);
    expect(cluster.offer(contact('SUPPORT', '99', { firstName: 'Someone' }), 'CROSS_REFERENCE')).toBe(true);
  });

  it('links on family name and postal code only when the given names agree and no phone conflicts', () => {
    const smith = contact('CRM', '60', { firstName: 'Robert', lastName: 'Smith', postalCode: '98101', phones: ['+12065550199'] });
    const cluster = new Cluster(smith, 'US');
    expect(cluster.offer(contact('ECOMMERCE', 'gid://shopify/Customer/3', { firstName: 'Bob', lastName: 'Smith', postalCode: '98101' }), 'NAME_AND_POSTAL_CODE')).toBe(true);
    expect(cluster.offer(contact('ECOMMERCE', 'gid://shopify/Customer/4', { firstName: 'Alice', lastName: 'Smith', postalCode: '98101' }), 'NAME_AND_POSTAL_CODE')).toBe(false);
    expect(cluster.offer(contact('ECOMMERCE', 'gid://shopify/Customer/5', { firstName: null, lastName: 'Smith', postalCode: '98101' }), 'NAME_AND_POSTAL_CODE')).toBe(false);
    expect(cluster.offer(contact('ECOMMERCE', 'gid://shopify/Customer/6', { firstName: 'Robert', lastName: 'Smith', postalCode: '98101', phones: ['+13125550123'] }), 'NAME_AND_POSTAL_CODE')).toBe(false);
    expect(cluster.members.get('ECOMMERCE:gid://shopify/Customer/3')?.confidence).toBeLessThan(0.9);
  });

  it('links a record sharing both email and phone on both keys, surer than on either', () => {
    const cluster = new Cluster(jane, 'US');
    const record = contact('POS', 'SQ3', { firstName: 'Janet', phones: ['+12065550134'], emails: ['jane@example.com'] });
    expect(cluster.offer(record, 'PHONE')).toBe(true);
    const linked = cluster.members.get('POS:SQ3');
    expect(linked?.rule).toBe('EMAIL_AND_PHONE');
    expect(linked?.matchedOn).toEqual(['EMAIL', 'PHONE']);
    expect(linked?.confidence).toBeGreaterThan(0.97);
  });

  it('adds a second reason to a linked record found again by another key, and raises its confidence', () => {
    const cluster = new Cluster(jane, 'US');
    const record = contact('POS', 'SQ3', { firstName: 'Jane', phones: ['+12065550134'] });
    cluster.offer(record, 'PHONE');
    const before = cluster.members.get('POS:SQ3')?.confidence ?? 0;
    expect(cluster.offer(record, 'CROSS_REFERENCE')).toBe(false);
    const linked = cluster.members.get('POS:SQ3');
    expect(linked?.matchedOn).toEqual(['PHONE', 'CROSS_REFERENCE']);
    expect(linked?.confidence).toBeGreaterThan(before);
  });

  it('anchors on the CRM record with the lowest id whatever the seed', () => {
    const cluster = new Cluster(contact('POS', 'SQ4', { phones: ['+12065550134'] }), 'US');
    cluster.offer(contact('CRM', '900', { firstName: 'Jane' }), 'CROSS_REFERENCE');
    cluster.offer(contact('CRM', '1000', { firstName: 'Jane' }), 'CROSS_REFERENCE');
    expect(cluster.anchor.provenance.recordId).toBe('900');
  });
});

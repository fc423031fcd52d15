import { describe, expect, it } from 'vitest';
import { splitName, toContactRecord, toTicket } from '../../../connectors/zendesk/mapping.js';
import { ticketSchema, userSchema } from '../../../connectors/zendesk/schemas.js';
import { fixture } from './support.js';

const FETCHED_AT = '2025-11-20T10:00:00.000Z';
const user = userSchema.parse(fixture<{ users: unknown[] }>('users-show-many.200.json').users[0]);
const [solved, open] = fixture<{ tickets: unknown[] }>('tickets-requested-by-user.200.cursor.json').tickets.map((t) => ticketSchema.parse(t));

describe('toContactRecord', () => {
  it('maps a Zendesk end-user to a SUPPORT contact with provenance, names, email, phone and external_id', () => {
    expect(toContactRecord(user, FETCHED_AT)).toEqual({
      provenance: { source: 'SUPPORT', system: 'zendesk', recordId: '9873843001', updatedAt: '2025-11-02T17:41:10Z', fetchedAt: FETCHED_AT },
      firstName: 'Alex',
      lastName: 'Rivera',
      fullName: 'Alex Rivera',
      emails: ['alex.rivera@example.com'],
      phones: ['+16175550148'],
      postalCode: null,
      countryCode: null,
      crossRefs: [{ source: 'CRM', recordId: 'hubspot-51', via: 'external_id' }],
      consent: [],
      createdAt: '2024-03-04T09:13:02Z',
    });
  });

  it('keeps emails and phones as stored and has no cross-reference without external_id', () => {
    const record = toContactRecord({ ...user, email: ' Alex.Rivera@Example.com ', phone: null, external_id: null }, FETCHED_AT);
    expect(record.emails).toEqual([' Alex.Rivera@Example.com ']);
    expect(record.phones).toEqual([]);
    expect(record.crossRefs).toEqual([]);
  });
});

describe('splitName', () => {
  it('splits the first token from the rest', () => {
    expect(splitName('Mary Ann van Dyke', { email: null, phone: null })).toEqual({ firstName: 'Mary', lastName: 'Ann van Dyke' });
  });

  it('gives a one-word name no last name', () => {
    expect(splitName('Cher', { email: null, phone: null })).toEqual({ firstName: 'Cher', lastName: null });
  });

  it('gives no first or last name when the name is only the phone Zendesk filled in', () => {
    expect(splitName('+44 7911 123456', { email: null, phone: '+44 7911 123456' })).toEqual({ firstName: null, lastName: null });
  });
});

describe('toTicket', () => {
  it('maps a ticket with an upper-case status, channel and satisfaction score', () => {
    expect(toTicket(solved!, FETCHED_AT)).toEqual({
      provenance: { source: 'SUPPORT', system: 'zendesk', recordId: '4812', updatedAt: '2025-10-29T09:40:57Z', fetchedAt: FETCHED_AT },
      requesterRecordId: '9873843001',
      subject: 'Where is my order #1042?',
      description: 'Hi, my order #1042 has not arrived yet.',
      status: 'SOLVED',
      priority: 'normal',
      channel: 'email',
      createdAt: '2025-10-28T15:02:11Z',
      updatedAt: '2025-10-29T09:40:57Z',
      satisfaction: 'good',
      // Without its metric set the read does not say when it was solved, nor how soon it was answered.
      firstReplyMinutes: null,
      solvedAt: null,
    });
    expect(toTicket(open!, FETCHED_AT)).toMatchObject({ status: 'OPEN', satisfaction: 'unoffered' });
  });

  it('takes the solve time from the metric set, in UTC', () => {
    const metrics = { ticket_id: 4812, solved_at: '2025-10-29T10:40:57+01:00', reply_time_in_minutes: { calendar: 95 } };
    expect(toTicket(solved!, FETCHED_AT, metrics)).toMatchObject({ solvedAt: '2025-10-29T09:40:57.000Z', firstReplyMinutes: 95 });
    expect(toTicket(open!, FETCHED_AT, { ticket_id: 4812, solved_at: null })).toMatchObject({ solvedAt: null });
  });

  it('has no satisfaction on plans without CSAT', () => {
    expect(toTicket({ ...solved!, satisfaction_rating: null }, FETCHED_AT).satisfaction).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  BUSINESS_SCHEDULE,
  assertBusinessSchedule,
  businessMinutesBetween,
  csatOf,
  firstReplyTimeOf,
  historicValue,
  median,
  supportKpis,
} from '../../src/insights/index.js';
import type { Order, PosTransaction, Ticket } from '../../src/model/index.js';

const at = (iso: string) => new Date(iso);
// 2026-11-02 is a Monday.
const MON = '2026-11-02';

describe('businessMinutesBetween (Mon–Fri 09:00–17:00 UTC)', () => {
  it('counts a span inside one working day in full', () => {
    expect(businessMinutesBetween(at(`${MON}T10:00:00Z`), at(`${MON}T11:30:00Z`))).toBe(90);
  });

  it('counts only the working hours of a span over a night', () => {
    // Monday 16:00 → Tuesday 10:00: one hour on Monday, one on Tuesday.
    expect(businessMinutesBetween(at(`${MON}T16:00:00Z`), at('2026-11-03T10:00:00Z'))).toBe(120);
  });

  it('counts nothing of a span before opening or after closing', () => {
    expect(businessMinutesBetween(at(`${MON}T02:00:00Z`), at(`${MON}T08:59:00Z`))).toBe(0);
    expect(businessMinutesBetween(at(`${MON}T17:00:00Z`), at(`${MON}T23:00:00Z`))).toBe(0);
  });

  it('skips the weekend: Friday 16:00 → Monday 10:00 is two hours', () => {
    expect(businessMinutesBetween(at('2026-10-30T16:00:00Z'), at(`${MON}T10:00:00Z`))).toBe(120);
    expect(businessMinutesBetween(at('2026-10-31T09:00:00Z'), at('2026-11-01T17:00:00Z'))).toBe(0);
  });

  it('counts a full week as five working days, and fractions of a minute exactly', () => {
    expect(businessMinutesBetween(at(`${MON}T00:00:00Z`), at('2026-11-09T00:00:00Z'))).toBe(5 * 8 * 60);
    expect(businessMinutesBetween(at(`${MON}T09:00:30Z`), at(`${MON}T09:01:00Z`))).toBe(0.5);
  });

  it('gives 0 for an empty or reversed span and follows another schedule', () => {
    expect(businessMinutesBetween(at(`${MON}T12:00:00Z`), at(`${MON}T12:00:00Z`))).toBe(0);
    expect(businessMinutesBetween(at(`${MON}T12:00:00Z`), at(`${MON}T11:00:00Z`))).toBe(0);
    const weekends = { days: [0, 6], startMinute: 0, endMinute: 1440 };
    expect(businessMinutesBetween(at('2026-10-30T23:00:00Z'), at('2026-11-01T01:00:00Z'), weekends)).toBe(25 * 60);
  });

  it('refuses a schedule it cannot count in, naming the culprit', () => {
    expect(() => assertBusinessSchedule(BUSINESS_SCHEDULE)).not.toThrow();
    expect(() => assertBusinessSchedule({ days: [7], startMinute: 0, endMinute: 60 })).toThrow(/days/);
    expect(() => assertBusinessSchedule({ days: [1], startMinute: 600, endMinute: 540 })).toThrow(/startMinute/);
  });
});

describe('median', () => {
  it('is the middle value, the mean of the two middle ones, or null for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });
});

const provenance = (recordId: string) => ({ source: 'SUPPORT' as const, system: 'zendesk' as const, recordId, updatedAt: null, fetchedAt: '2026-11-01T00:00:00Z' });
const ticket = (id: string, changes: Partial<Ticket>): Ticket => ({
  provenance: provenance(id), requesterRecordId: '1', subject: null, description: null, status: 'SOLVED', priority: null, channel: null,
  createdAt: `${MON}T10:00:00Z`, updatedAt: null, satisfaction: null, firstReplyMinutes: null, solvedAt: null, ...changes,
});

describe('CSAT', () => {
  it('is good / (good + bad) over rated tickets; offered and unoffered are not ratings', () => {
    const tickets = [ticket('1', { satisfaction: 'good' }), ticket('2', { satisfaction: 'good' }), ticket('3', { satisfaction: 'bad' }),
      ticket('4', { satisfaction: 'offered' }), ticket('5', { satisfaction: 'unoffered' }), ticket('6', {})];
    expect(csatOf(tickets)).toEqual({ value: 2 / 3, reason: null, good: 2, bad: 1 });
  });

  it('is 0 with only bad ratings and 1 with only good ones', () => {
    expect(csatOf([ticket('1', { satisfaction: 'bad' })]).value).toBe(0);
    expect(csatOf([ticket('1', { satisfaction: 'good' })]).value).toBe(1);
  });

  it('is null with NO_RATED_TICKETS when no ticket is rated, or there is none', () => {
    expect(csatOf([ticket('1', { satisfaction: 'offered' })])).toEqual({ value: null, reason: 'NO_RATED_TICKETS', good: 0, bad: 0 });
    expect(csatOf([])).toMatchObject({ value: null, reason: 'NO_RATED_TICKETS' });
  });
});

describe('first reply time', () => {
  it('is the median over replied tickets, in calendar and in business minutes', () => {
    const tickets = [
      ticket('1', { firstReplyMinutes: 30 }), // Monday 10:00 → 10:30: 30 business minutes
      ticket('2', { createdAt: `${MON}T16:00:00Z`, firstReplyMinutes: 18 * 60 }), // → Tuesday 10:00: 120
      ticket('3', { createdAt: '2026-10-31T10:00:00Z', firstReplyMinutes: 60 }), // Saturday: 0
      ticket('4', { firstReplyMinutes: null }),
    ];
    expect(firstReplyTimeOf(tickets)).toEqual({ calendarMinutes: 60, businessMinutes: 30, reason: null, repliedTickets: 3 });
  });

  it('is null with NO_REPLIED_TICKETS when no ticket has a reply', () => {
    expect(firstReplyTimeOf([ticket('1', { status: 'NEW' })])).toEqual({ calendarMinutes: null, businessMinutes: null, reason: 'NO_REPLIED_TICKETS', repliedTickets: 0 });
  });

  it('counts new, open, pending and on-hold tickets as open', () => {
    const statuses = ['NEW', 'OPEN', 'PENDING', 'HOLD', 'SOLVED', 'CLOSED'] as const;
    expect(supportKpis(statuses.map((status, i) => ticket(String(i), { status })))).toMatchObject({ openTickets: 4, tickets: 6 });
  });
});

const order = (id: string, changes: Partial<Order>): Order => ({
  provenance: { ...provenance(id), source: 'ECOMMERCE', system: 'shopify' }, customerRecordId: 'c', name: null, createdAt: '2026-01-01T00:00:00Z',
  financialStatus: 'PAID', fulfillmentStatus: null, cancelledAt: null, total: { minor: 1000, currency: 'USD' }, refunded: null, refunds: null, lineItems: [], ...changes,
});
const sale = (id: string, changes: Partial<PosTransaction>): PosTransaction => ({
  provenance: { ...provenance(id), source: 'POS', system: 'square' }, customerRecordId: 'c', locationId: null, state: 'COMPLETED',
  createdAt: '2026-01-11T00:00:00Z', total: { minor: 500, currency: 'USD' }, refunded: null, refunds: null, lineItems: [], ...changes,
});

describe('historic value', () => {
  it('adds orders and completed sales less refunds per currency, without cancelled orders or open and cancelled sales', () => {
    const value = historicValue(
      [order('1', { refunded: { minor: 250, currency: 'USD' } }), order('2', { cancelledAt: '2026-01-02T00:00:00Z' }),
        order('3', { createdAt: '2026-01-21T00:00:00Z', total: { minor: 3000, currency: 'EUR' } })],
      [sale('4', {}), sale('5', { state: 'OPEN' }), sale('6', { state: 'CANCELED' })],
    );
    expect(value.perCurrency).toEqual([
      { currency: 'EUR', purchases: 1, gross: { minor: 3000, currency: 'EUR' }, refunded: { minor: 0, currency: 'EUR' }, net: { minor: 3000, currency: 'EUR' }, averageOrderValue: { minor: 3000, currency: 'EUR' } },
      { currency: 'USD', purchases: 2, gross: { minor: 1500, currency: 'USD' }, refunded: { minor: 250, currency: 'USD' }, net: { minor: 1250, currency: 'USD' }, averageOrderValue: { minor: 625, currency: 'USD' } },
    ]);
    expect(value).toMatchObject({ purchases: 3, firstPurchaseAt: '2026-01-01T00:00:00.000Z', lastPurchaseAt: '2026-01-21T00:00:00.000Z', meanDaysBetweenPurchases: 10 });
  });

  it('nets a completed sale\'s refunds, and not those of a cancelled sale or of another currency', () => {
    const value = historicValue([], [
      sale('1', { refunded: { minor: 120, currency: 'USD' } }),
      sale('2', { state: 'CANCELED', refunded: { minor: 500, currency: 'USD' } }),
      sale('3', { refunded: { minor: 40, currency: 'EUR' } }),
    ]);
    expect(value.perCurrency).toEqual([{
      currency: 'USD', purchases: 2, gross: { minor: 1000, currency: 'USD' }, refunded: { minor: 120, currency: 'USD' },
      net: { minor: 880, currency: 'USD' }, averageOrderValue: { minor: 440, currency: 'USD' },
    }]);
  });

  it('has no mean gap with one purchase, and nothing at all with none', () => {
    expect(historicValue([order('1', {})], []).meanDaysBetweenPurchases).toBeNull();
    expect(historicValue([], [])).toEqual({ perCurrency: [], purchases: 0, firstPurchaseAt: null, lastPurchaseAt: null, meanDaysBetweenPurchases: null });
  });
});

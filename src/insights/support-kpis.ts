import type { Ticket } from '../model/index.js';
import { BUSINESS_SCHEDULE, businessMinutesBetween, type BusinessSchedule } from './business-minutes.js';
import type { InsightReason } from './insight-field.js';
import { median } from './quantile.js';

/** CSAT over the customer's rated tickets. */
export interface Csat {
  /** good / (good + bad); null with `reason` when no ticket is rated. */
  readonly value: number | null;
  readonly reason: InsightReason | null;
  readonly good: number;
  readonly bad: number;
}

/** The median time to the first agent reply over the customer's replied tickets. */
export interface FirstReplyTime {
  /** Calendar minutes; null with `reason` when no ticket has a reply. */
  readonly calendarMinutes: number | null;
  /** Minutes within the business schedule. */
  readonly businessMinutes: number | null;
  readonly reason: InsightReason | null;
  /** Tickets with a first reply that went in. */
  readonly repliedTickets: number;
}

/** A customer's support figures. */
export interface SupportKpis {
  readonly csat: Csat;
  readonly firstReplyTime: FirstReplyTime;
  /** Unsolved tickets: new, open, pending or on hold. */
  readonly openTickets: number;
  /** Tickets read. */
  readonly tickets: number;
}

const UNSOLVED = new Set<Ticket['status']>(['NEW', 'OPEN', 'PENDING', 'HOLD']);
const MINUTE_MS = 60_000;

/** CSAT = good / (good + bad) over the rated tickets; `offered` and `unoffered` ratings are not ratings. */
export function csatOf(tickets: readonly Ticket[]): Csat {
  const good = tickets.filter((t) => t.satisfaction === 'good').length;
  const bad = tickets.filter((t) => t.satisfaction === 'bad').length;
  if (good + bad === 0) return { value: null, reason: 'NO_RATED_TICKETS', good, bad };
  return { value: good / (good + bad), reason: null, good, bad };
}

/**
 * The median first reply time in calendar minutes, and in business minutes: those of the span from the ticket's
 * creation to its first reply that fall within `schedule`.
 */
export function firstReplyTimeOf(tickets: readonly Ticket[], schedule: BusinessSchedule = BUSINESS_SCHEDULE): FirstReplyTime {
  const replied = tickets.filter((t) => t.firstReplyMinutes !== null && Number.isFinite(Date.parse(t.createdAt)));
  const calendar = replied.map((t) => t.firstReplyMinutes as number);
  const business = replied.map((t) => {
    const created = Date.parse(t.createdAt);
    return businessMinutesBetween(new Date(created), new Date(created + (t.firstReplyMinutes as number) * MINUTE_MS), schedule);
  });
  const calendarMinutes = median(calendar);
  return {
    calendarMinutes,
    businessMinutes: median(business),
    reason: calendarMinutes === null ? 'NO_REPLIED_TICKETS' : null,
    repliedTickets: replied.length,
  };
}

/** CSAT, the median first reply time and the unsolved tickets of a customer's tickets. */
export function supportKpis(tickets: readonly Ticket[], schedule: BusinessSchedule = BUSINESS_SCHEDULE): SupportKpis {
  return {
    csat: csatOf(tickets),
    firstReplyTime: firstReplyTimeOf(tickets, schedule),
    openTickets: tickets.filter((t) => UNSOLVED.has(t.status)).length,
    tickets: tickets.length,
  };
}

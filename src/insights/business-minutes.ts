/** Working hours, in UTC: the weekdays worked and the minutes of the day between which they are worked. */
export interface BusinessSchedule {
  /** Days of the week worked, 0 = Sunday … 6 = Saturday (as `Date.getUTCDay`). */
  readonly days: readonly number[];
  /** Minute of the day work starts (540 = 09:00). */
  readonly startMinute: number;
  /** Minute of the day work ends (1020 = 17:00), after `startMinute`. */
  readonly endMinute: number;
}

/** The schedule business minutes are counted in: Monday to Friday, 09:00–17:00 UTC, no holidays. */
export const BUSINESS_SCHEDULE: BusinessSchedule = { days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 17 * 60 };

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Throws a RangeError naming the field unless the schedule is one {@link businessMinutesBetween} can count in. */
export function assertBusinessSchedule(schedule: BusinessSchedule): void {
  const { days, startMinute, endMinute } = schedule;
  if (!days.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)) throw new RangeError(`schedule days must be 0–6: ${days.join(',')}`);
  if (!(Number.isInteger(startMinute) && startMinute >= 0 && endMinute > startMinute && endMinute <= 1440)) {
    throw new RangeError(`schedule hours must satisfy 0 <= startMinute < endMinute <= 1440: ${startMinute}–${endMinute}`);
  }
}

/**
 * The minutes between `from` and `to` that fall within the schedule's working hours: nights and days off do not
 * count. 0 when `to` is not after `from`.
 */
export function businessMinutesBetween(from: Date, to: Date, schedule: BusinessSchedule = BUSINESS_SCHEDULE): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError('business minutes need valid dates');
  if (end <= start) return 0;
  const worked = new Set(schedule.days);
  let ms = 0;
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    if (!worked.has(new Date(day).getUTCDay())) continue;
    const open = Math.max(start, day + schedule.startMinute * MINUTE_MS);
    const close = Math.min(end, day + schedule.endMinute * MINUTE_MS);
    if (close > open) ms += close - open;
  }
  return ms / MINUTE_MS;
}

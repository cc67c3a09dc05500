import type { Day, Policy } from './policy';
import { addMinutes, localClockTime } from './time';

/**
 * The school day a policy allows visits in: the whole visit, from setting out to the expected
 * return, must fall on one of its days, in term (calendar.termDates), and between its hours
 * (school time). The old "evening" rule is the case of a day that ends at 18:00.
 */

const weekday = (iso: string, timeZone: string): Day =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(new Date(iso)).toLowerCase() as Day;
const dateIn = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

const within = (date: string, ranges: readonly { start: string; end: string }[]): boolean => ranges.some((range) => range.start <= date && date <= range.end);

/**
 * Why the day `iso` falls on (school time) is not a school day, or undefined when it is one: it must
 * be one of the school day's weekdays and, where the policy gives term dates, in a term and in no
 * holiday (DEFAULT_TERM_DATES where it gives none).
 */
export function notASchoolDay(iso: string, policy: Policy): string | undefined {
  const { days, termDates } = policy.calendar;
  const zone = policy.timeZone;
  const day = weekday(iso, zone);
  if (!days.includes(day)) return `${day} is not a day ${policy.schoolName} makes visits (${days.join(', ')})`;
  const date = dateIn(iso, zone);
  if (termDates?.terms && !within(date, termDates.terms)) return `${date} is outside ${policy.schoolName}'s terms`;
  if (termDates?.holidays && within(date, termDates.holidays)) return `${date} is in ${policy.schoolName}'s holidays`;
  return undefined;
}

/** Whether the day `iso` falls on is a school day (notASchoolDay). */
export const isSchoolDay = (iso: string, policy: Policy): boolean => notASchoolDay(iso, policy) === undefined;

/**
 * The instant `days` whole days after `from`: school days where the policy gives term dates (a
 * follow-up due "3 days after" a visit on the Friday before Christmas falls three school days into
 * the new term), calendar days where it gives none (DEFAULT_TERM_DATES: how follow-ups ran before).
 * Whole days keep the time of day; a day that is not a school day is skipped, not counted.
 */
export function addDays(from: string, days: number, policy: Policy): string {
  if (!policy.calendar.termDates) return addMinutes(from, days * 24 * 60);
  let at = from;
  // Bounded: past the last term a policy lists no day is a school day, so the count stops two years on rather than never.
  for (let counted = 0, step = 0; counted < days && step < 2 * 366; step += 1) {
    at = addMinutes(at, 24 * 60);
    if (isSchoolDay(at, policy)) counted += 1;
  }
  return at;
}

/** Why a visit from `startAt` to `endAt` falls outside the school day, or undefined when it fits. */
export function outsideSchoolDay(startAt: string, endAt: string, policy: Policy): string | undefined {
  const { from, until } = policy.calendar;
  const zone = policy.timeZone;
  const notSchoolDay = notASchoolDay(startAt, policy);
  if (notSchoolDay) return notSchoolDay;
  if (dateIn(endAt, zone) !== dateIn(startAt, zone)) return `the visit would run past midnight`;
  const start = localClockTime(startAt, zone);
  if (start < from) return `the visit would start at ${start}, before ${from}`;
  const end = localClockTime(endAt, zone);
  if (end > until) return `the visit would end at ${end}, after ${until}`;
  return undefined;
}

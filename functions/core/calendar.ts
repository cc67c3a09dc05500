import type { Day, Policy } from './policy';
import { localClockTime } from './time';

/**
 * The school day a policy allows visits in: the whole visit, from setting out to the expected
 * return, must fall on one of its days and between its hours (school time). The old "evening"
 * rule is the case of a day that ends at 18:00.
 */

const weekday = (iso: string, timeZone: string): Day =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(new Date(iso)).toLowerCase() as Day;
const dateIn = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/** Why a visit from `startAt` to `endAt` falls outside the school day, or undefined when it fits. */
export function outsideSchoolDay(startAt: string, endAt: string, policy: Policy): string | undefined {
  const { days, from, until } = policy.calendar;
  const zone = policy.timeZone;
  const day = weekday(startAt, zone);
  if (!days.includes(day)) return `${day} is not a day ${policy.schoolName} makes visits (${days.join(', ')})`;
  if (dateIn(endAt, zone) !== dateIn(startAt, zone)) return `the visit would run past midnight`;
  const start = localClockTime(startAt, zone);
  if (start < from) return `the visit would start at ${start}, before ${from}`;
  const end = localClockTime(endAt, zone);
  if (end > until) return `the visit would end at ${end}, after ${until}`;
  return undefined;
}

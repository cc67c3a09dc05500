/**
 * Instants shown in a school's time zone, for people reading reports and timelines. Pure (Intl,
 * never the host's zone: a server in UTC still shows 18:00 BST).
 */
export interface LocalTime {
  /** "09:30" on the reference date, "Tue 24 Nov 2026, 09:30" on any other. */
  at(iso: string): string;
  /** "Mon 23 Nov 2026, 09:30", whatever the date. */
  full(iso: string): string;
  /** The zone's abbreviation at that instant (GMT, BST). */
  zone(iso: string): string;
  /** "Monday 23 November 2026" for a YYYY-MM-DD date. */
  longDate(isoDate: string): string;
  /** The instant's date in the zone, YYYY-MM-DD. */
  dateOf(iso: string): string;
}

/** @param referenceDate YYYY-MM-DD in `timeZone`: times on that date are shown as the clock only. */
export function localTime(timeZone: string, referenceDate?: string): LocalTime {
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayAndClock = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const zoneName = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
  const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return {
    at: (iso) => (day.format(new Date(iso)) === referenceDate ? clock.format(new Date(iso)) : dayAndClock.format(new Date(iso))),
    full: (iso) => dayAndClock.format(new Date(iso)),
    zone: (iso) => zoneName.formatToParts(new Date(iso)).find((part) => part.type === 'timeZoneName')?.value ?? timeZone,
    longDate: (isoDate) => longDate.format(new Date(`${isoDate}T12:00:00Z`)),
    dateOf: (iso) => day.format(new Date(iso)),
  };
}

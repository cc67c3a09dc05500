/**
 * Times as the school reads them: every instant shown in the school's own zone (the policy's
 * timeZone), and a wall-clock time typed in that zone turned back into an instant. The server's
 * clock may run faster than real time locally; these are instants the server recorded, or (a phone's
 * own notes, the board's freshness) the device's.
 */

export const DEFAULT_ZONE = 'Europe/London';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(key, found);
  }
  return found;
}

/** "Mon 23 Nov 2026, 10:00:05" in the school's zone; the text itself when it is not a time. */
export function when(iso: string | undefined, timeZone = DEFAULT_ZONE): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : format(timeZone, true).format(at);
}

/** "Tue 1 Dec 2026": the day only, in the school's zone. */
export function dateOf(iso: string, timeZone = DEFAULT_ZONE): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  let found = formats.get(`${timeZone}|day`);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    formats.set(`${timeZone}|day`, found);
  }
  return found.format(at);
}

/** "10:00:05": the time of day only, in the school's zone. */
export function timeOfDay(iso: string | undefined, timeZone = DEFAULT_ZONE): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : format(timeZone, false).format(at);
}

/**
 * "10:05": hours and minutes for a person at a glance (the staff phone, the board). Without a zone
 * (the policy not loaded, a board of several schools, the device's own time) the device's zone.
 */
export function clockTime(at: string | number | undefined, timeZone?: string): string {
  if (at === undefined || at === '') return '';
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(at));
}

/** "Monday 23 November" in the school's zone (the device's where the policy has not loaded). */
export function dayWords(iso: string | undefined, timeZone?: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

/** "2 h 05 min", "12 min 30 s", "45 s": a span of time a person reads at a glance. */
export function duration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${seconds} s`;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(at: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far ahead of UTC the zone's clocks are at that instant, in ms. */
function zoneOffset(at: number, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(at / 1000) * 1000;
}

/** A datetime-local input's value ("2026-11-23T10:00:05") for an instant, in the zone. */
export function toLocalInput(iso: string, timeZone = DEFAULT_ZONE): string {
  const wall = wallClock(Date.parse(iso), timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${wall.year}-${two(wall.month)}-${two(wall.day)}T${two(wall.hour)}:${two(wall.minute)}:${two(wall.second)}`;
}

/** The instant a datetime-local value names on the zone's clocks, as ISO; undefined when it is not a time. */
export function fromLocalInput(value: string, timeZone = DEFAULT_ZONE): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const asUtc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second ?? 0);
  if (Number.isNaN(asUtc)) return undefined;
  // Twice: the offset at the guess may differ from the offset at the answer across a clock change.
  const guess = asUtc - zoneOffset(asUtc, timeZone);
  const at = asUtc - zoneOffset(guess, timeZone);
  // The whole second named, up to its last millisecond, so an event recorded during it is included.
  return new Date(at + 999).toISOString();
}

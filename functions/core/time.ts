/** Time arithmetic for the core. The core never reads a clock: every `now` comes from a command. */

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

export function minutesBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 60_000;
}

export function isAtOrAfter(iso: string, reference: string): boolean {
  return Date.parse(iso) >= Date.parse(reference);
}

export function latest(...isos: string[]): string {
  return isos.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

/** "HH:MM" of an instant in a time zone (Intl, not the host's zone: a server in UTC must still see 18:00 BST). */
export function localClockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );
}

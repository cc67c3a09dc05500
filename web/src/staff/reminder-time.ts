/**
 * When the phone reminds the member of staff of a check-in: the policy's minutes before the check-in
 * the server is timing falls due (policy.checkIns.reminderMinutesBefore; 0: no reminder). No DOM here,
 * so the unit tests read it.
 */
export function reminderAt(due: { readonly kind: string; readonly at: string } | undefined, minutesBefore: number): number | undefined {
  if (!due || due.kind !== 'check-in' || minutesBefore <= 0) return undefined;
  return Date.parse(due.at) - minutesBefore * 60_000;
}

/**
 * Real milliseconds until the server's clock reaches `at` (the server's clock runs `timeScale` times
 * faster than the phone's locally): 0 if it has already passed.
 */
export const realDelayUntil = (at: number, serverNow: number, timeScale: number): number => Math.max(0, (at - serverNow) / timeScale);

/** setTimeout fires at once for delays above this (about 24.8 days) instead of waiting. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A timer that may wait longer than setTimeout allows, and never fires early: Node's timers run off
 * a loop time cached in whole milliseconds, so they can fire up to a millisecond before the delay
 * has passed, which a large time scale turns into seconds or minutes on the scaled clock.
 * Returns its cancel function.
 */
export function startTimer(delayMs: number, onFire: () => void): () => void {
  const due = performance.now() + Math.max(0, delayMs);
  let handle: NodeJS.Timeout;
  const arm = () => {
    const remainingMs = due - performance.now();
    if (remainingMs <= 0) return onFire();
    handle = setTimeout(arm, Math.min(Math.ceil(remainingMs), MAX_TIMER_MS));
  };
  handle = setTimeout(arm, Math.min(Math.ceil(Math.max(0, delayMs)), MAX_TIMER_MS));
  return () => clearTimeout(handle);
}

import type { Clock } from '../../functions/core/clock';

/**
 * A clock that starts at `start` (default: the real time now) and runs `timeScale` times faster
 * than real time. The local runtime hands the same instance to the engine and to the application,
 * so a two-hour wait reads as two hours in event times even when it passed in 12 s at scale 600.
 */
export class ScaledClock implements Clock {
  private readonly startMs: number;
  private readonly realStart = performance.now();

  constructor(
    readonly timeScale: number,
    start: Date = new Date(),
  ) {
    assertTimeScale(timeScale);
    this.startMs = start.getTime();
  }

  now(): Date {
    return new Date(this.startMs + (performance.now() - this.realStart) * this.timeScale);
  }
}

export function assertTimeScale(timeScale: number): void {
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
}

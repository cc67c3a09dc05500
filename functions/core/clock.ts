/** The clock port. On AWS the system clock; locally a clock that can run N times faster. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

import type { Clock } from '../../functions/core/clock';

/**
 * The engine's time: the clock executions read, and how they wait for a time to come on it (Wait
 * states, task timeouts and heartbeats, the machine's TimeoutSeconds). A ScaledClock waits on real
 * timers, `timeScale` times faster; a test's virtual clock (test/support/virtual-clock.ts) jumps to
 * the next timer instead, once nothing is running.
 */
export interface EngineClock extends Clock {
  /** Calls `onFire` once `delayMs` of this clock's time has passed, never earlier; returns the cancel. */
  after(delayMs: number, onFire: () => void): () => void;
  /**
   * How many times faster than real time a Retry's interval passes. Retries sleep inside
   * aws-local-stepfunctions on real timers; `Infinity` retries at once.
   */
  readonly retryScale: number;
  /** Told of each handler call the engine makes (a virtual clock holds still while one runs). */
  working?(call: Promise<unknown>): void;
}

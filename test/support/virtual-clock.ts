import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EngineClock } from '../../local/engine';
import { MAX_TIMER_MS } from '../../local/engine/timers';

interface Timer {
  readonly due: number;
  readonly onFire: () => void;
}

/** A test waiting for something to happen; `blockedAt` is the activity count its last look found nothing at. */
interface Waiter {
  blockedAt: number;
}

/** Set while a waiter looks (its reads are not work that holds the clock still). */
const looking = new AsyncLocalStorage<true>();

/**
 * A test's clock: it runs at real speed from `start`, and whenever every test waiting on it has
 * looked and found nothing new, with no work running, it jumps to its next timer. A two-hour
 * check-in interval passes in the time the workflow takes to raise its alert, and every event
 * still reads in the visit's own time.
 *
 * Work is what can make something happen: a step handler call (the engine reports each), a test's
 * action, a DynamoDB request (see `holdStillDuring`). Waiters are the harness's polls (`until`):
 * a jump needs all of them blocked, so a test that has just seen its stage acts before any other
 * test's wait can move the time past its deadlines. Retries run at once (they never move the clock).
 */
export class VirtualClock implements EngineClock {
  readonly retryScale = Number.POSITIVE_INFINITY;
  private base: number;
  private realBase = performance.now();
  private readonly timers = new Set<Timer>();
  private readonly waiters = new Set<Waiter>();
  private running = 0;
  /** Counts every start and end of work and every timer fired: a look that saw it unchanged saw a still world. */
  private activity = 0;
  private realTimer: NodeJS.Timeout | undefined;

  constructor(start: Date) {
    this.base = start.getTime();
  }

  now(): Date {
    return new Date(this.base + performance.now() - this.realBase);
  }

  after(delayMs: number, onFire: () => void): () => void {
    const timer: Timer = { due: this.now().getTime() + Math.max(0, delayMs), onFire };
    this.timers.add(timer);
    this.arm();
    return () => {
      this.timers.delete(timer);
      this.arm();
    };
  }

  working(call: Promise<unknown>): void {
    if (looking.getStore()) return;
    this.running += 1;
    this.activity += 1;
    const done = () => {
      this.running -= 1;
      this.activity += 1;
    };
    call.then(done, done);
  }

  /** Counts every request on `client` as work (but a waiter's own reads): the SDK calls of the runtime and of the test. */
  watch(client: DynamoDBClient): void {
    client.middlewareStack.add((next) => (args) => this.holdStillDuring(() => next(args)), { step: 'initialize', name: 'virtualClockWork' });
  }

  /** Runs `work` as work: the clock does not jump until it settles. */
  holdStillDuring<T>(work: () => Promise<T>): Promise<T> {
    const call = work();
    this.working(call);
    return call;
  }

  /**
   * Looks every `everyMs` (real time, at most `timeoutMs`) until `probe` gives something truthy.
   * Between looks the clock may jump, once every waiter has found nothing and no work runs.
   */
  async until<T>(probe: () => T | Promise<T>, { timeoutMs = 20_000, everyMs = 5 } = {}): Promise<T | undefined> {
    return waitOn([this], probe, { timeoutMs, everyMs });
  }

  /** What `promise` settles to, waiting for it as a waiter (the clock jumping meanwhile: an execution's end may wait on a timer). */
  async settled<T>(promise: Promise<T>, { timeoutMs = 60_000 } = {}): Promise<T> {
    let done = false;
    const settle = () => (done = true);
    promise.then(settle, settle);
    await this.until(() => done, { timeoutMs });
    return promise;
  }

  /** Resolves once `ms` of the clock's time has passed (jumping, like any wait, when nothing else happens). */
  async elapse(ms: number): Promise<void> {
    let passed = false;
    this.after(ms, () => (passed = true));
    await this.until(() => passed, { timeoutMs: 60_000 });
    if (!passed) throw new Error(`the clock never got ${ms} ms further`);
  }

  /** @internal the look-and-maybe-jump step of `waitOn`. */
  join(): Waiter {
    const waiter: Waiter = { blockedAt: -1 };
    this.waiters.add(waiter);
    return waiter;
  }

  /** @internal */
  leave(waiter: Waiter): void {
    this.waiters.delete(waiter);
  }

  /** @internal */
  get activityCount(): number {
    return this.activity;
  }

  /** @internal Marks the waiter blocked if nothing happened since `since`, then jumps if every waiter is. */
  blocked(waiter: Waiter, since: number): void {
    if (this.activity !== since || this.running > 0) return;
    waiter.blockedAt = since;
    for (const other of this.waiters) if (other.blockedAt !== this.activity) return;
    const next = this.earliest();
    if (!next) return;
    const now = this.now().getTime();
    if (next.due > now) {
      this.base = next.due;
      this.realBase = performance.now();
    }
    this.fireDue();
  }

  private earliest(): Timer | undefined {
    let earliest: Timer | undefined;
    for (const timer of this.timers) if (!earliest || timer.due < earliest.due) earliest = timer;
    return earliest;
  }

  /** Fires what is due, earliest first, then arms a real timer for the next (reached at real speed if no jump comes first). */
  private fireDue(): void {
    const now = this.now().getTime();
    const due = [...this.timers].filter((timer) => timer.due <= now).sort((a, b) => a.due - b.due);
    for (const timer of due) {
      this.timers.delete(timer);
      this.activity += 1;
      timer.onFire();
    }
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.realTimer);
    const next = this.earliest();
    if (!next) return;
    const remaining = next.due - this.now().getTime();
    this.realTimer = setTimeout(() => this.fireDue(), Math.min(Math.max(0, Math.ceil(remaining)), MAX_TIMER_MS));
  }
}

/** Waits on several clocks at once (a poll that does not know whose runtime it watches). */
export async function waitOn<T>(
  clocks: Iterable<VirtualClock>,
  probe: () => T | Promise<T>,
  { timeoutMs = 20_000, everyMs = 5 } = {},
): Promise<T | undefined> {
  const joined = [...clocks].map((clock) => ({ clock, waiter: clock.join() }));
  try {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const before = joined.map(({ clock }) => clock.activityCount);
      const value = await looking.run(true, probe);
      if (value) return value;
      joined.forEach(({ clock, waiter }, i) => clock.blocked(waiter, before[i]!));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    return undefined;
  } finally {
    for (const { clock, waiter } of joined) clock.leave(waiter);
  }
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import type { EngineClock } from './engine-clock';
import { startTimer } from './timers';

/**
 * A clock that starts at `start` (default: the real time now) and runs `timeScale` times faster
 * than real time. The local runtime hands the same instance to the engine and to the application,
 * so a two-hour wait reads as two hours in event times even when it passed in 12 s at scale 600.
 */
export class ScaledClock implements EngineClock {
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

  after(delayMs: number, onFire: () => void): () => void {
    return startTimer(delayMs / this.timeScale, onFire);
  }

  get retryScale(): number {
    return this.timeScale;
  }
}

export function assertTimeScale(timeScale: number): void {
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
}

/** Where a scaled clock stood at one real instant: enough to read it at any later one (`<dataDir>/clock.json`). */
export const ClockAnchor = z
  .object({
    /** The scaled clock's reading at `realAt`. */
    scaledAt: z.iso.datetime(),
    /** The wall-clock time of that reading. */
    realAt: z.iso.datetime(),
    timeScale: z.number().positive(),
  })
  .strict();
export type ClockAnchor = z.infer<typeof ClockAnchor>;

export interface StoredClockOptions {
  /** Where the clock starts the first time, when the file does not exist yet. @default the real time now */
  readonly start?: Date;
  /** The wall clock that measures downtime between runs. @default Date.now */
  readonly wallClock?: () => number;
  /** How often (real ms) the anchor is rewritten while running; 0: only at open and close. @default 60_000 */
  readonly checkpointMs?: number;
}

export class ClockFileError extends Error {
  override readonly name = 'ClockFileError';
}

/**
 * Where the scaled clock stands after a restart, given where it stood when last written down.
 *
 * The time the process was down counts, at the scale the clock was then running at: a simulated
 * visit does not pause because the laptop did, so a deadline that fell due during the downtime has
 * passed when the runtime resumes, and fires at once instead of a whole previous run late. (Resuming
 * from the stored reading alone would never go backwards either, but would move every deadline
 * later by the downtime.) A changed `--time-scale` takes effect from here on. The reading never goes
 * below the stored one, even if the wall clock itself was set back meanwhile.
 */
export function resumedAt(anchor: ClockAnchor, realNowMs: number): Date {
  const downMs = Math.max(0, realNowMs - Date.parse(anchor.realAt));
  return new Date(Date.parse(anchor.scaledAt) + downMs * anchor.timeScale);
}

/**
 * A ScaledClock whose reading survives restarts: it is anchored in a file, so with `--time-scale`
 * a restart neither moves it backwards nor loses the time that passed while it was down.
 *
 * @example
 * const clock = await StoredScaledClock.open('.data/clock.json', 60);
 * clock.now(); // where the last run left it, plus 60 × the downtime
 * await clock.close();
 */
export class StoredScaledClock extends ScaledClock {
  private readonly checkpoints: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    timeScale: number,
    start: Date,
    private readonly wallClock: () => number,
    checkpointMs: number,
  ) {
    super(timeScale, start);
    // Rewriting the anchor now and then keeps the stored reading recent: if the wall clock is set
    // back while the process is down, the next run resumes from here rather than from the last start.
    this.checkpoints = checkpointMs > 0 ? setInterval(() => void this.save().catch(() => undefined), checkpointMs).unref() : undefined;
  }

  static async open(file: string, timeScale: number, options: StoredClockOptions = {}): Promise<StoredScaledClock> {
    assertTimeScale(timeScale);
    const wallClock = options.wallClock ?? Date.now;
    const realNow = wallClock();
    const anchor = await readAnchor(file);
    const start = anchor ? resumedAt(anchor, realNow) : (options.start ?? new Date(realNow));
    const clock = new StoredScaledClock(file, timeScale, start, wallClock, options.checkpointMs ?? 60_000);
    await clock.save();
    return clock;
  }

  /** Write the current reading down (one write at a time; a temporary file and a rename, so a crash never leaves half a file). */
  save(): Promise<void> {
    const anchor: ClockAnchor = { scaledAt: this.now().toISOString(), realAt: new Date(this.wallClock()).toISOString(), timeScale: this.timeScale };
    this.writing = this.writing.catch(() => undefined).then(() => writeAnchor(this.file, anchor));
    return this.writing;
  }

  /** Stop the checkpoints and write the reading down a last time. */
  async close(): Promise<void> {
    clearInterval(this.checkpoints);
    await this.save();
  }
}

async function readAnchor(file: string): Promise<ClockAnchor | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return ClockAnchor.parse(JSON.parse(text));
  } catch (cause) {
    // Starting from the real time instead could move the clock back past recorded events: say so and stop.
    throw new ClockFileError(`${file} is not a clock anchor (${cause instanceof Error ? cause.message : String(cause)}); fix it, or delete it to restart the clock from the real time`, { cause });
  }
}

async function writeAnchor(file: string, anchor: ClockAnchor): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(anchor, null, 2)}\n`);
  await rename(temporary, file);
}

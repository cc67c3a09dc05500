import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClockFileError, StoredScaledClock } from '../../local/engine';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T09:30:00.000Z');

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'home-visits-clock-'));
  file = join(dir, 'clock.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A wall clock the test moves by hand: the downtime between two runs. */
function wall(startMs: number) {
  let now = startMs;
  return { read: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
}

const open = (timeScale: number, wallClock: () => number, start?: Date) =>
  StoredScaledClock.open(file, timeScale, { wallClock, checkpointMs: 0, ...(start ? { start } : {}) });

describe('the scaled clock of a data folder', () => {
  it('starts where it was asked to the first time, and writes its anchor down', async () => {
    const clock = await open(60, wall(T0).read, new Date('2030-01-01T00:00:00.000Z'));
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00.000Z'));
    const anchor = JSON.parse(await readFile(file, 'utf8'));
    expect(anchor).toMatchObject({ realAt: new Date(T0).toISOString(), timeScale: 60 });
    expect(Date.parse(anchor.scaledAt) - Date.parse('2030-01-01T00:00:00.000Z')).toBeGreaterThanOrEqual(0);
    expect(Date.parse(anchor.scaledAt) - Date.parse('2030-01-01T00:00:00.000Z')).toBeLessThan(60 * 1000);
    await clock.close();
  });

  it('never reads earlier after a restart than it did before it', async () => {
    const first = await StoredScaledClock.open(file, 60, { checkpointMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = first.now().getTime();
    await first.close();

    const second = await StoredScaledClock.open(file, 60, { checkpointMs: 0 });
    expect(second.now().getTime()).toBeGreaterThanOrEqual(before);
    await second.close();
  });

  it('counts the downtime at its scale, so a deadline that fell due while it was down has passed on restart', async () => {
    // prepare: a run at 60× that stops at scaled time S, with a deadline due two scaled hours later
    const real = wall(T0);
    const first = await open(60, real.read);
    await first.close();
    const stoppedAt = Date.parse(JSON.parse(await readFile(file, 'utf8')).scaledAt);
    const deadline = stoppedAt + 120 * MINUTE;

    // act: down for 10 real minutes (600 scaled minutes), then restarted
    real.advance(10 * MINUTE);
    const second = await open(60, real.read);

    // assess
    expect(second.now().getTime()).toBeGreaterThanOrEqual(stoppedAt + 600 * MINUTE);
    expect(second.now().getTime()).toBeGreaterThan(deadline);
    await second.close();
  });

  it('ignores a start it was asked for once it has a reading of its own', async () => {
    const real = wall(T0);
    await (await open(1, real.read, new Date('2030-01-01T00:00:00.000Z'))).close();
    const again = await open(1, real.read, new Date('2020-01-01T00:00:00.000Z'));
    expect(again.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00.000Z'));
    await again.close();
  });

  it('keeps going forwards when the time scale changes between runs, counting the downtime at the old scale', async () => {
    const real = wall(T0);
    const fast = await open(600, real.read);
    await fast.close();
    const stoppedAt = Date.parse(JSON.parse(await readFile(file, 'utf8')).scaledAt);

    real.advance(MINUTE);
    const slow = await open(1, real.read);
    expect(slow.timeScale).toBe(1);
    expect(slow.now().getTime()).toBeGreaterThanOrEqual(stoppedAt + 600 * MINUTE);
    await slow.close();
  });

  it('never reads earlier than its last reading even if the wall clock was set back while it was down', async () => {
    const real = wall(T0);
    const first = await open(60, real.read);
    await first.close();
    const stoppedAt = Date.parse(JSON.parse(await readFile(file, 'utf8')).scaledAt);

    real.set(T0 - 24 * 60 * MINUTE);
    const second = await open(60, real.read);
    expect(second.now().getTime()).toBeGreaterThanOrEqual(stoppedAt);
    await second.close();
  });

  it('refuses to start from a damaged anchor rather than guess and perhaps go backwards', async () => {
    await writeFile(file, '{"scaledAt":"not a time"}');
    await expect(StoredScaledClock.open(file, 1, { checkpointMs: 0 })).rejects.toThrow(ClockFileError);
  });
});

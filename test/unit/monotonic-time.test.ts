import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../functions/core/decision';
import { addMinutes } from '../../functions/core/time';
import { fold } from '../../functions/core/visit-state';
import { ALICE, BOB, DSL, HEAD } from '../support/actors';
import { scenario, T0, type Scenario } from '../support/scenario';

/**
 * The core never reads a clock: a command carries its `now`. A stream's recorded times must still
 * never go backwards when that clock does (a restart, a host that is behind), so decide records
 * each event at the later of the command's now and the stream's latest recorded time.
 */

type Step = (s: Scenario) => Decision;

const openAlertId = (s: Scenario): string => s.visit.alerts.find((alert) => alert.stage !== 'resolved')?.alertId ?? 'no-alert';

/** The lifecycle in order: a random run still gets most of a visit accepted. */
const LIFECYCLE: readonly Step[] = [
  (s) => s.act('authorise', {}, HEAD),
  (s) => s.step('assess-risk', {}),
  (s) => s.act('depart', {}),
  (s) => s.act('arrive', {}),
  (s) => s.act('enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] }),
  (s) => s.act('check-in', { note: 'all well' }),
  (s) => s.act('leave', {}),
  (s) => s.act('return', {}),
  (s) => s.step('close', {}),
  (s) => s.step('file-report', { reportId: 'report-1', categories: ['Home visit'], body: {} }),
];

/** What may happen at any point: safety events, deadlines and the ladder, answers to alerts. */
const ANY_TIME: readonly Step[] = [
  (s) => s.act('check-in', {}, BOB),
  (s) => s.act('panic', {}),
  (s) => s.act('check-in', { duress: true }, ALICE),
  (s) => s.act('raise-concern', { summary: 'A worry' }, DSL),
  (s) => s.step('deadline-passed', { kind: 'check-in' }),
  (s) => s.step('deadline-passed', { kind: 'parent-arrival' }),
  (s) => s.step('deadline-passed', { kind: 'safe-return' }),
  (s) => s.step('escalate', { alertId: openAlertId(s) }),
  (s) => s.act('acknowledge', { alertId: openAlertId(s) }, DSL),
  (s) => s.act('resolve-alert', { alertId: openAlertId(s), reason: 'Handled.' }, DSL),
];

/** A clock jump in minutes: forwards by up to a day, or backwards by up to a day. */
const jump = fc.integer({ min: -24 * 60, max: 24 * 60 });
const timedStep = (steps: readonly Step[]) => fc.record({ step: fc.constantFrom(...steps), minutes: jump });
/** Before each lifecycle step, up to three other commands; every command at a clock that jumped either way. */
const run = fc.tuple(...LIFECYCLE.map((step) => fc.record({ before: fc.array(timedStep(ANY_TIME), { maxLength: 3 }), step: fc.constant(step), minutes: jump })));

const latest = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

describe('recorded times in a visit stream', () => {
  it('never decrease, and follow the clock whenever it is not behind the stream, whatever the clock does', () => {
    fc.assert(
      fc.property(run, (stages) => {
        // prepare: a visit requested at T0, then every command at its own (possibly earlier) now
        const s = scenario('hunsbury-park').requested();
        const expected: string[] = [T0];
        const at = (minutes: number, step: Step) => {
          s.now = addMinutes(T0, minutes);
          const decision = step(s);
          // act + assess: each accepted event is stamped at max(command's now, stream's latest)
          if (decision.ok) for (const _ of decision.events) expected.push(latest(expected.at(-1)!, s.now));
        };
        for (const stage of stages) {
          for (const extra of stage.before) at(extra.minutes, extra.step);
          at(stage.minutes, stage.step);
        }

        const times = s.history.map((event) => Date.parse(event.meta.recordedAt));
        for (const [index, time] of times.entries()) if (index > 0) expect(time).toBeGreaterThanOrEqual(times[index - 1]!);
        expect(s.history.map((event) => event.meta.recordedAt)).toEqual(expected);
        expect(fold(s.history)).toEqual(s.state);
      }),
      { numRuns: 200 },
    );
  });

  it('records a command whose clock is behind at the stream latest time', () => {
    // prepare: out on a visit, a check-in recorded
    const s = scenario('hunsbury-park').readyToGo().departed().after(30);
    s.ok('check-in', {}, BOB);
    const latestRecorded = s.visit.lastRecordedAt;

    // act: a clock that restarted three hours behind
    s.now = addMinutes(latestRecorded, -180);
    s.ok('check-in', {}, ALICE);

    // assess
    expect(s.history.at(-1)?.meta.recordedAt).toBe(latestRecorded);
    expect(s.visit.checkIns.at(-1)?.at).toBe(latestRecorded);
  });

  it('judges a deadline by the stream time when the clock is behind it', () => {
    // prepare: departed at T0 (check-in due two hours later); a concern recorded at T0 + 121 min
    const s = scenario('hunsbury-park').readyToGo().departed();
    const dueAt = addMinutes(s.now, 120);
    s.after(121).ok('raise-concern', { summary: 'A worry' }, DSL);

    // act: the timer fires with a clock an hour behind the stream
    s.now = addMinutes(s.now, -60);
    const decision = s.step('deadline-passed', { kind: 'check-in' });

    // assess: the deadline has passed in the stream's time, so the alert is raised, not refused as early
    expect(decision).toMatchObject({ ok: true, events: [{ type: 'CheckInOverdue', data: { dueAt } }, { type: 'AlertEscalated' }] });
    expect(s.history.at(-1)?.meta.recordedAt).toBe(addMinutes(dueAt, 1));
  });

  it('follows the command clock when it is ahead of the stream', () => {
    const s = scenario('hunsbury-park').requested().after(5);
    s.authorised();
    expect(s.history.at(-1)?.meta.recordedAt).toBe(addMinutes(T0, 5));
    expect(s.visit.lastRecordedAt).toBe(addMinutes(T0, 5));
  });
});

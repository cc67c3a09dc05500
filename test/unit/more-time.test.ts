import { describe, expect, it } from 'vitest';
import { boardSummary } from '../../functions/core/board';
import { runningDeadline } from '../../functions/core/deadlines';
import { DEFAULT_MORE_TIME, type Policy } from '../../functions/core/policy';
import { STAGES } from '../../functions/core/stages';
import { addMinutes } from '../../functions/core/time';
import { ALICE, CAROL, WORKFLOW } from '../support/actors';
import { expectRefused, policyOf, Scenario, T0 } from '../support/scenario';

/**
 * "I need more time" (extend-time): the deadline the policy's rule names moves by the minutes asked,
 * within the rule's limit, and the office sees it. Hunsbury Park: check-ins every 2 hours; the fixture's
 * staff leave at 09:30 (T0), so the check-in is due at 11:30; they expect to be back at 11:30.
 */
const at = (minutesAfterT0: number) => addMinutes(T0, minutesAfterT0);
const seed = policyOf('hunsbury-park');
const inHome = (policy: Policy = seed) => new Scenario(policy).readyToGo().departed().after(30).arrived().entered();
const MORE = { minutes: 20, reason: 'The parent is still explaining the pupil\'s week.' };

describe('extend-time under the default rule (the running check-in, 30 minutes in all)', () => {
  it('Hunsbury Park names no rule of its own, so the default applies', () => {
    expect(seed.checkIns.moreTime).toBeUndefined();
    expect(DEFAULT_MORE_TIME).toMatchObject({ maxMinutes: 30, moves: 'check-in' });
  });

  it('moves the check-in due at 11:30 to 11:50, recorded with the reason, and the board line says so', () => {
    const s = inHome();
    expect(runningDeadline('check-in', s.visit, s.policy)?.at).toBe(at(120));

    expect(s.after(60).ok('extend-time', MORE, ALICE)).toEqual(['MoreTimeTaken']);

    expect(s.history.at(-1)?.data).toEqual({ ...MORE, moves: 'check-in', dueAt: at(140) });
    expect(runningDeadline('check-in', s.visit, s.policy)?.at).toBe(at(140));
    expect(boardSummary(s.visit, s.policy)).toMatchObject({ nextDeadline: { kind: 'check-in', at: at(140) }, moreTime: MORE });
  });

  it('a missed check-in is not raised at the old time once more time is taken', () => {
    const s = inHome();
    s.after(60).ok('extend-time', MORE, ALICE);
    s.now = at(120);
    expectRefused(s.step('deadline-passed', { kind: 'check-in' }), 'deadline-not-reached');
    s.now = at(140);
    expect(s.ok('deadline-passed', { kind: 'check-in' }, WORKFLOW)).toEqual(['CheckInOverdue', 'AlertEscalated']);
  });

  it('refuses beyond the limit, naming the rule and what is left, and writes nothing', () => {
    const s = inHome();
    s.after(60).ok('extend-time', MORE, ALICE);
    const before = s.history.length;

    const refused = s.act('extend-time', { minutes: 15, reason: 'Still talking.' }, ALICE);

    expectRefused(refused, 'more-time-limit');
    expect(!refused.ok && refused.message).toContain('at most 10 more');
    expect(s.history).toHaveLength(before);
    expect(s.ok('extend-time', { minutes: 10, reason: 'Nearly done.' }, ALICE)).toEqual(['MoreTimeTaken']);
  });

  it('a new check-in starts the clock afresh, without the minutes taken before it', () => {
    const s = inHome();
    s.after(60).ok('extend-time', MORE, ALICE);
    s.after(10).ok('check-in', {}, ALICE);
    expect(runningDeadline('check-in', s.visit, s.policy)?.at).toBe(at(100 + 120));
  });

  it('is for the staff on the visit, while a check-in runs', () => {
    const s = inHome();
    expectRefused(s.act('extend-time', MORE, CAROL), 'assigned-staff-only', 'forbidden');
    s.ok('leave', {}, ALICE);
    expectRefused(s.act('extend-time', MORE, ALICE), 'no-check-in-running');
  });
});

describe('extend-time under a school\'s own rule moving the expected return', () => {
  const policy: Policy = { ...seed, checkIns: { ...seed.checkIns, expectedReturnGraceMinutes: 15, moreTime: { maxMinutes: 60, moves: 'expected-return' } } };

  it('moves the expected-return deadline (11:30 + 15 min grace) by 45 minutes, on the way back too', () => {
    const s = inHome(policy);
    s.after(30).ok('leave', {}, ALICE);

    expect(s.ok('extend-time', { minutes: 45, reason: 'Traffic on the A45.' }, ALICE)).toEqual(['MoreTimeTaken']);

    expect(runningDeadline('expected-return', s.visit, s.policy)?.at).toBe(at(120 + 15 + 45));
    expectRefused(s.act('extend-time', { minutes: 20, reason: 'More traffic.' }, ALICE), 'more-time-limit');
  });
});

describe('the workflow hears it', () => {
  it('every stage whose deadline it moves wakes for extend-time', () => {
    for (const stage of ['travelling', 'at-the-door', 'in-home', 'returning-safely'] as const) {
      expect((STAGES[stage].accepts as readonly string[]).includes('extend-time'), stage).toBe(true);
    }
  });
});

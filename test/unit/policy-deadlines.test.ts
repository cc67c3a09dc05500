import { describe, expect, it } from 'vitest';
import { alertsFor } from '../../functions/core/alerts';
import { boardSummary } from '../../functions/core/board';
import { nextDeadline, nextDue, pendingDeadline } from '../../functions/core/deadlines';
import type { StoredVisitEvent } from '../../functions/core/events';
import type { Policy } from '../../functions/core/policy';
import { buildReportBody } from '../../functions/core/report';
import { reportDocument } from '../../functions/core/report-document';
import { STAGES } from '../../functions/core/stages';
import { addMinutes } from '../../functions/core/time';
import { ALICE, CAROL, OFFICE, WORKFLOW } from '../support/actors';
import { expectRefused, policyOf, Scenario, T0, types } from '../support/scenario';

/**
 * Issue 11 item 4, "deadlines the policy names": the expected return as a deadline, the wait for the
 * parent ending when the family comes to the door, a doorstep visit, and a reminder before a check-in
 * falls due. Each is policy data on a copy of a seed policy (Hunsbury Park: check-ins every 2 hours,
 * a safe return within 30 minutes of leaving, office → DSL/head after 15 → police after 15 more).
 *
 * The fixture's visit: staff leave school at 09:30 (T0) for a 10:00 appointment and expect to be
 * back at 11:30.
 */
const at = (minutesAfterT0: number) => addMinutes(T0, minutesAfterT0);
const EXPECTED_RETURN = '2026-11-23T11:30:00.000Z';
const seed = policyOf('hunsbury-park');

const withCheckIns = (changes: Partial<Policy['checkIns']>, base: Policy = seed): Policy => ({ ...base, checkIns: { ...base.checkIns, ...changes } });
const withEntry = (changes: Partial<Policy['entry']>, base: Policy = seed): Policy => ({ ...base, entry: { ...base.entry, ...changes } });

/** Move the scenario's clock to T0 + minutes. */
function clockAt(s: Scenario, minutesAfterT0: number): Scenario {
  s.now = at(minutesAfterT0);
  return s;
}

const departed = (policy: Policy) => new Scenario(policy).readyToGo().departed();
/** At the door at 10:00, the arranged time. */
const atDoor = (policy: Policy) => clockAt(departed(policy), 30).arrived();
/** In the home from 10:00. */
const inHome = (policy: Policy) => atDoor(policy).entered();

function expectRefusedAndNothingWritten(s: Scenario, run: () => ReturnType<Scenario['run']>, rule: string, kind: 'conflict' | 'forbidden' = 'conflict') {
  const before = s.history.length;
  expectRefused(run(), rule, kind);
  expect(s.history).toHaveLength(before);
}

/** The scenario's events as the store would hand them to the alerts port. */
const stored = (s: Scenario): StoredVisitEvent[] =>
  s.history.map((event, index) => ({ ...event, streamId: s.visit.visitId, version: index + 1, prevHash: '', hash: '' }) as StoredVisitEvent);
const messagesOf = (s: Scenario, fromVersion: number) => alertsFor(stored(s).slice(fromVersion), s.visit, s.policy);

describe('the expected return as a deadline (policy.checkIns.expectedReturnGraceMinutes)', () => {
  const policy = withCheckIns({ expectedReturnGraceMinutes: 15 });

  it('given staff still in the home 15 minutes after their expected return, when the deadline passes, then a return-overdue alert goes to the ladder\'s first level', () => {
    const s = inHome(policy);
    clockAt(s, 90).ok('check-in', {}, ALICE); // 11:00: the next check-in is due at 13:00
    expect(pendingDeadline(s.visit, s.policy)).toEqual({ kind: 'expected-return', at: addMinutes(EXPECTED_RETURN, 15), rule: 'expected-return-grace' });

    clockAt(s, 134);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'expected-return' }), 'deadline-not-reached');
    clockAt(s, 135);
    const before = s.history.length;
    expect(types(s.step('deadline-passed', { kind: 'expected-return' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
    expect(s.visit.alerts).toEqual([expect.objectContaining({ kind: 'return-overdue', dueAt: at(135), level: 1 })]);

    const [message] = messagesOf(s, before);
    expect(message).toMatchObject({ kind: 'return-overdue', level: 1, notify: ['office'], severity: 'high', dueAt: at(135) });
    expect(message?.subject).toBe('Level 1: Alice Officer and Bob Worker have not come back by the expected return time');
  });

  it('climbs the escalation ladder like a missed check-in until a person answers', () => {
    const s = clockAt(inHome(policy), 90);
    s.ok('check-in', {}, ALICE);
    clockAt(s, 135).ok('deadline-passed', { kind: 'expected-return' }, WORKFLOW);
    const alertId = s.visit.alerts[0]!.alertId;
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'escalation', at: at(150) });
    clockAt(s, 150);
    expect(types(s.step('escalate', { alertId }))).toEqual(['AlertEscalated']);
    clockAt(s, 165);
    expect(types(s.step('escalate', { alertId }))).toEqual(['AlertEscalated']);
    expect(s.visit.alerts[0]?.level).toBe(3);
    const top = messagesOf(s, s.history.length - 1)[0];
    expect(top).toMatchObject({ kind: 'return-overdue', level: 3, severity: 'critical' });
    expect(top?.text).toMatch(/999/);
  });

  it('raises one alert per due time: never a second, and the workflow no longer waits on it', () => {
    const s = clockAt(inHome(policy), 90);
    s.ok('check-in', {}, ALICE);
    clockAt(s, 135).ok('deadline-passed', { kind: 'expected-return' }, WORKFLOW);
    clockAt(s, 136);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'expected-return' }), 'alert-already-raised');
    expect(pendingDeadline(s.visit, s.policy)).toMatchObject({ kind: 'check-in', at: at(210) });
  });

  it('is resolved by the staff\'s safe return, and the visit closes as completed', () => {
    const s = clockAt(inHome(policy), 90);
    s.ok('check-in', {}, ALICE);
    clockAt(s, 135).ok('deadline-passed', { kind: 'expected-return' }, WORKFLOW);
    clockAt(s, 140).ok('leave', {}, ALICE);
    clockAt(s, 150);
    expect(types(s.act('return', {}, ALICE))).toEqual(['ReturnedSafely', 'AlertResolved']);
    expect(s.visit.alerts[0]).toMatchObject({ kind: 'return-overdue', resolved: { resolution: 'returned' } });
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('completed');
    const report = buildReportBody(s.visitIn('closed'), s.policy);
    expect(report.alerts).toEqual([expect.objectContaining({ kind: 'return-overdue', resolution: 'returned', notified: ['office'] })]);
    const document = reportDocument({ visitId: s.visit.visitId, reportId: 'r-1', filedAt: at(151), categories: report.categories, body: report });
    const alerts = document.sections.find((section) => section.title.startsWith('Alerts'))!;
    expect(JSON.stringify(alerts)).toContain('Not back by the expected return time');
  });

  it('is resolved by a check-in from the staff (a sign of life), and is not raised again for the same time', () => {
    const s = clockAt(inHome(policy), 90);
    s.ok('check-in', {}, ALICE);
    clockAt(s, 135).ok('deadline-passed', { kind: 'expected-return' }, WORKFLOW);
    clockAt(s, 140);
    expect(types(s.act('check-in', { note: 'Running over: the family asked to talk more' }, ALICE))).toEqual(['CheckedIn', 'AlertResolved']);
    expect(s.visit.alerts[0]).toMatchObject({ resolved: { resolution: 'checked-in' } });
    // Still watched: the check-in clock runs from the check-in.
    expect(pendingDeadline(s.visit, s.policy)).toMatchObject({ kind: 'check-in', at: at(260) });
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'expected-return' }), 'alert-already-raised');
  });

  it('runs while travelling, at the door and on the way back, and never before departure', () => {
    const ready = new Scenario(policy).readyToGo();
    clockAt(ready, 200);
    expectRefusedAndNothingWritten(ready, () => ready.step('deadline-passed', { kind: 'expected-return' }), 'no-such-deadline');

    const travelling = departed(policy);
    clockAt(travelling, 100).ok('check-in', {}, ALICE);
    expect(pendingDeadline(travelling.visit, policy)?.kind).toBe('expected-return');

    const returning = clockAt(inHome(policy), 115);
    returning.ok('leave', {}, ALICE); // 11:25: the safe return is due at 11:55, the expected return at 11:45
    expect(pendingDeadline(returning.visit, policy)).toEqual({ kind: 'expected-return', at: at(135), rule: 'expected-return-grace' });
    clockAt(returning, 135);
    expect(types(returning.step('deadline-passed', { kind: 'expected-return' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
  });

  it('given a grace of null (every seed school today), the expected return is the plan, not a deadline', () => {
    const s = clockAt(inHome(seed), 90);
    s.ok('check-in', {}, ALICE);
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'check-in', at: at(210), rule: 'check-in-interval' });
    clockAt(s, 200);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'expected-return' }), 'no-such-deadline');
  });

  it('a grace of 0 makes the expected return itself the deadline', () => {
    const s = clockAt(inHome(withCheckIns({ expectedReturnGraceMinutes: 0 })), 90);
    s.ok('check-in', {}, ALICE);
    expect(pendingDeadline(s.visit, s.policy)).toMatchObject({ kind: 'expected-return', at: EXPECTED_RETURN });
  });
});

describe('the wait for the parent stops when the family comes to the door (family-at-door)', () => {
  it('given staff at the door, when the family comes to the door, then the no-show deadline no longer runs', () => {
    const s = atDoor(seed);
    expect(nextDeadline(s.visit, s.policy)).toMatchObject({ kind: 'parent-arrival', at: at(50) });
    clockAt(s, 35);
    expect(types(s.act('family-at-door', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }] }, ALICE))).toEqual(['FamilyCameToDoor']);
    expect(s.visit).toMatchObject({ status: 'at-door', familyAtDoor: { at: at(35), peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }] } });
    expect(nextDeadline(s.visit, s.policy)).toMatchObject({ kind: 'check-in', at: at(120) });
    clockAt(s, 60);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'parent-arrival' }), 'no-such-deadline');
    expect(s.visit.cancelled).toBeUndefined();
  });

  it('also ends the wait after a late notice; the body is optional', () => {
    const s = atDoor(seed);
    s.ok('report-late', { expectedAt: at(50) }, ALICE);
    expect(nextDeadline(s.visit, s.policy)).toMatchObject({ kind: 'parent-arrival', rule: 'max-lateness' });
    clockAt(s, 45);
    expect(types(s.act('family-at-door', {}, ALICE))).toEqual(['FamilyCameToDoor']);
    expect(s.visit.familyAtDoor?.peoplePresent).toBeUndefined();
    expect(nextDeadline(s.visit, s.policy)?.kind).toBe('check-in');
  });

  it('is for the staff at the door, once', () => {
    const travelling = departed(seed);
    expectRefusedAndNothingWritten(travelling, () => travelling.act('family-at-door', {}, ALICE), 'not-at-the-door');
    const s = atDoor(seed);
    expectRefusedAndNothingWritten(s, () => s.act('family-at-door', {}, CAROL), 'assigned-staff-only', 'forbidden');
    expectRefusedAndNothingWritten(s, () => s.act('family-at-door', {}, OFFICE), 'assigned-staff-only', 'forbidden');
    s.ok('family-at-door', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.act('family-at-door', {}, ALICE), 'family-already-at-door');
  });

  it('wakes the workflow waiting at the door (stages.ts)', () => {
    expect(STAGES['at-the-door'].accepts).toContain('family-at-door');
  });
});

describe('a doorstep visit (policy.entry.doorstepAllowed)', () => {
  const policy = withEntry({ doorstepAllowed: true });
  const NOTES = { facts: ['Talked with Pat on the doorstep about mornings'], agreements: ['Sam on the 8:05 bus'], followUpNeeded: false };

  it('given the family at the door, when staff leave with doorstep, then the visit completes without going in and the report says so', () => {
    const s = atDoor(policy);
    clockAt(s, 32).ok('family-at-door', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }] }, ALICE);
    clockAt(s, 45);
    expect(types(s.act('leave', { doorstep: true, notes: NOTES }, ALICE))).toEqual(['LeftHome']);
    expect(s.visit).toMatchObject({ status: 'returning', left: { doorstep: true } });
    expect(s.visit.entered).toBeUndefined();
    clockAt(s, 70).ok('return', {}, ALICE);
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('completed');

    const report = buildReportBody(s.visitIn('closed'), s.policy);
    expect(report).toMatchObject({ outcome: 'completed', doorstep: true, peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }] });
    expect(report.discussion.agreements).toEqual(['Sam on the 8:05 bus']);
    const document = reportDocument({ visitId: s.visit.visitId, reportId: 'r-1', filedAt: at(71), categories: report.categories, body: report });
    expect(document.subtitle).toContain('Completed at the door (a doorstep visit: staff did not go in)');
  });

  it('is refused where the policy does not allow it (doorstep-not-allowed)', () => {
    const s = atDoor(seed);
    s.ok('family-at-door', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.act('leave', { doorstep: true }, ALICE), 'doorstep-not-allowed');
    expect(s.visit.status).toBe('at-door');
  });

  it('is refused before the family came to the door (family-not-at-door)', () => {
    const s = atDoor(policy);
    expectRefusedAndNothingWritten(s, () => s.act('leave', { doorstep: true }, ALICE), 'family-not-at-door');
  });

  it('is refused once staff went in (doorstep-after-entering)', () => {
    const s = atDoor(policy);
    s.ok('family-at-door', {}, ALICE);
    s.entered();
    expectRefusedAndNothingWritten(s, () => s.act('leave', { doorstep: true }, ALICE), 'doorstep-after-entering');
  });

  it('keeps the signatures the policy asks for on the visit (the academy, attendance)', () => {
    const academy = withEntry({ doorstepAllowed: true }, policyOf('learning-together-academy'));
    expect(academy.report.signatures).toBe('when-attendance');
    const s = new Scenario(academy).readyToGo().departed();
    clockAt(s, 30).arrived().ok('family-at-door', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.act('leave', { doorstep: true }, ALICE), 'signatures-required');
    expect(types(s.act('leave', { doorstep: true, notes: { ...NOTES, signatures: { parent: true, officer: true } } }, ALICE))).toEqual(['LeftHome']);
  });

  it('a plain leave from the door is today\'s: no doorstep in the record or the report', () => {
    const s = atDoor(policy);
    s.ok('family-at-door', {}, ALICE);
    expect(types(s.act('leave', {}, ALICE))).toEqual(['LeftHome']);
    clockAt(s, 60).ok('return', {}, ALICE);
    s.ok('close', {}, WORKFLOW);
    expect(buildReportBody(s.visitIn('closed'), s.policy).doorstep).toBeUndefined();
  });
});

describe('a reminder before a check-in falls due (policy.checkIns.reminderMinutesBefore)', () => {
  const policy = withCheckIns({ reminderMinutesBefore: 10 });

  it('given a check-in due at 11:30, the workflow reminds the staff at 11:20, once, and then raises the alert at 11:30', () => {
    const s = inHome(policy);
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'check-in-reminder', at: at(110) });
    // The office counts down to the check-in itself, never to the staff's reminder.
    expect(boardSummary(s.visit, s.policy).nextDeadline).toEqual({ kind: 'check-in', at: at(120) });
    clockAt(s, 109);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in-reminder' }), 'deadline-not-reached');
    clockAt(s, 110);
    const before = s.history.length;
    expect(types(s.step('deadline-passed', { kind: 'check-in-reminder' }))).toEqual(['CheckInReminderSent']);
    expect(s.history.at(-1)?.data).toEqual({ dueAt: at(120), minutesBefore: 10 });

    // A message to the staff themselves: information, with nothing to answer, not an alert.
    const [message] = messagesOf(s, before);
    expect(message).toMatchObject({ kind: 'check-in-reminder', severity: 'info', level: 0, dueAt: at(120), staff: ['staff-alice', 'staff-bob'], notify: ['staff'] });
    expect(message?.alertId).toBeUndefined();
    expect(s.visit.alerts).toEqual([]);
    expect(boardSummary(s.visit, s.policy)).toMatchObject({ openAlerts: 0, escalationLevel: 0, nextDeadline: { kind: 'check-in', at: at(120) } });

    clockAt(s, 111);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in-reminder' }), 'reminder-already-sent');
    expect(pendingDeadline(s.visit, s.policy)).toMatchObject({ kind: 'check-in', at: at(120) });
    clockAt(s, 120);
    expect(types(s.step('deadline-passed', { kind: 'check-in' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
  });

  it('a check-in before the reminder is due moves it on', () => {
    const s = clockAt(inHome(policy), 100);
    s.ok('check-in', {}, ALICE);
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'check-in-reminder', at: at(210) });
    clockAt(s, 110);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in-reminder' }), 'deadline-not-reached');
  });

  it('reminds again before the re-armed check-in after an acknowledgement', () => {
    const s = inHome(policy);
    clockAt(s, 110).ok('deadline-passed', { kind: 'check-in-reminder' }, WORKFLOW);
    clockAt(s, 120).ok('deadline-passed', { kind: 'check-in' }, WORKFLOW);
    expect(pendingDeadline(s.visit, s.policy)).toBeUndefined(); // the alert's escalation is what comes next
    clockAt(s, 125).ok('acknowledge', { alertId: s.visit.alerts[0]!.alertId }, OFFICE);
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'check-in-reminder', at: at(145) });
  });

  it('does not remind at the very moment the clock restarts (a reminder as long as the re-armed wait)', () => {
    const s = inHome(withCheckIns({ reminderMinutesBefore: 30 }));
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'check-in-reminder', at: at(90) });
    clockAt(s, 90).ok('deadline-passed', { kind: 'check-in-reminder' }, WORKFLOW);
    clockAt(s, 120).ok('deadline-passed', { kind: 'check-in' }, WORKFLOW);
    clockAt(s, 125).ok('acknowledge', { alertId: s.visit.alerts[0]!.alertId }, OFFICE);
    // Re-armed for 30 minutes: a 30-minute reminder would fall at the acknowledgement itself.
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'check-in', at: at(155) });
  });

  it('never reminds on the way back (the safe return is not a check-in), nor with a reminder of 0 (every seed today)', () => {
    const returning = clockAt(inHome(policy), 60);
    returning.ok('leave', {}, ALICE);
    expectRefusedAndNothingWritten(returning, () => returning.step('deadline-passed', { kind: 'check-in-reminder' }), 'no-such-deadline');

    const s = clockAt(inHome(seed), 115);
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'check-in', at: at(120) });
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in-reminder' }), 'no-such-deadline');
  });
});

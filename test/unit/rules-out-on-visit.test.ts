import { describe, expect, it } from 'vitest';
import { escalationDue, nextDeadline, nextDue } from '../../functions/core/deadlines';
import { addMinutes } from '../../functions/core/time';
import type { VisitEvent } from '../../functions/core/events';
import type { Alert, VisitStatus } from '../../functions/core/visit-state';
import type { VisitDetails } from '../../functions/core/visit-details';
import { ALICE, AUDITOR, BOB, CAROL, DSL, HEAD, OFFICE, SLT, WORKFLOW } from '../support/actors';
import { expectRefused, policyOf, Scenario, scenario, T0, types } from '../support/scenario';

/** Staff leave school at T0 (09:30); the fixture's appointment is at 10:00. */
const SCHOOLS = ['hunsbury-park', 'birchwood', 'harrogate-high', 'learning-together-academy', 'wna'] as const;
const authoriserFor = (schoolId: string) => (schoolId === 'harrogate-high' ? SLT : HEAD);
const at = (minutesAfterT0: number) => addMinutes(T0, minutesAfterT0);
const resolutionOf = (alert: Alert) => (alert.stage === 'resolved' ? alert.resolved.resolution : undefined);

const ready = (schoolId: string, overrides: Partial<VisitDetails> = {}): Scenario =>
  scenario(schoolId).requested(overrides).authorised(authoriserFor(schoolId)).assessed();
/** Departed at T0, arrived at 10:00, let in by a parent. */
const inHome = (schoolId: string, overrides: Partial<VisitDetails> = {}): Scenario =>
  ready(schoolId, overrides).departed().after(30).arrived().entered();

function leftHome(s: Scenario): Scenario {
  s.ok('leave', {}, ALICE);
  return s;
}
function returned(s: Scenario): Scenario {
  s.ok('return', {}, ALICE);
  return s;
}
function cancelledByOffice(s: Scenario): Scenario {
  s.ok('cancel', { reason: 'staff-unavailable', detail: 'Alice is off sick.' }, OFFICE);
  return s;
}

/** Move a scenario's clock to T0 + minutes. */
function clockAt(s: Scenario, minutesAfterT0: number): Scenario {
  s.now = at(minutesAfterT0);
  return s;
}

/** Try a command that must be refused, and check that nothing was written. */
function expectRefusedAndNothingWritten(s: Scenario, run: () => ReturnType<Scenario['run']>, rule: string, kind: 'conflict' | 'forbidden' = 'conflict') {
  const before = s.history.length;
  const status = s.visit.status;
  expectRefused(run(), rule, kind);
  expect(s.history).toHaveLength(before);
  expect(s.visit.status).toBe(status);
}

/** Raise a missed check-in alert at T0 + 120 and return its id. */
function missedCheckIn(s: Scenario): string {
  clockAt(s, 120);
  expect(types(s.step('deadline-passed', { kind: 'check-in' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
  const alert = s.visit.alerts.at(-1);
  if (!alert) throw new Error('no alert raised');
  return alert.alertId;
}

const lastEvent = (s: Scenario): VisitEvent => {
  const event = s.history.at(-1);
  if (!event) throw new Error('empty history');
  return event;
};

describe('check in every two hours (000 §2, 002 §2.4: "check in by calling the school office every two hours")', () => {
  it('starts the clock when staff leave school ("before the visit, staff will check in")', () => {
    const s = ready('hunsbury-park').departed();
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'check-in', at: at(120), rule: 'check-in-interval' });
  });

  it('raises nothing at 119 minutes and an alert to the office at 120', () => {
    const s = inHome('hunsbury-park');
    clockAt(s, 119);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in' }), 'deadline-not-reached');
    expect(s.visit.alerts).toHaveLength(0);

    clockAt(s, 120);
    const decision = s.step('deadline-passed', { kind: 'check-in' });
    expect(types(decision)).toEqual(['CheckInOverdue', 'AlertEscalated']);
    const [overdue, escalated] = decision.ok ? decision.events : [];
    expect(overdue?.data).toMatchObject({ kind: 'check-in-overdue', dueAt: at(120) });
    expect(escalated?.data).toMatchObject({ level: 1, notify: ['office'] });
    expect(s.visit.alerts).toEqual([expect.objectContaining({ kind: 'check-in-overdue', level: 1 })]);
  });

  it('a check-in restarts the two hours', () => {
    const s = inHome('hunsbury-park');
    clockAt(s, 60).ok('check-in', {}, ALICE);
    expect(nextDeadline(s.visit, s.policy)?.at).toBe(at(180));
    clockAt(s, 120);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in' }), 'deadline-not-reached');
  });

  it('keeps running while staff wait at the door', () => {
    // Staff arrive at 11:29 for a late-running visit; the check-in is due at 11:30, before the door deadline.
    const s = ready('hunsbury-park', { appointmentAt: at(119) }).departed().after(119).arrived();
    expect(nextDeadline(s.visit, s.policy)).toMatchObject({ kind: 'check-in', at: at(120) });
    clockAt(s, 120);
    expect(types(s.step('deadline-passed', { kind: 'check-in' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
  });

  it('raises one alert per missed check-in, not a second while the first is open', () => {
    const s = inHome('hunsbury-park');
    missedCheckIn(s);
    clockAt(s, 125);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in' }), 'alert-already-open');
  });

  it('a check-in after the alert resolves it, and stops the escalation', () => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    clockAt(s, 125);
    expect(types(s.act('check-in', { note: 'sorry, phone was on silent' }, ALICE))).toEqual(['CheckedIn', 'AlertResolved']);
    expect(lastEvent(s).data).toEqual({ alertId, resolution: 'checked-in' });
    clockAt(s, 140);
    expectRefusedAndNothingWritten(s, () => s.step('escalate', { alertId }), 'alert-answered');
  });
});

describe('escalating a missed check-in (000 §2 "notify the school office who will contact the police")', () => {
  it.each(SCHOOLS)('%s: office, then DSL and headteacher after 15 minutes, then the police after 15 more, then no further', (schoolId) => {
    const s = inHome(schoolId);
    const alertId = missedCheckIn(s);

    clockAt(s, 134);
    expectRefusedAndNothingWritten(s, () => s.step('escalate', { alertId }), 'escalation-not-due');

    clockAt(s, 135);
    expect(types(s.step('escalate', { alertId }))).toEqual(['AlertEscalated']);
    expect(lastEvent(s).data).toMatchObject({ level: 2, notify: ['dsl', 'headteacher'] });

    clockAt(s, 149);
    expectRefusedAndNothingWritten(s, () => s.step('escalate', { alertId }), 'escalation-not-due');
    clockAt(s, 150);
    expect(types(s.step('escalate', { alertId }))).toEqual(['AlertEscalated']);
    expect(lastEvent(s).data).toMatchObject({ level: 3, notify: ['office', 'dsl', 'headteacher'], instruction: expect.stringMatching(/999/) });

    clockAt(s, 240);
    expectRefusedAndNothingWritten(s, () => s.step('escalate', { alertId }), 'top-of-ladder');
  });

  it('Harrogate\'s police instruction gives the silent-call route (§6.5 "999 followed by 55")', () => {
    const level3 = policyOf('harrogate-high').escalation.levels[2];
    expect(level3?.instruction).toContain('999 followed by 55');
  });

  it('refuses to escalate an alert that does not exist', () => {
    const s = inHome('hunsbury-park');
    expectRefusedAndNothingWritten(s, () => s.step('escalate', { alertId: 'alert-999' }), 'alert-not-found');
  });

  it('refuses an escalation asked for by a person', () => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    clockAt(s, 140);
    expectRefusedAndNothingWritten(s, () => s.run('escalate', { alertId }, HEAD), 'workflow-only', 'forbidden');
  });
});

describe('acknowledging an alert: a person is chasing it', () => {
  it('stops the escalation and re-arms the check-in clock for 30 minutes, and leaves the alert open', () => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    clockAt(s, 125);
    expect(types(s.act('acknowledge', { alertId, note: 'Calling Alice now' }, OFFICE))).toEqual(['AlertAcknowledged']);
    expect(lastEvent(s).data).toEqual({ alertId, note: 'Calling Alice now' });
    expect(s.visit.alerts[0]).toMatchObject({ stage: 'acknowledged', acknowledged: { by: OFFICE, at: at(125) } });
    expect(s.visit.alerts[0]?.stage).not.toBe('resolved');

    clockAt(s, 140);
    expectRefusedAndNothingWritten(s, () => s.step('escalate', { alertId }), 'alert-answered');
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'check-in', at: at(125 + 30), rule: 'check-in-interval' });
  });

  it('raises a fresh alert if the re-armed check-in is missed too, the acknowledged one still open beside it', () => {
    const s = inHome('hunsbury-park');
    const first = missedCheckIn(s);
    clockAt(s, 125).ok('acknowledge', { alertId: first }, OFFICE);
    clockAt(s, 154);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'check-in' }), 'deadline-not-reached');
    clockAt(s, 155);
    expect(types(s.step('deadline-passed', { kind: 'check-in' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
    expect(s.visit.alerts).toHaveLength(2);
    expect(s.visit.alerts.filter((alert) => alert.stage !== 'resolved')).toHaveLength(2);
    expect(s.visit.alerts[1]).toMatchObject({ kind: 'check-in-overdue', dueAt: at(155) });
    expect(s.visit.alerts[1]?.alertId).not.toBe(first);
  });

  it('a check-in after an acknowledgement puts the clock back to two hours', () => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    clockAt(s, 125).ok('acknowledge', { alertId }, OFFICE);
    clockAt(s, 130).ok('check-in', {}, ALICE);
    expect(nextDeadline(s.visit, s.policy)?.at).toBe(at(130 + 120));
  });

  it.each([
    ['the DSL', DSL],
    ['the headteacher', HEAD],
  ])('%s, who is on the ladder, may acknowledge', (_, actor) => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    expect(types(s.act('acknowledge', { alertId }, actor))).toEqual(['AlertAcknowledged']);
  });

  it.each([
    ['the member of staff who is missing', ALICE],
    ['their pair', BOB],
  ])('%s may not acknowledge their own alert', (_, actor) => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    expectRefusedAndNothingWritten(s, () => s.act('acknowledge', { alertId }, actor), 'acknowledger-role', 'forbidden');
    expect(s.visit.alerts[0]?.stage).not.toBe('resolved');
  });

  it('refuses to acknowledge an alert twice: the first to answer has it', () => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    s.ok('acknowledge', { alertId }, OFFICE);
    expectRefusedAndNothingWritten(s, () => s.act('acknowledge', { alertId }, DSL), 'alert-already-acknowledged');
    expect(s.visit.alerts[0]).toMatchObject({ stage: 'acknowledged', acknowledged: { by: OFFICE } });
  });

  it('refuses to acknowledge an alert already resolved', () => {
    const s = inHome('hunsbury-park');
    const alertId = missedCheckIn(s);
    clockAt(s, 125).ok('check-in', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.act('acknowledge', { alertId }, OFFICE), 'alert-already-resolved');
  });
});

describe('safe return (000 §4 "Before and after the visit, staff will check in"; WNA "text as you return")', () => {
  it('is due 30 minutes after leaving the home; missed, it raises a safe-return alert that the return resolves', () => {
    const s = inHome('hunsbury-park');
    clockAt(s, 60).ok('leave', {}, ALICE);
    expect(s.visit.status).toBe('returning');
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'safe-return', at: at(90), rule: 'safe-return' });

    clockAt(s, 89);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'safe-return' }), 'deadline-not-reached');
    clockAt(s, 90);
    const decision = s.step('deadline-passed', { kind: 'safe-return' });
    expect(types(decision)).toEqual(['CheckInOverdue', 'AlertEscalated']);
    const alertId = s.visit.alerts[0]?.alertId;
    expect(s.visit.alerts[0]).toMatchObject({ kind: 'safe-return-overdue', dueAt: at(90) });

    clockAt(s, 95);
    expect(types(s.act('return', {}, ALICE))).toEqual(['ReturnedSafely', 'AlertResolved']);
    expect(lastEvent(s).data).toEqual({ alertId, resolution: 'returned' });
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('completed');
  });

  it('an acknowledged safe-return alert re-arms the return for 30 more minutes; missed again, it raises another', () => {
    const s = inHome('hunsbury-park');
    clockAt(s, 60).ok('leave', {}, ALICE);
    clockAt(s, 90).ok('deadline-passed', { kind: 'safe-return' }, WORKFLOW);
    const alertId = s.visit.alerts[0]?.alertId ?? '';
    clockAt(s, 100).ok('acknowledge', { alertId }, OFFICE);
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'safe-return', at: at(130), rule: 'safe-return' });
    clockAt(s, 130);
    expect(types(s.step('deadline-passed', { kind: 'safe-return' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
    expect(types(s.act('return', {}, ALICE))).toEqual(['ReturnedSafely', 'AlertResolved', 'AlertResolved']);
    expect(s.visit.alerts.map(resolutionOf)).toEqual(['returned', 'returned']);
  });

  it('is due after a cancellation at the door too: staff are still out', () => {
    const s = ready('learning-together-academy').departed().after(30).arrived().after(10);
    s.ok('deadline-passed', { kind: 'parent-arrival' }, WORKFLOW);
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'safe-return', at: at(70), rule: 'safe-return' });
    expectRefusedAndNothingWritten(s, () => s.step('close', {}), 'staff-not-back');
  });
});

describe('panic (000 §2 "If a staff member feels that they are in immediate danger, they will notify the school office")', () => {
  const BUILDERS: [VisitStatus, () => Scenario][] = [
    ['requested', () => scenario('hunsbury-park').requested()],
    ['ready', () => ready('hunsbury-park')],
    ['travelling', () => ready('hunsbury-park').departed()],
    ['at-door', () => ready('hunsbury-park').departed().arrived()],
    ['in-home', () => inHome('hunsbury-park')],
    ['returning', () => leftHome(inHome('hunsbury-park').after(30))],
    ['returned', () => returned(leftHome(inHome('hunsbury-park').after(30)).after(20))],
    ['ended', () => cancelledByOffice(ready('hunsbury-park'))],
  ];

  it.each(BUILDERS)('assigned staff may raise panic when the visit is %s', (status, build) => {
    const s = build();
    expect(s.visit.status).toBe(status);
    expect(types(s.act('panic', { note: 'help' }, BOB))).toEqual(['PanicRaised']);
    expect(s.visit.alerts.at(-1)).toMatchObject({ kind: 'panic' });
  });

  it.each([
    ['a member of staff not on the visit', CAROL],
    ['the office', OFFICE],
  ])('%s may not raise panic for the visit', (_, actor) => {
    const s = inHome('hunsbury-park');
    expectRefusedAndNothingWritten(s, () => s.act('panic', {}, actor), 'assigned-staff-only', 'forbidden');
  });

  it('a check-in does not answer a panic; the visit cannot close until a person resolves it', () => {
    const s = inHome('hunsbury-park');
    clockAt(s, 40).ok('panic', {}, ALICE);
    const alertId = s.visit.alerts[0]?.alertId ?? '';
    expect(types(s.act('check-in', { note: 'ok now' }, ALICE))).toEqual(['CheckedIn']);
    clockAt(s, 50).ok('leave', {}, ALICE);
    clockAt(s, 70).ok('return', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.step('close', {}), 'alerts-unresolved');
    s.ok('acknowledge', { alertId, note: 'Calling Alice now.' }, OFFICE);
    expectRefusedAndNothingWritten(s, () => s.step('close', {}), 'alerts-unresolved');
    s.ok('resolve-alert', { alertId, reason: 'Spoke to Alice; she is safe.' }, OFFICE);
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
  });
});

describe('close refuses while an alert is open', () => {
  it('refuses to close over an unacknowledged panic even once staff are back', () => {
    const s = inHome('wna');
    s.ok('panic', {}, ALICE);
    s.after(10).ok('leave', {}, ALICE);
    s.after(10).ok('return', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.step('close', {}), 'alerts-unresolved');
    expect(s.visit.status).toBe('returned');
  });
});

describe('never alone with the pupil (000 §5, 002 §6.3 "a parent will always be present")', () => {
  it.each(SCHOOLS)('%s records a safeguarding breach when staff check in with no adult in the home', (schoolId) => {
    const s = inHome(schoolId);
    const decision = s.act('check-in', { adultPresent: false }, ALICE);
    expect(types(decision)).toEqual(['CheckedIn', 'SafeguardingRuleBreached']);
    expect(s.visit.breaches).toEqual([expect.objectContaining({ rule: 'never-alone-with-pupil' })]);
    expect(s.visit.breaches[0]?.detail).toMatch(/leave the home now/);
  });

  it.each([
    ['an adult is present', { adultPresent: true }],
    ['presence is not stated', {}],
  ])('records no breach when %s', (_, body) => {
    const s = inHome('hunsbury-park');
    expect(types(s.act('check-in', body, ALICE))).toEqual(['CheckedIn']);
    expect(s.visit.breaches).toHaveLength(0);
  });

  it('records no breach for a check-in from outside the home', () => {
    const s = ready('hunsbury-park').departed().arrived();
    expect(types(s.act('check-in', { adultPresent: false }, ALICE))).toEqual(['CheckedIn']);
  });

  it('follows the data: a policy without the rule records no breach', () => {
    const base = policyOf('hunsbury-park');
    const s = new Scenario({ ...base, entry: { ...base.entry, neverAloneWithPupil: false } }).readyToGo().departed().arrived().entered();
    expect(types(s.act('check-in', { adultPresent: false }, ALICE))).toEqual(['CheckedIn']);
  });
});

describe('safeguarding concerns (000 §5 "report any safeguarding concerns to the DSL"; BCHS "contact your DSL immediately")', () => {
  it.each(SCHOOLS)('%s sends a concern raised during the visit to the policy\'s reportTo', (schoolId) => {
    const s = inHome(schoolId);
    expect(types(s.act('raise-concern', { summary: 'Pupil has an unexplained bruise.' }, ALICE))).toEqual(['SafeguardingConcernRaised']);
    expect(s.visit.concerns[0]).toMatchObject({ summary: 'Pupil has an unexplained bruise.', reportedTo: policyOf(schoolId).concerns.ladder[0]!.notify });
    expect(s.visit.concerns[0]?.reportedTo).toContain('dsl');
  });

  it('accepts a concern after the staff are back (BCHS "discussed with DSL … on arrival back to school")', () => {
    const s = inHome('birchwood');
    s.after(30).ok('leave', {}, ALICE);
    s.after(20).ok('return', {}, ALICE);
    expect(types(s.act('raise-concern', { summary: 'On reflection: no food in the house.' }, BOB))).toEqual(['SafeguardingConcernRaised']);
  });

  it('refuses a concern before the visit has started, from staff not on it, and from an auditor', () => {
    const s = ready('hunsbury-park');
    expectRefusedAndNothingWritten(s, () => s.act('raise-concern', { summary: 'x' }, ALICE), 'visit-not-started');
    s.departed();
    expectRefusedAndNothingWritten(s, () => s.act('raise-concern', { summary: 'x' }, CAROL), 'assigned-staff-only', 'forbidden');
    expectRefusedAndNothingWritten(s, () => s.act('raise-concern', { summary: 'x' }, AUDITOR), 'auditors-read-only', 'forbidden');
  });
});

describe('signatures (003 §2.3 "Signatures of the parents/carers and the attendance officer should also be kept if this was the reason for the visit")', () => {
  const BOTH = { facts: [], agreements: [], followUpNeeded: false, signatures: { parent: true, officer: true } };

  it.each([
    ['no notes', {}],
    ['notes without signatures', { notes: { facts: ['Talked about mornings'], agreements: [], followUpNeeded: false } }],
    ['only the officer\'s signature', { notes: { ...BOTH, signatures: { parent: false, officer: true } } }],
    ['only the parent\'s signature', { notes: { ...BOTH, signatures: { parent: true, officer: false } } }],
  ])('the academy refuses to close an attendance visit in the home with %s', (_, body) => {
    const s = inHome('learning-together-academy');
    expectRefusedAndNothingWritten(s, () => s.act('leave', body, ALICE), 'signatures-required');
    expect(s.visit.status).toBe('in-home');
  });

  it('the academy accepts leaving with both signatures', () => {
    const s = inHome('learning-together-academy');
    expect(types(s.act('leave', { notes: BOTH }, ALICE))).toEqual(['LeftHome']);
    expect(s.visit.left?.notes?.signatures).toEqual({ parent: true, officer: true });
  });

  it('Hunsbury accepts the same attendance visit ending without signatures', () => {
    const s = inHome('hunsbury-park');
    expect(types(s.act('leave', {}, ALICE))).toEqual(['LeftHome']);
  });

  it('the academy needs no signatures when the visit was not about attendance', () => {
    const s = inHome('learning-together-academy', { purpose: 'welfare' });
    expect(types(s.act('leave', {}, ALICE))).toEqual(['LeftHome']);
  });

  it('the academy needs no signatures from staff who never went in', () => {
    const s = ready('learning-together-academy').departed().arrived();
    expect(types(s.act('leave', {}, ALICE))).toEqual(['LeftHome']);
  });
});

describe('a pair on a visit (WNA "always … in pairs"; BCHS "go in with another member of staff")', () => {
  it('both members of the pair may check in, and either check-in restarts the clock', () => {
    const s = inHome('wna');
    clockAt(s, 40);
    expect(types(s.act('check-in', {}, ALICE))).toEqual(['CheckedIn']);
    clockAt(s, 70);
    expect(types(s.act('check-in', {}, BOB))).toEqual(['CheckedIn']);
    expect(s.visit.checkIns.map((checkIn) => checkIn.by)).toEqual([ALICE, BOB]);
    expect(nextDeadline(s.visit, s.policy)?.at).toBe(at(190));
  });

  it.each([
    ['staff not on the visit', CAROL, 'assigned-staff-only'],
    ['the office', OFFICE, 'assigned-staff-only'],
    ['an auditor', AUDITOR, 'auditors-read-only'],
  ])('%s may not check in for the visit', (_, actor, rule) => {
    const s = inHome('wna');
    expectRefusedAndNothingWritten(s, () => s.act('check-in', {}, actor), rule, 'forbidden');
  });

  it('either member of the pair may record leaving and the safe return', () => {
    const s = inHome('wna');
    expect(types(s.after(30).act('leave', {}, BOB))).toEqual(['LeftHome']);
    expect(types(s.after(20).act('return', {}, ALICE))).toEqual(['ReturnedSafely']);
    expectRefusedAndNothingWritten(s, () => s.act('check-in', {}, ALICE), 'not-out-on-visit');
  });
});

describe('who may answer an alert', () => {
  it('lets the Assistant Headteacher (SLT) at Harrogate acknowledge, though SLT is not on the ladder', () => {
    const s = scenario('harrogate-high').requested().authorised(SLT).assessed().departed(ALICE).after(120);
    s.ok('deadline-passed', { kind: 'check-in' }, WORKFLOW);
    const alertId = s.visit.alerts[0]!.alertId;
    expect(s.ok('acknowledge', { alertId }, SLT)).toEqual(['AlertAcknowledged']);
    expect(s.ok('resolve-alert', { alertId, reason: 'Phoned Alice: safe.' }, SLT)).toEqual(['AlertResolved']);
  });
});

describe('duress (BCHS: the agreed code word, used when contacting school)', () => {
  it('writes exactly the events of an ordinary check-in, with a duress alert that supersedes the overdue one and stays open', () => {
    const normal = scenario('hunsbury-park').readyToGo().departed(ALICE).after(120);
    normal.ok('deadline-passed', { kind: 'check-in' }, WORKFLOW);
    const duress = scenario('hunsbury-park').readyToGo().departed(ALICE).after(120);
    duress.ok('deadline-passed', { kind: 'check-in' }, WORKFLOW);

    expect(duress.ok('check-in', { duress: true }, ALICE)).toEqual(normal.ok('check-in', {}, ALICE));
    expect(duress.visit.version).toBe(normal.visit.version);
    expect(duress.visit.alerts.map((alert) => [alert.kind, resolutionOf(alert)])).toEqual([
      ['check-in-overdue', 'checked-in'],
      ['duress', undefined],
    ]);
    expectRefused(duress.step('close', {}), 'staff-not-back');
  });

  it('does not put a duress or panic alert on the ladder, whose first step is to phone the member of staff', () => {
    const s = scenario('hunsbury-park').readyToGo().departed(ALICE).after(30);
    s.ok('check-in', { duress: true }, ALICE);
    s.ok('panic', {}, BOB);
    const [duress, panic] = s.visit.alerts;

    expect(escalationDue(s.visit, s.policy)).toBeUndefined();
    expect(nextDue(s.visit, s.policy)).toMatchObject({ kind: 'check-in' });
    expectRefused(s.step('escalate', { alertId: duress!.alertId }), 'not-on-the-ladder');
    expectRefused(s.step('escalate', { alertId: panic!.alertId }), 'not-on-the-ladder');
  });
});

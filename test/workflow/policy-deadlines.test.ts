import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../functions/core/policy';
import { minutesBetween } from '../../functions/core/time';
import { ALICE, OFFICE } from '../support/actors';
import { policyOf, T0 } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * Issue 11 item 4 on the local engine with the real definition and handlers, on the virtual clock:
 * each deadline the policy names, on a copy of Hunsbury Park's policy with that one field
 * changed and served under its own school id. The seeds leave all four off.
 */
const seed = policyOf('hunsbury-park');
const copy = (schoolId: string, change: (policy: Policy) => Partial<Policy>): Policy => ({ ...seed, schoolId, ...change(seed) });
// Where the test is not about check-ins, they fall due every 8 hours instead of 2, only so that none
// falls due while a loaded machine runs the test (2 hours pass in 6 s here).
const EXPECTED_RETURN = copy('pd-expected-return', (p) => ({ checkIns: { ...p.checkIns, expectedReturnGraceMinutes: 15, intervalMinutes: 480 } }));
const DOORSTEP = copy('pd-doorstep', (p) => ({ entry: { ...p.entry, doorstepAllowed: true }, checkIns: { ...p.checkIns, intervalMinutes: 480 } }));
/** The seed's 20-minute wait for the parent, unchanged. */
const DOOR = copy('pd-door', (p) => ({ checkIns: { ...p.checkIns, intervalMinutes: 480 } }));
const REMINDER = copy('pd-reminder', (p) => ({ checkIns: { ...p.checkIns, reminderMinutesBefore: 10 } }));

const PARENT = { name: 'Pat Parent', relationship: 'parent' } as const;
const PARENT_AT_HOME = { peoplePresent: [PARENT], invitedIn: true, animals: 'none', unsafeIndicators: [] };

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200, { extraPolicies: [EXPECTED_RETURN, DOORSTEP, DOOR, REMINDER] });
}, 120_000); // synthesising the stack on a busy 2-core machine
afterAll(() => h.close());

async function returnAndFinish(id: string) {
  await h.stage(id, 'returning-safely');
  expect(await h.act(id, 'return', {})).toMatchObject({ ok: true });
  expect(await h.finished(id)).toBe('SUCCEEDED');
}

describe.concurrent('deadlines the policy names, on the local engine', () => {
  it('raises one return-overdue alert when staff are not back by the expected return plus the grace, resolved by their return', async () => {
    // Back by 10:30 (grace 15: overdue from 10:45), long before the 2-hour check-in falls due.
    const expectedReturnAt = new Date(Date.parse(T0) + 60 * 60_000).toISOString();
    const id = await h.atTheDoor('pd-expected-return', { expectedReturnAt });
    await h.act(id, 'enter', PARENT_AT_HOME);
    const level1 = await h.alert(id, (alert) => alert.kind === 'return-overdue' && alert.level === 1);
    expect(level1).toMatchObject({ notify: ['office'], dueAt: new Date(Date.parse(expectedReturnAt) + 15 * 60_000).toISOString() });
    expect(level1.subject).toBe('Level 1: Alice Officer and Bob Worker have not come back by the expected return time');
    const raised = (await h.visit(id)).alerts[0]!;
    expect(minutesBetween(expectedReturnAt, raised.raisedAt)).toBeGreaterThanOrEqual(15);

    await h.stage(id, 'in-home', raised.raisedAt);
    await h.act(id, 'leave', {});
    await returnAndFinish(id);
    const visit = await h.visit(id);
    expect(visit.alerts).toEqual([expect.objectContaining({ kind: 'return-overdue', resolved: expect.objectContaining({ resolution: 'returned' }) })]);
    expect(visit.closed?.outcome).toBe('completed');
    const types = await h.types(id);
    expect(types.filter((type) => type === 'CheckInOverdue')).toHaveLength(1);
    expect(types.slice(types.indexOf('ReturnedSafely'))).toEqual(['ReturnedSafely', 'AlertResolved', 'VisitClosed', 'ReportFiled']);
  });

  it('stops waiting for the parent once the family comes to the door', async () => {
    // The arranged time is T0: without the family at the door the visit would be cancelled 20 minutes on.
    expect(DOOR.arrival.parentNoShowMinutes).toBe(20);
    const id = await h.atTheDoor('pd-door', { appointmentAt: T0 });
    expect(await h.act(id, 'family-at-door', { peoplePresent: [PARENT] })).toMatchObject({ ok: true, signal: 'delivered' });
    await h.stage(id, 'at-the-door', (await h.visit(id)).familyAtDoor!.at);
    await h.clock.elapse(30 * 60_000); // well past the 20-minute wait
    const waiting = await h.visit(id);
    expect(waiting.status).toBe('at-door');
    expect(waiting.cancelled).toBeUndefined();
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    await h.act(id, 'leave', {});
    await returnAndFinish(id);
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'FamilyCameToDoor', 'Entered', 'LeftHome',
      'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
  });

  it('completes a doorstep visit at the door, and files a report that says so', async () => {
    const id = await h.atTheDoor('pd-doorstep');
    expect(await h.act(id, 'leave', { doorstep: true })).toMatchObject({ ok: false, kind: 'conflict', rule: 'family-not-at-door' });
    await h.act(id, 'family-at-door', { peoplePresent: [PARENT] });
    const left = await h.act(id, 'leave', { doorstep: true, notes: { facts: ['Talked at the door'], agreements: ['Sam on the 8:05 bus'] } });
    expect(left).toMatchObject({ ok: true, signal: 'delivered' });
    await returnAndFinish(id);
    const visit = await h.visit(id);
    expect(visit.closed?.outcome).toBe('completed');
    expect(visit.report?.body).toMatchObject({ outcome: 'completed', doorstep: true, peoplePresent: [PARENT] });
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'FamilyCameToDoor', 'LeftHome', 'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);

    const seedVisit = await h.atTheDoor('hunsbury-park');
    await h.act(seedVisit, 'family-at-door', {});
    expect(await h.act(seedVisit, 'leave', { doorstep: true })).toMatchObject({ ok: false, kind: 'conflict', rule: 'doorstep-not-allowed' });
    await h.act(seedVisit, 'cancel', { reason: 'other', detail: 'Test over.' }, OFFICE);
    await returnAndFinish(seedVisit);
  });

  it('reminds the staff before the check-in falls due, once, before any alert is raised', async () => {
    const id = await h.atTheDoor('pd-reminder');
    await h.act(id, 'enter', PARENT_AT_HOME);
    const reminder = await h.alert(id, (message) => message.kind === 'check-in-reminder');
    expect(reminder).toMatchObject({ severity: 'info', level: 0, staff: [ALICE.userId, 'staff-bob'] });
    expect(reminder.alertId).toBeUndefined();
    const departed = (await h.visit(id)).departed!.at;
    const due = new Date(Date.parse(departed) + 120 * 60_000).toISOString();
    expect(reminder.dueAt).toBe(due);

    // Then, unanswered, the check-in alert: after the reminder, never instead of it.
    await h.alert(id, (message) => message.kind === 'check-in-overdue' && message.level === 1);
    const kinds = h.alertsOf(id).map((message) => message.kind);
    expect(kinds.indexOf('check-in-reminder')).toBeLessThan(kinds.indexOf('check-in-overdue'));
    expect(kinds.filter((kind) => kind === 'check-in-reminder')).toHaveLength(1);
    const visit = await h.visit(id);
    expect(visit.checkInReminders).toEqual([expect.objectContaining({ dueAt: due, minutesBefore: 10 })]);
    expect(minutesBetween(visit.checkInReminders![0]!.at, due)).toBeGreaterThan(0);
    expect(visit.alerts).toEqual([expect.objectContaining({ kind: 'check-in-overdue', dueAt: due })]);

    await h.stage(id, 'in-home', visit.alerts[0]!.raisedAt);
    await h.act(id, 'check-in', {});
    await h.stage(id, 'in-home');
    await h.act(id, 'leave', {});
    await returnAndFinish(id);
    const types = await h.types(id);
    expect(types.slice(types.indexOf('Entered'), types.indexOf('Entered') + 4)).toEqual(['Entered', 'CheckInReminderSent', 'CheckInOverdue', 'AlertEscalated']);
    expect(types.slice(types.indexOf('CheckedIn'))).toEqual(['CheckedIn', 'AlertResolved', 'LeftHome', 'ReturnedSafely', 'VisitClosed', 'ReportFiled']);
    expect(types.filter((type) => type === 'CheckInReminderSent')).toHaveLength(1);
  });
});

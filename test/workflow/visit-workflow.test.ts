import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutesBetween } from '../../functions/core/time';
import { acknowledgementOf } from '../../functions/core/visit-state';
import { ALICE, HEAD, OFFICE, SLT } from '../support/actors';
import { T0 } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * The real definition (synthesised from the stack) on the local engine with dynalite and the real
 * handlers, on the virtual clock (a 2-hour check-in interval passes as soon as every scenario waits).
 * Visits are independent, so the scenarios run concurrently in one runtime.
 */
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };
const NO_CONCERNS = { knownRisksInRecords: false, previousIncidents: false, agenciesInvolved: false, agencyConcernsForStaff: false, animals: 'none', unmitigatedConcerns: false } as const;

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200);
});
afterAll(() => h.close());

async function returnAndFinish(id: string) {
  await h.stage(id, 'returning-safely');
  await h.act(id, 'return', {});
  expect(await h.finished(id)).toBe('SUCCEEDED');
}

const timeOf = async (id: string, type: string) => {
  const visit = await h.visit(id);
  const stamps: Record<string, string | undefined> = { Arrived: visit.arrived?.at, VisitCancelled: visit.cancelled?.at, Departed: visit.departed?.at };
  return stamps[type]!;
};

describe.concurrent('the visit workflow on the local engine', () => {
  it('runs a full visit from request to filed report', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    await h.act(id, 'check-in', {});
    await h.stage(id, 'in-home');
    await h.act(id, 'leave', { notes: { facts: ['Agreed a morning routine'], agreements: ['Sam on the 8:05 bus'] } });
    await returnAndFinish(id);
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'CheckedIn', 'LeftHome',
      'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
    expect((await h.visit(id)).closed?.outcome).toBe('completed');
    expect(h.alertsOf(id)).toEqual([]);
  });

  it('reads every one of a burst of check-ins that race to wake the stage: each answered, the stage waits again from after the last, and the visit goes on', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');

    // Only one can wake the waiting stage; the others are answered 'pending' and left to the next wait's own check.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => h.act(id, 'check-in', { note: `burst ${i}` })));

    expect(answers.filter((answer) => !(answer.ok && 'signal' in answer && ['delivered', 'pending'].includes(answer.signal)))).toEqual([]);
    const visit = await h.visit(id);
    expect(visit.checkIns).toHaveLength(12);
    await h.stage(id, 'in-home', visit.checkIns.at(-1)!.at);
    await h.act(id, 'leave', { notes: { facts: ['Burst of check-ins'] } });
    await returnAndFinish(id);
    expect(h.alertsOf(id).filter((alert) => alert.kind === 'check-in-overdue')).toEqual([]);
  });

  it.each([
    ['hunsbury-park', 20],
    ['learning-together-academy', 10],
  ])('cancels a no-show at %s after its %i-minute wait, then still requires a safe return', async (school, minutes) => {
    const id = await h.atTheDoor(school, { appointmentAt: T0 });
    await h.stage(id, 'returning-safely');
    const waited = minutesBetween(await timeOf(id, 'Arrived'), await timeOf(id, 'VisitCancelled'));
    expect(waited).toBeGreaterThanOrEqual(minutes);
    // Well short of the other school's wait: the policy's value, not a default, set the deadline.
    expect(waited).toBeLessThan(minutes + 8);
    expect((await h.visit(id)).cancelled).toMatchObject({ reason: 'parent-no-show', rule: 'parent-no-show-wait', staffOut: true });
    await returnAndFinish(id);
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'VisitCancelled', 'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
    expect((await h.visit(id)).closed?.outcome).toBe('cancelled');
  });

  it('waits for a family who said they are late, then cancels once they are more than 30 minutes late', async () => {
    const id = await h.atTheDoor('hunsbury-park', { appointmentAt: T0 });
    await h.act(id, 'report-late', { expectedAt: new Date(Date.parse(T0) + 25 * 60_000).toISOString() }, OFFICE);
    await h.stage(id, 'returning-safely');
    const visit = await h.visit(id);
    expect(visit.cancelled).toMatchObject({ reason: 'parent-too-late', rule: 'max-lateness' });
    expect(minutesBetween(T0, visit.cancelled!.at)).toBeGreaterThanOrEqual(30);
    await returnAndFinish(id);
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'ParentReportedLate', 'VisitCancelled',
      'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
  });

  it('cancels an unsafe visit with the reason in writing to the Assistant Headteacher at Harrogate', async () => {
    const id = await h.atTheDoor('harrogate-high', {}, SLT);
    const result = await h.act(id, 'cancel', { reason: 'unsafe', detail: 'Two unknown adults at the door, one appeared drunk.', unsafeIndicators: ['unexpected-adults', 'intoxication'] });
    expect(result).toMatchObject({ ok: true, signal: 'delivered' });
    const notice = await h.alert(id, (alert) => alert.kind === 'unsafe-cancellation');
    expect(notice).toMatchObject({ notify: ['slt'], severity: 'high', subject: expect.stringContaining('Assistant Headteacher') });
    expect(notice.text).toContain('Two unknown adults at the door');
    await returnAndFinish(id);
    expect(await h.types(id)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'VisitCancelled', 'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
  });

  it('ends a declined visit without anyone going out, and files the report', async () => {
    const id = await h.request('birchwood');
    await h.stage(id, 'awaiting-authorisation');
    await h.act(id, 'decline', { reason: 'Contact the family by phone first.' }, HEAD);
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(await h.types(id)).toEqual(['VisitRequested', 'VisitDeclined', 'VisitClosed', 'ReportFiled']);
    expect((await h.visit(id)).closed?.outcome).toBe('declined');
  });

  it('does not authorise a WNA visit whose risk assessment finds concerns: the family are invited into school, and the authoriser declines it', async () => {
    const id = await h.request('wna', { riskFactors: { ...NO_CONCERNS, previousIncidents: true } });
    await h.stage(id, 'awaiting-authorisation');
    expect(await h.act(id, 'authorise', {}, HEAD)).toMatchObject({ ok: false, rule: 'risk-invite-to-school' });
    await h.stage(id, 'awaiting-authorisation');
    await h.act(id, 'decline', { reason: 'Invite the family into school instead.' }, HEAD);
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(await h.types(id)).toEqual(['VisitRequested', 'VisitDeclined', 'VisitClosed', 'ReportFiled']);
  });

  it('does not authorise a lone visit at WNA, where every visit is made in a pair: it waits for a second member of staff', async () => {
    const id = await h.request('wna', { staff: [{ userId: ALICE.userId, name: 'Alice Officer' }] });
    await h.stage(id, 'awaiting-authorisation');
    expect(await h.act(id, 'authorise', {}, HEAD)).toMatchObject({ ok: false, rule: 'pairs-required' });
    await h.stage(id, 'awaiting-authorisation');
    expect(await h.types(id)).toEqual(['VisitRequested']);
  });

  it('escalates a missed check-in through every level of the ladder, ending with the police instruction', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    const level3 = await h.alert(id, (alert) => alert.kind === 'check-in-overdue' && alert.level === 3);
    expect(level3.text).toMatch(/police/i);
    expect(level3.subject).toBe('Level 3: Alice Officer and Bob Worker have missed a check-in');
    const ladder = h.alertsOf(id).filter((alert) => alert.kind === 'check-in-overdue');
    expect(ladder.map((alert) => [alert.level, alert.notify, alert.severity])).toEqual([
      [1, ['office'], 'high'],
      [2, ['dsl', 'headteacher'], 'critical'],
      [3, ['office', 'dsl', 'headteacher'], 'critical'],
    ]);
    const visit = await h.visit(id);
    // The check-in clock runs from departure, the policy's check-in before the visit.
    expect(minutesBetween(visit.departed!.at, visit.alerts[0]!.raisedAt)).toBeGreaterThanOrEqual(120);
    // Still loud: the alert stays open at the top of the ladder until a person answers it.
    expect(visit.alerts[0]!.level).toBe(3);
    expect(visit.alerts[0]!.stage).not.toBe('resolved');
    await h.act(id, 'acknowledge', { alertId: visit.alerts[0]!.alertId }, HEAD);
    // Acknowledged is not handled: still open, until someone resolves it.
    expect((await h.visit(id)).alerts[0]!.stage).not.toBe('resolved');
    await h.act(id, 'resolve-alert', { alertId: visit.alerts[0]!.alertId, reason: 'Police found Alice and Bob safe.' }, HEAD);
    expect((await h.types(id)).slice(6)).toEqual(['CheckInOverdue', 'AlertEscalated', 'AlertEscalated', 'AlertEscalated', 'AlertAcknowledged', 'AlertResolved']);
  });

  it('stops escalating once a person acknowledges, keeps the alert open, and re-arms the check-in clock for 30 minutes', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.alert(id, (alert) => alert.kind === 'check-in-overdue' && alert.level === 1);
    const [first] = (await h.visit(id)).alerts;
    await h.stage(id, 'in-home', first!.raisedAt);
    const acknowledged = await h.act(id, 'acknowledge', { alertId: first!.alertId, note: 'Phoned Alice, all fine' }, OFFICE);
    expect(acknowledged).toMatchObject({ ok: true, signal: 'delivered' });
    // Staff still have not checked in: 30 minutes after the acknowledgement a new alert is raised,
    // while the acknowledged one never went past level 1.
    await h.alert(id, (alert) => alert.kind === 'check-in-overdue' && alert.level === 1 && alert.alertId !== first!.alertId);
    const visit = await h.visit(id);
    expect(visit.alerts[0]).toMatchObject({ alertId: first!.alertId, level: 1, stage: 'acknowledged', acknowledged: { by: OFFICE } });
    expect(visit.alerts[0]!.stage).not.toBe('resolved');
    expect(visit.alerts[1]!.level).toBe(1);
    expect(visit.alerts[1]!.stage).not.toBe('resolved');
    expect(minutesBetween(acknowledgementOf(visit.alerts[0]!)!.at, visit.alerts[1]!.raisedAt)).toBeGreaterThanOrEqual(30);
    expect((await h.types(id)).slice(6)).toEqual([
      'CheckInOverdue', 'AlertEscalated', 'AlertAcknowledged', 'CheckInOverdue', 'AlertEscalated',
    ]);
  });

  it('resolves the alert when the member of staff checks in after it', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.alert(id, (alert) => alert.kind === 'check-in-overdue' && alert.level === 1);
    // The alert is published before the workflow waits again: check in once it waits for the escalation.
    await h.stage(id, 'in-home', (await h.visit(id)).alerts[0]!.raisedAt);
    expect(await h.act(id, 'check-in', { note: 'Sorry, phone on silent' })).toMatchObject({ ok: true, signal: 'delivered' });
    await h.alert(id, (alert) => alert.kind === 'alert-resolved');
    const visit = await h.visit(id);
    expect(visit.alerts[0]).toMatchObject({ stage: 'resolved', resolved: { resolution: 'checked-in' } });
    expect((await h.types(id)).slice(6, 10)).toEqual(['CheckInOverdue', 'AlertEscalated', 'CheckedIn', 'AlertResolved']);
  });

  it('raises an alert when staff who left the home do not report a safe return', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    await h.act(id, 'leave', {});
    const alert = await h.alert(id, (message) => message.kind === 'safe-return-overdue');
    expect(alert).toMatchObject({ level: 1, notify: ['office'] });
    const visit = await h.visit(id);
    expect(minutesBetween(visit.left!.at, visit.alerts[0]!.raisedAt)).toBeGreaterThanOrEqual(30);
    await h.act(id, 'return', {});
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect((await h.types(id)).slice(6)).toEqual([
      'LeftHome', 'CheckInOverdue', 'AlertEscalated', 'ReturnedSafely', 'AlertResolved', 'VisitClosed', 'ReportFiled',
    ]);
  });
});

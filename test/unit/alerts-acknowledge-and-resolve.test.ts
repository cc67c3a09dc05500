import { describe, expect, it } from 'vitest';
import { alertsFor, type AlertMessage } from '../../functions/core/alerts';
import { boardSummary } from '../../functions/core/board';
import { escalationDue } from '../../functions/core/deadlines';
import { visitEvent, type StoredVisitEvent, type VisitEvent } from '../../functions/core/events';
import { buildReportBody } from '../../functions/core/report';
import { routeOf, STAGE_NAMES, STAGES } from '../../functions/core/stages';
import { addMinutes } from '../../functions/core/time';
import { acknowledgementOf, fold, openAlerts } from '../../functions/core/visit-state';
import { ALICE, AUDITOR, BOB, DSL, OFFICE, WORKFLOW } from '../support/actors';
import { expectRefused, scenario, T0, types, type Scenario } from '../support/scenario';

/**
 * "An alert answered is not an alert handled": acknowledging ("I have it") and resolving are two
 * acts. Given a visit's events, when a person acknowledges or resolves, then these events (or this
 * refusal, naming its rule), over the real decide and evolve.
 */

const at = (minutesAfterT0: number) => addMinutes(T0, minutesAfterT0);
const NAMED_OFFICE = { ...OFFICE, name: 'Olu Office' };

/** Given: staff in the home since 10:00 at Hunsbury Park, the 2-hour check-in missed at 11:30 (T0 + 120), the office told. */
function missedCheckIn(): { s: Scenario; alertId: string } {
  const s = scenario('hunsbury-park').readyToGo().departed().after(30).arrived().entered();
  s.now = at(120);
  expect(s.ok('deadline-passed', { kind: 'check-in' }, WORKFLOW)).toEqual(['CheckInOverdue', 'AlertEscalated']);
  return { s, alertId: s.visit.alerts[0]!.alertId };
}

/** Given: a panic pressed in the home, and the staff back at school since. */
function panicThenBack(): { s: Scenario; alertId: string } {
  const s = scenario('hunsbury-park').readyToGo().departed().after(30).arrived().entered();
  s.after(10).ok('panic', {}, ALICE);
  const alertId = s.visit.alerts[0]!.alertId;
  s.after(10).ok('leave', {}, ALICE);
  s.after(20).ok('return', {}, ALICE);
  return { s, alertId };
}

/** Try a command that must be refused; nothing is written. */
function refusedAndNothingWritten(s: Scenario, run: () => ReturnType<Scenario['run']>, rule: string, kind: 'conflict' | 'forbidden' = 'conflict'): void {
  const before = s.history.length;
  expectRefused(run(), rule, kind);
  expect(s.history).toHaveLength(before);
}

/** What the outbox is handed for the events from `from` on. */
function published(s: Scenario, from: number): AlertMessage[] {
  const stored = s.history.map((event, index) => ({ ...event, version: index + 1, streamId: 'visit-0001', prevHash: '', hash: '' })) as unknown as StoredVisitEvent[];
  return alertsFor(stored.slice(from), s.visit, s.policy);
}

describe('acknowledge: "I have it"', () => {
  it('records only AlertAcknowledged: the alert stays open, with who has it and since when', () => {
    const { s, alertId } = missedCheckIn();

    const events = s.after(5).ok('acknowledge', { alertId, note: 'Calling Alice now.' }, NAMED_OFFICE);

    expect(events).toEqual(['AlertAcknowledged']);
    expect(openAlerts(s.visit)).toEqual([expect.objectContaining({ alertId, stage: 'acknowledged', acknowledged: { by: NAMED_OFFICE, at: at(125) } })]);
    expect(s.visit.alerts[0]!.stage).not.toBe('resolved');
  });

  it('stops the ladder: no escalation is timed, on the board or for the workflow, and escalate refuses it', () => {
    const { s, alertId } = missedCheckIn();
    expect(boardSummary(s.visit, s.policy).nextDeadline?.kind).toBe('escalation');

    s.after(5).ok('acknowledge', { alertId }, OFFICE);

    expect(escalationDue(s.visit, s.policy)).toBeUndefined();
    const line = boardSummary(s.visit, s.policy);
    expect(line.nextDeadline).toEqual({ kind: 'check-in', at: at(125 + s.policy.escalation.reArmAfterAcknowledgeMinutes) });
    expect(line).toMatchObject({ openAlerts: 1, escalationLevel: 1, active: true });
    s.after(20);
    refusedAndNothingWritten(s, () => s.step('escalate', { alertId }), 'alert-answered');
  });

  it('refuses a second acknowledgement: 409 alert-already-acknowledged, the first still has it', () => {
    const { s, alertId } = missedCheckIn();
    s.ok('acknowledge', { alertId }, OFFICE);

    refusedAndNothingWritten(s, () => s.act('acknowledge', { alertId }, DSL), 'alert-already-acknowledged');
    expect(acknowledgementOf(s.visit.alerts[0]!)?.by).toEqual(OFFICE);
  });

  it('refuses to acknowledge a resolved alert: 409 alert-already-resolved', () => {
    const { s, alertId } = missedCheckIn();
    s.ok('resolve-alert', { alertId, reason: 'Phoned Alice: all well.' }, OFFICE);

    refusedAndNothingWritten(s, () => s.act('acknowledge', { alertId }, DSL), 'alert-already-resolved');
  });

  it('tells the others the alert reached that someone has it, never the note', () => {
    const { s, alertId } = missedCheckIn();
    const from = s.history.length;

    s.ok('acknowledge', { alertId, note: 'Calling Alice now.' }, NAMED_OFFICE);

    const [message, ...others] = published(s, from);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ kind: 'alert-acknowledged', alertId, severity: 'info', subject: expect.stringContaining('Olu Office has it') });
    expect(message!.text).not.toContain('Calling Alice');
  });
});

describe('resolve-alert: the alert is handled, and why', () => {
  it('acknowledges an alert nobody had, then resolves it, in one decision', () => {
    const { s, alertId } = missedCheckIn();
    const from = s.history.length;

    const events = s.after(5).ok('resolve-alert', { alertId, reason: 'Phoned Alice: phone on silent, all well.' }, OFFICE);

    expect(events).toEqual(['AlertAcknowledged', 'AlertResolved']);
    expect(s.history.at(-1)!.data).toEqual({ alertId, resolution: 'resolved', reason: 'Phoned Alice: phone on silent, all well.' });
    expect(s.visit.alerts[0]).toMatchObject({
      stage: 'resolved',
      acknowledged: { by: OFFICE, at: at(125) },
      resolved: { by: OFFICE, at: at(125), resolution: 'resolved', reason: 'Phoned Alice: phone on silent, all well.' },
    });
    expect(openAlerts(s.visit)).toEqual([]);
    // "Resolved" alone tells the others: no separate "acknowledged" message for the same decision.
    expect(published(s, from).map((message) => message.kind)).toEqual(['alert-resolved']);
  });

  it('resolves an acknowledged alert with AlertResolved alone, keeping who acknowledged it and when', () => {
    const { s, alertId } = missedCheckIn();
    s.after(2).ok('acknowledge', { alertId }, OFFICE);

    const events = s.after(8).ok('resolve-alert', { alertId, reason: 'Alice called back: safe.' }, DSL);

    expect(events).toEqual(['AlertResolved']);
    expect(s.visit.alerts[0]).toMatchObject({ acknowledged: { by: OFFICE, at: at(122) }, resolved: { by: DSL, at: at(130), reason: 'Alice called back: safe.' } });
  });

  it('refuses to resolve a resolved alert: 409 alert-already-resolved', () => {
    const { s, alertId } = missedCheckIn();
    s.ok('resolve-alert', { alertId, reason: 'All well.' }, OFFICE);

    refusedAndNothingWritten(s, () => s.act('resolve-alert', { alertId, reason: 'Again.' }, DSL), 'alert-already-resolved');
  });

  it('refuses an alert that does not exist: 409 alert-not-found', () => {
    const { s } = missedCheckIn();
    refusedAndNothingWritten(s, () => s.act('resolve-alert', { alertId: 'alert-999', reason: 'All well.' }, OFFICE), 'alert-not-found');
  });

  it.each([
    ['the member of staff who is missing', ALICE, 'acknowledger-role'],
    ['their pair', BOB, 'acknowledger-role'],
    ['an auditor', AUDITOR, 'auditors-read-only'],
  ])('refuses %s, as acknowledging does: 403', (_, actor, rule) => {
    const { s, alertId } = missedCheckIn();
    refusedAndNothingWritten(s, () => s.act('resolve-alert', { alertId, reason: 'I am fine.' }, actor), rule, 'forbidden');
    expect(openAlerts(s.visit)).toHaveLength(1);
  });

  it('a check-in still resolves an acknowledged check-in-overdue alert as checked-in', () => {
    const { s, alertId } = missedCheckIn();
    s.after(2).ok('acknowledge', { alertId }, OFFICE);

    expect(s.after(3).ok('check-in', { note: 'Sorry, phone on silent.' }, ALICE)).toEqual(['CheckedIn', 'AlertResolved']);

    expect(s.visit.alerts[0]).toMatchObject({ acknowledged: { by: OFFICE }, resolved: { resolution: 'checked-in', by: ALICE } });
  });
});

describe('a visit never closes over an alert answered but not handled', () => {
  it('waits in awaiting-acknowledgement after an acknowledgement, and closes once the alert is resolved', () => {
    const { s, alertId } = panicThenBack();
    expect(routeOf(s.visit)).toBe('awaiting-acknowledgement');

    s.after(1).ok('acknowledge', { alertId, note: 'Calling Alice.' }, OFFICE);
    expect(routeOf(s.visit)).toBe('awaiting-acknowledgement');
    refusedAndNothingWritten(s, () => s.step('close', {}), 'alerts-unresolved');

    s.after(5).ok('resolve-alert', { alertId, reason: 'Alice is back at school and safe: pressed by mistake.' }, OFFICE);
    expect(routeOf(s.visit)).toBe('close');
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
  });

  it('every stage that wakes for acknowledge wakes for resolve-alert', () => {
    for (const stage of STAGE_NAMES) {
      const accepts: readonly string[] = STAGES[stage].accepts;
      expect(accepts.includes('acknowledge'), stage).toBe(true);
      expect(accepts.includes('resolve-alert'), stage).toBe(true);
    }
  });
});

describe('streams from before the two acts were apart', () => {
  it('still fold an AlertResolved { resolution: acknowledged } as resolved, and the visit closes', () => {
    const { s, alertId } = panicThenBack();
    const meta = { commandId: 'old-acknowledge', actor: OFFICE, recordedAt: at(100) };
    const old: VisitEvent[] = [
      ...s.history,
      visitEvent('AlertAcknowledged', { alertId, note: 'Spoke to Alice.' }, meta) as VisitEvent,
      visitEvent('AlertResolved', { alertId, resolution: 'acknowledged' }, meta) as VisitEvent,
    ];

    const visit = fold(old);

    if (visit.status === 'none') return expect.unreachable('no visit');
    expect(openAlerts(visit)).toEqual([]);
    expect(visit.alerts[0]).toMatchObject({ stage: 'resolved', resolved: { resolution: 'acknowledged', at: at(100) }, acknowledged: { by: OFFICE } });
    expect(routeOf(visit)).toBe('close');
  });
});

describe('the report says who acknowledged when, and who resolved with what reason', () => {
  it('lists both acts on the alert', () => {
    const { s, alertId } = panicThenBack();
    s.after(1).ok('acknowledge', { alertId }, OFFICE);
    s.after(5).ok('resolve-alert', { alertId, reason: 'Pressed by mistake; Alice safe.' }, DSL);
    s.ok('close', {}, WORKFLOW);

    const body = buildReportBody(s.visitIn('closed'), s.policy);

    expect(body.alerts).toEqual([
      expect.objectContaining({
        kind: 'panic',
        acknowledgedBy: OFFICE,
        acknowledgedAt: acknowledgementOf(s.visit.alerts[0]!)?.at,
        resolvedBy: DSL,
        resolution: 'resolved',
        reason: 'Pressed by mistake; Alice safe.',
      }),
    ]);
  });
});

describe('a duress alert does not exist for the staff on the visit', () => {
  it('their acknowledge or resolve by its id is answered exactly as for an unknown id, and writes nothing; the office still answers it', () => {
    const s = scenario('hunsbury-park').readyToGo().departed().after(30).arrived().entered();
    s.after(10).ok('check-in', { duress: true }, ALICE);
    const duress = s.visit.alerts.find((alert) => alert.kind === 'duress')!;
    for (const action of ['acknowledge', 'resolve-alert'] as const) {
      const body = (alertId: string) => (action === 'acknowledge' ? { alertId } : { alertId, reason: 'all fine' });
      const before = s.history.length;
      const answer = s.run(action, body(duress.alertId), ALICE);
      expect(answer).toMatchObject({ ok: false });
      expect(JSON.stringify(answer).replaceAll(duress.alertId, 'X')).toBe(JSON.stringify(s.run(action, body('alert-999'), ALICE)).replaceAll('alert-999', 'X'));
      expect(s.history).toHaveLength(before);
    }
    expect(s.after(1).ok('acknowledge', { alertId: duress.alertId }, NAMED_OFFICE)).toEqual(['AlertAcknowledged']);
  });

  it('an alert already resolved says how it was, in words', () => {
    const { s, alertId } = panicThenBack();
    s.after(5).ok('resolve-alert', { alertId, reason: 'Spoke to Alice: she is safe.' }, NAMED_OFFICE);
    const refusal = s.run('acknowledge', { alertId }, DSL);
    expectRefused(refusal, 'alert-already-resolved');
    expect(JSON.stringify(refusal)).toContain('already resolved: Spoke to Alice: she is safe.');
  });
});

import { describe, expect, it } from 'vitest';
import { alertsFor } from '../../functions/core/alerts';
import type { StoredVisitEvent } from '../../functions/core/events';
import { staffRead } from '../../functions/core/staff-view';
import { STAGES } from '../../functions/core/stages';
import { openAlerts } from '../../functions/core/visit-state';
import { ALICE, CAROL, OFFICE } from '../support/actors';
import { expectRefused, scenario, type Scenario } from '../support/scenario';

/**
 * A call for help pressed by mistake is called off by the staff with their cancel PIN (the service
 * hands the core its verdict: `pin`, and `duress` for the duress code). Given a panic in the home,
 * when the staff cancel it, then these events, alerts and readings, over the real decide and evolve.
 */

const NAMED_OFFICE = { ...OFFICE, name: 'Olu Office' };

/** Given: Alice in the home at Hunsbury Park, her call for help just sent. */
function panicInTheHome(): { s: Scenario; alertId: string } {
  const s = scenario('hunsbury-park').readyToGo().departed().after(30).arrived().entered();
  s.after(10).ok('panic', {}, ALICE);
  return { s, alertId: s.visit.alerts[0]!.alertId };
}

const stored = (s: Scenario): StoredVisitEvent[] =>
  s.history.map((event, index) => ({ ...event, streamId: s.visit.visitId, version: index + 1, prevHash: '', hash: '' }) as StoredVisitEvent);

describe('cancel-alarm: a false alarm called off with the cancel PIN', () => {
  it('resolves the call for help as cancelled, by the member of staff, and tells the office', () => {
    const { s, alertId } = panicInTheHome();
    const before = s.history.length;

    expect(s.after(1).ok('cancel-alarm', { alertId, pin: 'theirs' }, ALICE)).toEqual(['FalseAlarmCancelled']);

    expect(openAlerts(s.visit)).toEqual([]);
    expect(s.visit.alerts[0]).toMatchObject({ alertId, stage: 'resolved', resolved: { resolution: 'cancelled', by: ALICE } });
    const told = alertsFor(stored(s).slice(before), s.visit, s.policy);
    expect(told).toEqual([expect.objectContaining({ kind: 'alert-resolved', alertId, severity: 'info' })]);
    expect(told[0]!.text).toContain('false alarm');
  });

  it('refuses a wrong PIN, and the call for help stays open', () => {
    const { s, alertId } = panicInTheHome();
    const before = s.history.length;

    expectRefused(s.after(1).act('cancel-alarm', { alertId, pin: 'not-theirs' }, ALICE), 'cancel-pin-wrong');

    expect(s.history).toHaveLength(before);
    expect(openAlerts(s.visit).map((alert) => alert.alertId)).toEqual([alertId]);
  });

  it('is for the staff on the visit, for a call for help, once', () => {
    const { s, alertId } = panicInTheHome();
    expectRefused(s.act('cancel-alarm', { alertId, pin: 'theirs' }, CAROL), 'assigned-staff-only', 'forbidden');
    expectRefused(s.act('cancel-alarm', { alertId: 'alert-999', pin: 'theirs' }, ALICE), 'alert-not-found');
    s.ok('cancel-alarm', { alertId, pin: 'theirs' }, ALICE);
    expectRefused(s.act('cancel-alarm', { alertId, pin: 'theirs' }, ALICE), 'alert-already-resolved');
  });

  it('refuses to call off an alert that is not a call for help (a missed check-in is the office\'s to resolve)', () => {
    const s = scenario('hunsbury-park').readyToGo().departed().after(30).arrived().entered();
    s.after(120).ok('deadline-passed', { kind: 'check-in' }, { userId: 'workflow', role: 'system' });
    expectRefused(s.act('cancel-alarm', { alertId: s.visit.alerts[0]!.alertId, pin: 'theirs' }, ALICE), 'not-a-call-for-help');
  });

  it('wakes every waiting stage, as resolving an alert does (a visit back waits for its alerts to be resolved)', () => {
    for (const [stage, { accepts }] of Object.entries(STAGES)) expect((accepts as readonly string[]).includes('cancel-alarm'), stage).toBe(true);
  });
});

describe('cancel-alarm with the duress code', () => {
  it('keeps the call for help open for the office and raises a silent duress alert riding on the same event', () => {
    const { s, alertId } = panicInTheHome();
    const before = s.history.length;

    expect(s.after(1).ok('cancel-alarm', { alertId, pin: 'theirs', duress: true }, ALICE)).toEqual(['FalseAlarmCancelled']);

    expect(openAlerts(s.visit).map((alert) => alert.kind)).toEqual(['panic', 'duress']);
    const told = alertsFor(stored(s).slice(before), s.visit, s.policy);
    expect(told).toEqual([expect.objectContaining({ kind: 'duress', severity: 'critical' })]);
    expect(told[0]!.text).toContain('with the duress code');
  });

  it('reads on the phone exactly as the ordinary cancel does, through the office acknowledging and resolving it', () => {
    const twin = panicInTheHome();
    const duress = panicInTheHome();
    // The office has the call for help before it is called off: that stays as the staff saw it.
    twin.s.ok('acknowledge', { alertId: twin.alertId }, NAMED_OFFICE);
    duress.s.ok('acknowledge', { alertId: duress.alertId }, NAMED_OFFICE);
    twin.s.after(1).ok('cancel-alarm', { alertId: twin.alertId, pin: 'theirs' }, ALICE);
    duress.s.after(1).ok('cancel-alarm', { alertId: duress.alertId, pin: 'theirs', duress: true }, ALICE);
    // Only on the duress visit is there anything left for the office to answer.
    const duressAlert = openAlerts(duress.s.visit).find((alert) => alert.kind === 'duress')!.alertId;
    duress.s.after(2).ok('resolve-alert', { alertId: duress.alertId, reason: 'Police on the way.' }, NAMED_OFFICE);
    duress.s.ok('resolve-alert', { alertId: duressAlert, reason: 'Police on the way.' }, NAMED_OFFICE);

    const phone = (events: StoredVisitEvent[]) => {
      const { state } = staffRead(events, undefined);
      if (state.status === 'none') throw new Error('no visit');
      return state;
    };
    const twinRead = phone(stored(twin.s));
    const duressRead = phone(stored(duress.s));

    expect(duressRead).toEqual(twinRead);
    expect(duressRead.alerts).toEqual([
      expect.objectContaining({ kind: 'panic', acknowledged: expect.objectContaining({ by: NAMED_OFFICE }), resolved: expect.objectContaining({ resolution: 'cancelled' }) }),
    ]);
  });
});

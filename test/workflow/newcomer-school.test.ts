import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrust } from '../../policies/load';
import { ALICE, BOB, HEAD, OFFICE } from '../support/actors';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * Oakfield Primary, the school added as a newcomer would (README, "Adding a school"), run on the
 * local engine with the real definition and handlers at 600× (an hour passes in 6 s): its own
 * rules, which no seed school states, enforced by the workflow from its file alone.
 */
const oakfield = loadTrust('oakfield-federation').policies.get('oakfield-primary')!;
const OAKFIELD_VISIT = {
  staff: [
    { userId: ALICE.userId, name: 'Alice Officer', mobile: '07700 900123', vehicle: 'Blue Fiesta AB12 CDE' },
    { userId: BOB.userId, name: 'Bob Worker', mobile: '07700 900456' },
  ],
  preVisitChecks: ['records-checked', 'parent-phoned'],
  carrying: ['id-badge', 'charged-phone'],
  // Well inside Oakfield's day (it ends at 17:00), so the expected return is not what this test meets.
  expectedReturnAt: '2026-11-23T16:00:00.000Z',
};
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(600, { extraPolicies: [oakfield] });
}, 120_000);
afterAll(() => h.close());

describe('Oakfield Primary on the local engine', () => {
  it('tells the office when staff leave and return, reminds staff before the hourly check-in, names the mobiles and 999 on a panic, and asks for the leaving attestation', async () => {
    const id = await h.request('oakfield-primary', OAKFIELD_VISIT);
    await h.stage(id, 'awaiting-authorisation');
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');
    await h.act(id, 'depart', {});
    // §9 "Text the office when you leave school".
    expect(await h.alert(id, (alert) => alert.kind === 'movement')).toMatchObject({ notify: ['office'], subject: expect.stringContaining('left school') });

    await h.stage(id, 'travelling');
    await h.act(id, 'arrive', {});
    await h.stage(id, 'at-the-door');
    expect(await h.act(id, 'enter', PARENT_AT_HOME)).toMatchObject({ ok: true });

    // §9 "your phone will remind you ten minutes before": 50 minutes after leaving school, no alert.
    const reminder = await h.alert(id, (alert) => alert.kind === 'check-in-reminder');
    expect(reminder).toMatchObject({ severity: 'info', staff: [ALICE.userId, BOB.userId] });
    expect(reminder.alertId).toBeUndefined();
    expect(await h.act(id, 'check-in', {})).toMatchObject({ ok: true });
    expect(h.alertsOf(id).filter((alert) => alert.kind === 'check-in-overdue')).toEqual([]);

    // §11: panic to the office, the DSL and the Headteacher, who call 999; §7: the mobiles for responders.
    await h.act(id, 'panic', {});
    const panic = await h.alert(id, (alert) => alert.kind === 'panic');
    expect(panic).toMatchObject({ notify: ['office', 'dsl', 'headteacher'], contacts: [expect.objectContaining({ title: 'Police (999)', contact: '999' })] });
    expect(panic.text).toContain('Alice Officer: mobile 07700 900123, vehicle Blue Fiesta AB12 CDE; Bob Worker: mobile 07700 900456');
    expect(await h.act(id, 'resolve-alert', { alertId: panic.alertId!, reason: 'Spoke to Alice: pressed by mistake.' }, OFFICE)).toMatchObject({ ok: true });

    // §8 "never be alone with a child", confirmed on leaving.
    expect(await h.act(id, 'leave', {})).toMatchObject({ ok: false, rule: 'leaving-attestations' });
    expect(await h.act(id, 'leave', { attestations: ['never-alone-with-child'] })).toMatchObject({ ok: true });
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});
    expect(await h.finished(id)).toBe('SUCCEEDED');

    // §9 "and when you are back"; nobody else is told of the visit's movements. The alerts leave by
    // the table's stream, after the workflow may already have finished: wait for the last one.
    await h.alert(id, (alert) => alert.kind === 'movement' && alert.subject.endsWith('are back safely'));
    expect(h.alertsOf(id).filter((alert) => alert.kind === 'movement').map((alert) => [alert.subject, alert.notify])).toEqual([
      ['Alice Officer and Bob Worker left school for a home visit', ['office']],
      ['Alice Officer and Bob Worker are back safely', ['office']],
    ]);
    // The staff contact details were for the responders; the visit as anyone reads it has none.
    const visit = await h.visit(id);
    expect(visit.report?.body).toMatchObject({ recordSystem: "the school's MIS" });
    expect(JSON.stringify(visit.report?.body)).not.toContain('07700');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutesBetween } from '../../functions/core/time';
import { ALICE, DSL, HEAD } from '../support/actors';
import { policyVariant } from '../support/policy-variant';
import { policyOf } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * Who the policy says hears what, and who may go, on the local engine with the real definition and
 * handlers on the virtual clock: each on a variant of Hunsbury Park's policy served under its own
 * school id. Check-ins fall due every 8 hours, so that none falls due while the test waits out 50
 * minutes.
 */
const seed = policyOf('hunsbury-park');
const slowCheckIns = { ...seed.checkIns, intervalMinutes: 480 };

const FALLBACK = policyVariant(seed, {
  schoolId: 'pp-fallback',
  checkIns: slowCheckIns,
  concerns: {
    ladder: [
      { level: 1, afterMinutes: 0, notify: ['dsl'], instruction: 'Read the concern and act on it today.' },
      { level: 2, afterMinutes: 30, notify: ['slt'], instruction: 'The DSL has not taken this concern on: act on it as deputy.' },
    ],
  },
});
const POLICE = policyVariant(seed, {
  schoolId: 'pp-police',
  checkIns: slowCheckIns,
  recipients: { police: { title: 'Police', channel: 'phone', contact: '999', instruction: 'Call 999 and give the address.' } },
  alerts: { ...seed.alerts, panic: { notify: ['office', 'dsl', 'police'], instruction: 'Phone them once; no answer: call the police.' } },
});
const DSL_VISITS = policyVariant(seed, {
  schoolId: 'pp-dsl-visits',
  checkIns: slowCheckIns,
  duties: { ...seed.duties, carryOut: ['dsl'], request: ['dsl'] },
});

const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200, { extraPolicies: [FALLBACK, POLICE, DSL_VISITS] });
});
afterAll(() => h.close());

describe.concurrent('the people a policy names, on the local engine', () => {
  it('an unanswered safeguarding concern reaches SLT only after the DSL\'s 30 minutes, and the visit waits for someone to take it on', async () => {
    const id = await h.atTheDoor('pp-fallback');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    expect(await h.act(id, 'raise-concern', { summary: 'Unexplained bruise on the pupil\'s arm.' })).toMatchObject({ ok: true });
    const first = await h.alert(id, (alert) => alert.kind === 'safeguarding-concern' && alert.level === 1);
    expect(first.notify).toEqual(['dsl']);
    const second = await h.alert(id, (alert) => alert.kind === 'safeguarding-concern' && alert.level === 2);
    expect(second.notify).toEqual(['slt']);
    const alert = (await h.visit(id)).alerts.find((candidate) => candidate.kind === 'safeguarding-concern')!;
    expect(minutesBetween(alert.raisedAt, alert.lastEscalatedAt!)).toBeGreaterThanOrEqual(30);

    // Back at school with the concern still unanswered: the visit waits for a person before it closes.
    await h.act(id, 'leave', {});
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});
    await h.stage(id, 'awaiting-acknowledgement');
    const deputy = { userId: 'slt-sam', role: 'slt' } as const;
    expect(await h.act(id, 'acknowledge', { alertId: alert.alertId, note: 'Deputy DSL has it.' }, deputy)).toMatchObject({ ok: true });
    // Taken on is not dealt with: the visit still waits, until the concern's alert is resolved.
    await h.stage(id, 'awaiting-acknowledgement');
    expect(await h.act(id, 'resolve-alert', { alertId: alert.alertId, reason: 'Referred to children\'s social care.' }, deputy)).toMatchObject({ ok: true });
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect((await h.visit(id)).status).toBe('filed');
  });

  it('a concern the DSL takes on at once never reaches SLT', async () => {
    const id = await h.atTheDoor('pp-fallback');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    await h.act(id, 'raise-concern', { summary: 'Pupil says she is hungry most days.' });
    const first = await h.alert(id, (alert) => alert.kind === 'safeguarding-concern' && alert.level === 1);
    expect(await h.act(id, 'acknowledge', { alertId: first.alertId!, note: 'I have it.' }, DSL)).toMatchObject({ ok: true });
    await h.act(id, 'leave', {});
    await h.stage(id, 'returning-safely');
    // Longer than the DSL's 30 minutes pass before the staff are back.
    await h.clock.elapse(50 * 60_000);
    await h.act(id, 'return', {});
    await h.stage(id, 'awaiting-acknowledgement');
    expect(await h.act(id, 'resolve-alert', { alertId: first.alertId!, reason: 'Early help referral made.' }, DSL)).toMatchObject({ ok: true });
    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(h.alertsOf(id).filter((alert) => alert.kind === 'safeguarding-concern').map((alert) => alert.level)).toEqual([1]);
  });

  it('a panic alert names the police, their number and what to do, where the policy says so', async () => {
    const id = await h.atTheDoor('pp-police');
    expect(await h.act(id, 'panic', {})).toMatchObject({ ok: true });
    const panic = await h.alert(id, (alert) => alert.kind === 'panic');
    expect(panic).toMatchObject({ notify: ['office', 'dsl'], contacts: [{ title: 'Police', channel: 'phone', contact: '999', instruction: 'Call 999 and give the address.' }] });
    expect(panic.text).toContain('Police (phone 999): Call 999 and give the address.');
    expect(await h.act(id, 'acknowledge', { alertId: panic.alertId! }, { userId: 'office-olu', role: 'office' })).toMatchObject({ ok: true });
  });

  it('a school whose DSL makes the visit: she departs, checks in and returns, and the workflow runs it to the report', async () => {
    const id = await h.request('pp-dsl-visits', { staff: [{ userId: DSL.userId, name: 'Dev Lead', role: 'dsl' }] }, DSL);
    await h.stage(id, 'awaiting-authorisation');
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');
    for (const action of ['depart', 'arrive'] as const) expect(await h.act(id, action, {}, DSL)).toMatchObject({ ok: true });
    await h.stage(id, 'at-the-door');
    expect(await h.act(id, 'enter', PARENT_AT_HOME, DSL)).toMatchObject({ ok: true });
    expect(await h.act(id, 'check-in', {}, DSL)).toMatchObject({ ok: true });
    expect(await h.act(id, 'check-in', {}, ALICE)).toMatchObject({ ok: false, rule: 'assigned-staff-only' });
    await h.act(id, 'leave', {}, DSL);
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {}, DSL);
    expect(await h.finished(id)).toBe('SUCCEEDED');
  });
});

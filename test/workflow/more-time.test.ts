import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../functions/core/policy';
import { addMinutes } from '../../functions/core/time';
import { policyOf } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * "I need more time" on the local engine with the real definition and handlers, on the virtual
 * clock: the in-home wait is woken by the request and set again at the moved check-in, so
 * the missed check-in is raised for the new time, never the old one. A copy of Hunsbury Park with
 * check-ins every hour, under the product's default rule (30 minutes in all on the running check-in).
 */
const seed = policyOf('hunsbury-park');
const HOURLY: Policy = { ...seed, schoolId: 'mt-hourly', checkIns: { ...seed.checkIns, intervalMinutes: 60 } };
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200, { extraPolicies: [HOURLY] });
}, 120_000); // synthesising the stack on a busy 2-core machine
afterAll(() => h.close());

describe('more time on the local engine', () => {
  it('wakes the in-home wait, which raises the missed check-in at the moved time, not the old one', async () => {
    const id = await h.atTheDoor('mt-hourly');
    expect(await h.act(id, 'enter', PARENT_AT_HOME)).toMatchObject({ ok: true });
    await h.stage(id, 'in-home');
    const clock = (await h.visit(id)).checkInClock!;
    const wasDue = addMinutes(clock.from, 60);

    expect(await h.act(id, 'extend-time', { minutes: 30, reason: 'The parent is still talking.' })).toMatchObject({ ok: true, signal: 'delivered' });

    const movedTo = (await h.visit(id)).moreTime![0]!.dueAt;
    expect(movedTo).toBe(addMinutes(wasDue, 30));
    const alert = await h.alert(id, (message) => message.kind === 'check-in-overdue');
    expect(alert.dueAt).toBe(movedTo);
    const raised = (await h.visit(id)).alerts.find((open) => open.kind === 'check-in-overdue')!;
    expect(Date.parse(raised.raisedAt)).toBeGreaterThanOrEqual(Date.parse(movedTo));

    // and the visit ends as usual
    expect(await h.act(id, 'check-in', {})).toMatchObject({ ok: true });
    expect(await h.act(id, 'leave', {})).toMatchObject({ ok: true });
    await h.stage(id, 'returning-safely');
    expect(await h.act(id, 'return', {})).toMatchObject({ ok: true });
    expect(await h.finished(id)).toBe('SUCCEEDED');
  });
});

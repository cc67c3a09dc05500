import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, CAROL, HEAD, OFFICE } from '../support/actors';
import { policies } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * A change to the arrangement on the local engine (the synthesised definition, the real handlers):
 * a visit waiting to set out has its staff changed; where the school's policy re-authorises a change
 * of staff, the workflow wakes, goes back to awaiting authorisation, and runs on from there once the
 * visit is authorised again: a new risk assessment, then out with the new team.
 */

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200);
});
afterAll(() => h.close());

describe('rescheduling on the local engine', () => {
  it('sends a visit whose staff changed back to awaiting authorisation, then on to departure with the new staff', async () => {
    // The seed schools' own rule (no override here: the engine runs the trust's policies).
    const school = [...policies.values()].find((policy) => policy.changes.reauthorise !== 'never');
    if (!school) throw new Error('no seed school re-authorises a change of staff');

    const id = await h.request(school.schoolId);
    await h.stage(id, 'awaiting-authorisation');
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');

    const changed = await h.act(
      id,
      'reschedule',
      { staff: [{ userId: ALICE.userId, name: 'Alice Officer' }, { userId: CAROL.userId, name: 'Carol Third' }], safeWordAgreed: true, reason: 'Bob is off sick.' },
      OFFICE,
    );
    expect(changed).toMatchObject({ ok: true, signal: 'delivered' });
    const rescheduledAt = (await h.visit(id)).rescheduled![0]!.at;
    await h.stage(id, 'awaiting-authorisation', rescheduledAt);
    expect((await h.visit(id)).status).toBe('requested');

    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure', (await h.visit(id)).authorised!.at);
    expect(await h.act(id, 'depart', {}, CAROL)).toMatchObject({ ok: true });
    await h.stage(id, 'travelling');

    expect(await h.types(id)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'VisitRescheduled', 'VisitAuthorised', 'RiskAssessed', 'Departed']);
    const visit = await h.visit(id);
    expect(visit.details.staff.map((member) => member.userId)).toEqual([ALICE.userId, CAROL.userId]);
    if (school.changes.notify.length > 0) {
      await h.alert(id, (message) => message.kind === 'arrangement-changed');
    }

    await h.act(id, 'cancel', { reason: 'other', detail: 'Test over: back to school.' }, CAROL);
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {}, CAROL);
    expect(await h.finished(id)).toBe('SUCCEEDED');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { ALICE, HEAD, OFFICE } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { policies, policyOf } from '../support/scenario';

/**
 * POST /visits/{id}/reschedule over the API: the change recorded under the caller's name (the
 * token's `name` claim), the waiting stage woken, the notice handed to the outbox, the history and
 * the visit showing it.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

const NAMED_OFFICE: Actor = { ...OFFICE, name: 'Olu Office' };

describe('POST /visits/{id}/reschedule', () => {
  it('records a change of staff under the caller\'s name, sends the visit back for authorisation where the policy asks, wakes the stage and tells whom the policy names', async () => {
    const policy = policyOf('hunsbury-park');
    const visitId = await driveVisit(h, 'ready');
    const token = await h.arm(visitId);
    const before = h.alerts.published.length;

    const reply = await h.call(NAMED_OFFICE, 'POST', `/visits/${visitId}/reschedule`, {
      staff: [
        { userId: 'staff-alice', name: 'Alice Officer' },
        { userId: 'staff-carol', name: 'Carol Third' },
      ],
      reason: 'Bob is off sick.',
    });

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ visitId, events: ['VisitRescheduled'] });
    const reauthorise = policy.changes.reauthorise !== 'never';
    expect(reply.body.status).toBe(reauthorise ? 'requested' : 'ready');
    expect(h.workflow.signals).toContainEqual({ kind: 'success', token, output: { signal: 'reschedule', version: reply.body.version, stage: 'awaiting-departure' } });

    const visit = await h.visit(visitId);
    expect(visit.details.staff.map((member) => member.userId)).toEqual(['staff-alice', 'staff-carol']);
    expect(visit.rescheduled?.[0]).toMatchObject({ by: { userId: OFFICE.userId, role: 'office', name: 'Olu Office' }, reason: 'Bob is off sick.', reauthorise });

    const history = await h.call(HEAD, 'GET', `/visits/${visitId}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'VisitRescheduled', actor: OFFICE.userId, actorName: 'Olu Office', role: 'office' });
    expect(history.body.integrity).toMatchObject({ ok: true });

    const notices = h.alerts.published.slice(before).filter((message) => message.visitId === visitId && message.kind === 'arrangement-changed');
    expect(notices).toHaveLength(policy.changes.notify.length > 0 ? 1 : 0);
  });

  it('answers 409 naming the rule for a time outside the school day, and 409 once staff have set out; nothing is written', async () => {
    // A school whose policy does not simply allow visits outside its day (forbidden, or discouraged without a justification).
    const school = [...policies.values()].find((policy) => policy.calendar.outside !== 'allowed' && !policy.calendar.days.includes('sun'));
    if (!school) throw new Error('no seed school keeps visits to its school day');
    const visitId = await driveVisit(h, 'ready', { schoolId: school.schoolId });
    const length = await h.streamLength(visitId);

    const sunday = await h.call(OFFICE, 'POST', `/visits/${visitId}/reschedule`, {
      plannedStartAt: '2026-11-29T09:30:00.000Z',
      expectedReturnAt: '2026-11-29T11:30:00.000Z',
      appointmentAt: '2026-11-29T10:00:00.000Z',
      reason: 'Weekend suits mum.',
    });
    expect(sunday.status).toBe(409);
    expect(sunday.body).toMatchObject({ error: 'conflict', rule: expect.stringMatching(/^outside-school-day/) });

    const travelling = await driveVisit(h, 'travelling');
    const late = await h.call(ALICE, 'POST', `/visits/${travelling}/reschedule`, { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'Traffic.' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ rule: 'reschedule-before-departure' });

    expect(await h.streamLength(visitId)).toBe(length);
  });

  it('answers 400 without a reason', async () => {
    const visitId = await driveVisit(h, 'ready');
    const reply = await h.call(OFFICE, 'POST', `/visits/${visitId}/reschedule`, { appointmentAt: '2026-11-23T10:30:00.000Z' });
    expect(reply.status).toBe(400);
  });
});

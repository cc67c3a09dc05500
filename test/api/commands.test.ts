import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, DSL, HEAD, OFFICE } from '../support/actors';
import { driveVisit, startApiHarness, TOKEN_MARK, type ApiHarness } from '../support/api-harness';
import { VISIT_ACTIONS } from '../../functions/api/schemas';
import { uniqueId } from '../support/ids';
import { policyOf, visitDetails } from '../support/scenario';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

const requestBody = (visitId: string, overrides: Record<string, unknown> = {}) => ({
  visitId,
  details: { ...visitDetails('hunsbury-park'), ...overrides },
});

describe('POST /visits', () => {
  it('records the request, starts the workflow and answers 201', async () => {
    const visitId = uniqueId('visit');

    const reply = await h.call(ALICE, 'POST', '/visits', requestBody(visitId));

    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ visitId, version: 1, status: 'requested', events: ['VisitRequested'] });
    expect(h.workflow.started.filter((start) => start.name === visitId)).toHaveLength(1);
  });

  it("starts the execution with which policy governs the visit, not the policy's rules (each step looks them up)", async () => {
    const visitId = uniqueId('visit');
    await h.call(ALICE, 'POST', '/visits', requestBody(visitId));

    const { version } = policyOf('hunsbury-park');
    expect(h.workflow.started.find((start) => start.name === visitId)?.input).toEqual({ visitId, policy: { schoolId: 'hunsbury-park', version } });
  });

  it('answers the same request again with the first result and writes nothing', async () => {
    const visitId = uniqueId('visit');
    const first = await h.call(ALICE, 'POST', '/visits', requestBody(visitId));

    const again = await h.call(ALICE, 'POST', '/visits', requestBody(visitId));
    const underNewKey = await h.call(ALICE, 'POST', '/visits', requestBody(visitId), { 'Idempotency-Key': uniqueId('key') });

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(underNewKey.status).toBe(200);
    expect(underNewKey.body).toEqual(first.body);
    expect(await h.streamLength(visitId)).toBe(1);
  });

  it('refuses another request under a visitId already taken: 409 visit-already-exists', async () => {
    const visitId = uniqueId('visit');
    await h.call(ALICE, 'POST', '/visits', requestBody(visitId));

    const other = await h.call(ALICE, 'POST', '/visits', requestBody(visitId, { purposeDetail: 'Something else entirely.' }));

    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'conflict', rule: 'visit-already-exists' });
    expect(await h.streamLength(visitId)).toBe(1);
  });

  it('names the policy rule a request breaks: 409', async () => {
    const visitId = uniqueId('visit');

    const reply = await h.call(ALICE, 'POST', '/visits', requestBody(visitId, { appointmentAt: undefined }));

    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ error: 'conflict', rule: 'appointment-time-required' });
    expect(await h.streamLength(visitId)).toBe(0);
  });

  it('answers 400 with the field errors for a body that does not match, and writes nothing', async () => {
    const visitId = uniqueId('visit');

    const reply = await h.call(ALICE, 'POST', '/visits', { visitId, details: { ...visitDetails('hunsbury-park'), staff: [] } });

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid-request');
    expect(reply.body.issues).toContainEqual(expect.objectContaining({ path: 'details.staff' }));
    expect(await h.streamLength(visitId)).toBe(0);
    expect(h.workflow.started.some((start) => start.name === visitId)).toBe(false);
  });

  it('answers 400 for a visit id with "--", kept for the names of a long visit\'s later executions, and writes nothing', async () => {
    const visitId = `${uniqueId('visit')}--1`;

    const reply = await h.call(ALICE, 'POST', '/visits', requestBody(visitId));

    expect(reply.status).toBe(400);
    expect(reply.body.issues).toEqual([{ path: 'visitId', message: expect.stringContaining('--') }]);
    expect(await h.streamLength(visitId)).toBe(0);
  });

  it('answers 400 for a school the trust does not have', async () => {
    const visitId = uniqueId('visit');

    const reply = await h.call(ALICE, 'POST', '/visits', requestBody(visitId, { schoolId: 'nowhere-academy' }));

    expect(reply.status).toBe(400);
    expect(reply.body.issues).toEqual([{ path: 'details.schoolId', message: expect.any(String) }]);
    expect(await h.streamLength(visitId)).toBe(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const reply = await h.call(ALICE, 'POST', '/visits', '{"visitId": "abc');

    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid-request', issues: [{ path: '', message: 'the body is not valid JSON' }] });
  });

  it('answers 401 without an identity', async () => {
    const reply = await h.call(null, 'POST', '/visits', requestBody(uniqueId('visit')));

    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('unauthenticated');
  });
});

describe('POST /visits/{id}/{action}', () => {
  it('records the action, wakes the waiting stage and answers 200', async () => {
    const visitId = await driveVisit(h, 'requested');
    const token = await h.arm(visitId);

    const reply = await h.call(HEAD, 'POST', `/visits/${visitId}/authorise`, { note: 'Go in a pair.' });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ visitId, version: 2, status: 'authorised', events: ['VisitAuthorised'] });
    expect(h.workflow.signals).toContainEqual({ kind: 'success', token, output: { signal: 'authorise', version: 2, stage: 'awaiting-authorisation' } });
  });

  it('writes once for a retry with the same Idempotency-Key and answers it the same', async () => {
    const visitId = await driveVisit(h, 'travelling');
    await h.arm(visitId);
    const key = { 'Idempotency-Key': uniqueId('check-in') };

    const first = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { note: 'On the way' }, key);
    await h.arm(visitId);
    const retry = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { note: 'On the way' }, key);

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const stream = await h.store.read(visitId);
    expect(stream.filter((event) => event.type === 'CheckedIn')).toHaveLength(1);
  });

  it('treats requests without a key as different commands', async () => {
    const visitId = await driveVisit(h, 'travelling');

    await h.arm(visitId);
    await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, {});
    await h.arm(visitId);
    await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, {});

    const stream = await h.store.read(visitId);
    expect(stream.filter((event) => event.type === 'CheckedIn')).toHaveLength(2);
  });

  it('accepts an action that arrives while the workflow is between stages: recorded, read at its next wait', async () => {
    const visitId = await driveVisit(h, 'travelling');
    // No waiting task stored: the last signal took it and the next wait has not stored its own yet.

    const signalsBefore = h.workflow.signals.length;

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/arrive`, {});

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ visitId, status: 'at-door', events: ['Arrived'] });
    expect(h.workflow.signals).toHaveLength(signalsBefore);
    expect((await h.visit(visitId)).arrived).toBeDefined();
  });

  it('answers 409 wait-already-ended when Step Functions says the task stopped waiting', async () => {
    const visitId = await driveVisit(h, 'travelling');
    const token = await h.arm(visitId);
    h.workflow.ended.add(token!);

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/arrive`, {});

    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ rule: 'wait-already-ended', recorded: true });
    expect(h.workflow.signals.at(-1)).toMatchObject({ kind: 'success', token });
    expect((await h.store.read(visitId)).at(-1)?.type).toBe('Arrived');
  });

  it('names the state rule an action breaks: 409, nothing written', async () => {
    const visitId = await driveVisit(h, 'requested');
    await h.arm(visitId);

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/depart`, {});

    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ error: 'conflict', rule: 'authorisation-required', message: expect.any(String) });
    expect(await h.streamLength(visitId)).toBe(1);
  });

  it('answers 404 for a visit that does not exist', async () => {
    const reply = await h.call(ALICE, 'POST', `/visits/${uniqueId('visit')}/depart`, {});

    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ error: 'not-found', rule: 'visit-not-found' });
  });

  it('answers 400 for an unknown action, and writes nothing', async () => {
    const visitId = await driveVisit(h, 'requested');

    const reply = await h.call(HEAD, 'POST', `/visits/${visitId}/approve`, {});

    expect(reply.status).toBe(400);
    expect(reply.body.issues).toEqual([{ path: 'action', message: expect.any(String) }]);
    expect(await h.streamLength(visitId)).toBe(1);
  });

  it('answers 400 for a bad body or bad JSON, and writes nothing', async () => {
    const visitId = await driveVisit(h, 'requested');

    const badBody = await h.call(HEAD, 'POST', `/visits/${visitId}/decline`, { reason: '' });
    const badJson = await h.call(HEAD, 'POST', `/visits/${visitId}/decline`, 'reason=no');
    const extraField = await h.call(HEAD, 'POST', `/visits/${visitId}/authorise`, { note: 'ok', approved: true });

    expect(badBody.status).toBe(400);
    expect(badBody.body.issues).toContainEqual(expect.objectContaining({ path: 'reason' }));
    expect(badJson.status).toBe(400);
    expect(extraField.status).toBe(400);
    expect(await h.streamLength(visitId)).toBe(1);
  });

  it.each(VISIT_ACTIONS)('%s: a body its schema refuses is a 400 naming the body\'s own fields, and writes nothing', async (action) => {
    const visitId = await driveVisit(h, 'travelling');
    const before = await h.streamLength(visitId);

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/${action}`, { notAField: true });

    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid-request');
    expect(reply.body.issues).toContainEqual(expect.objectContaining({ path: '', message: expect.stringContaining('notAField') }));
    expect(reply.body.issues.filter((issue: { path: string }) => issue.path.startsWith('body'))).toEqual([]);
    expect(await h.streamLength(visitId)).toBe(before);
  });

  it('names a field of the body by its place in the body', async () => {
    const visitId = await driveVisit(h, 'travelling');
    const before = await h.streamLength(visitId);

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { code: 1234, adultPresent: 'yes' });

    expect(reply.status).toBe(400);
    expect(reply.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['adultPresent', 'code']);
    expect(await h.streamLength(visitId)).toBe(before);
  });

  it('records the time the caller claims from X-Claimed-At, and refuses a malformed one', async () => {
    const visitId = await driveVisit(h, 'travelling');
    await h.arm(visitId);
    const claimedAt = '2026-11-23T09:25:00.000Z';

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, {}, { 'X-Claimed-At': claimedAt });
    const bad = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, {}, { 'X-Claimed-At': 'yesterday' });

    expect(reply.status).toBe(200);
    expect((await h.store.read(visitId)).at(-1)?.meta.claimedAt).toBe(claimedAt);
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('headers.X-Claimed-At');
  });

  it('panic publishes a critical alert at once, naming the staff and never the pupil', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const before = h.alerts.published.length;

    const reply = await h.call(BOB, 'POST', `/visits/${visitId}/panic`, {});

    expect(reply.status).toBe(200);
    expect(reply.body.events).toEqual(['PanicRaised']);
    const published = h.alerts.published.slice(before);
    expect(published).toEqual([expect.objectContaining({ kind: 'panic', severity: 'critical', visitId })]);
    expect(published[0]!.text).not.toContain('Sam Pupil');
  });

  it('lets the office acknowledge the panic: recorded alone, the alert still open; a second acknowledgement is 409', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const panic = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {});
    const alertId = (await h.visit(visitId)).alerts[0]!.alertId;
    await h.arm(visitId);

    const ack = await h.call(OFFICE, 'POST', `/visits/${visitId}/acknowledge`, { alertId, note: 'Calling Alice now.' });
    const again = await h.call(DSL, 'POST', `/visits/${visitId}/acknowledge`, { alertId });

    expect(panic.status).toBe(200);
    expect(ack.status).toBe(200);
    expect(ack.body.events).toEqual(['AlertAcknowledged']);
    expect((await h.visit(visitId)).alerts[0]).toMatchObject({ stage: 'acknowledged', acknowledged: { by: OFFICE } });
    expect((await h.visit(visitId)).alerts[0]!.stage).not.toBe('resolved');
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict', rule: 'alert-already-acknowledged' } });
  });

  it('resolves an acknowledged alert with its reason, waking the stage; resolving or acknowledging it again is 409 alert-already-resolved', async () => {
    const visitId = await driveVisit(h, 'in-home');
    await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {});
    const alertId = (await h.visit(visitId)).alerts[0]!.alertId;
    await h.arm(visitId);
    await h.call(OFFICE, 'POST', `/visits/${visitId}/acknowledge`, { alertId });
    const token = await h.arm(visitId);
    const length = await h.streamLength(visitId);

    const resolved = await h.call(DSL, 'POST', `/visits/${visitId}/resolve-alert`, { alertId, reason: 'Spoke to Alice: pressed by mistake, all safe.' });
    const twice = await h.call(OFFICE, 'POST', `/visits/${visitId}/resolve-alert`, { alertId, reason: 'Again.' });
    const acknowledgedLate = await h.call(OFFICE, 'POST', `/visits/${visitId}/acknowledge`, { alertId });

    expect(resolved).toMatchObject({ status: 200, body: { events: ['AlertResolved'] } });
    expect(h.workflow.signals).toContainEqual(expect.objectContaining({ kind: 'success', token, output: expect.objectContaining({ signal: 'resolve-alert' }) }));
    expect((await h.visit(visitId)).alerts[0]).toMatchObject({ acknowledged: { by: OFFICE }, resolved: { by: DSL, resolution: 'resolved', reason: 'Spoke to Alice: pressed by mistake, all safe.' } });
    expect(twice).toMatchObject({ status: 409, body: { error: 'conflict', rule: 'alert-already-resolved' } });
    expect(acknowledgedLate).toMatchObject({ status: 409, body: { error: 'conflict', rule: 'alert-already-resolved' } });
    expect(await h.streamLength(visitId)).toBe(length + 1);
  });

  it('resolving an alert nobody acknowledged records both acts; a reason is required, and staff may not resolve their own', async () => {
    const visitId = await driveVisit(h, 'in-home');
    await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {});
    const alertId = (await h.visit(visitId)).alerts[0]!.alertId;
    await h.arm(visitId);

    const noReason = await h.call(OFFICE, 'POST', `/visits/${visitId}/resolve-alert`, { alertId });
    const byStaff = await h.call(BOB, 'POST', `/visits/${visitId}/resolve-alert`, { alertId, reason: 'We are fine.' });
    const resolved = await h.call(OFFICE, 'POST', `/visits/${visitId}/resolve-alert`, { alertId, reason: 'Phoned Alice: safe.' });

    expect(noReason).toMatchObject({ status: 400, body: { error: 'invalid-request', issues: [expect.objectContaining({ path: 'reason' })] } });
    expect(byStaff).toMatchObject({ status: 403, body: { error: 'forbidden', rule: 'acknowledger-role' } });
    expect(resolved).toMatchObject({ status: 200, body: { events: ['AlertAcknowledged', 'AlertResolved'] } });
  });

  it('takes a whole visit from request to return through the API', async () => {
    const visitId = await driveVisit(h, 'returned');

    expect((await h.visit(visitId)).status).toBe('returned');
  });
});

describe('what leaves the API', () => {
  // Runs last in this file: every response above went through the harness.
  it('never carries a task token in any response, and logs no personal data', () => {
    expect(h.responses.length).toBeGreaterThan(20);
    expect(h.responses.filter((response) => response.body.includes(TOKEN_MARK))).toEqual([]);
    expect(h.logs.filter((entry) => /Sam Pupil|Example Road/.test(JSON.stringify(entry)))).toEqual([]);
  });
});

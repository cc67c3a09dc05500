import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_ACTOR } from '../../functions/core/actor';
import { handleCommand } from '../../functions/core/handle-command';
import { ALICE, AUDITOR, BOB, CAROL } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { uniqueId } from '../support/ids';
import { policyOf } from '../support/scenario';

/**
 * Issue 9, item 1: an Idempotency-Key is scoped to the caller (and, through the stream, the visit),
 * bound to the action and body it was first sent with, and can never name a workflow step's command.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

const keyed = (key: string) => ({ 'Idempotency-Key': key });
const typesOf = async (visitId: string) => (await h.store.read(visitId)).map((event) => event.type);
const count = async (visitId: string, type: string) => (await typesOf(visitId)).filter((candidate) => candidate === type).length;
const alertsOf = (visitId: string, kind: string) => h.alerts.published.filter((message) => message.visitId === visitId && message.kind === kind);

describe('the same key with the same request', () => {
  it('replays a retried panic with the first answer, writes it once and hands its alert over once', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = uniqueId('panic');
    const before = await h.streamLength(visitId);

    const first = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, { note: 'Raised voices' }, keyed(key));
    const retry = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, { note: 'Raised voices' }, keyed(key));

    expect(first.status).toBe(200);
    expect(first.body).toEqual({ visitId, version: before + 1, status: 'in-home', events: ['PanicRaised'] });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await h.streamLength(visitId)).toBe(before + 1);
    expect(alertsOf(visitId, 'panic')).toHaveLength(1);
  });
});

describe('the same key with a different request: 422 idempotency-key-reused', () => {
  it('refuses a check-in with another body under a check-in\'s key, and writes nothing', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = uniqueId('check-in');
    const first = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { note: 'All well' }, keyed(key));
    const after = await h.streamLength(visitId);

    const other = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { note: 'Leaving soon' }, keyed(key));

    expect(first.status).toBe(200);
    expect(other.status).toBe(422);
    expect(other.body).toEqual({ error: 'unprocessable', rule: 'idempotency-key-reused', message: expect.any(String) });
    expect(await h.streamLength(visitId)).toBe(after);
    expect(await count(visitId, 'CheckedIn')).toBe(1);
  });

  it('refuses a panic sent under an earlier check-in\'s key and writes no panic; under a fresh key the panic lands and is alerted', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = uniqueId('check-in');
    // The same (empty) body for both: only the action tells the two requests apart.
    await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, {}, keyed(key));
    const after = await h.streamLength(visitId);

    const underCheckInKey = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));
    const panicsThen = await count(visitId, 'PanicRaised');
    const alertsThen = alertsOf(visitId, 'panic').length;
    const underFreshKey = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {}, keyed(uniqueId('panic')));

    expect(underCheckInKey.status).toBe(422);
    expect(underCheckInKey.body).toMatchObject({ error: 'unprocessable', rule: 'idempotency-key-reused' });
    expect(panicsThen).toBe(0);
    expect(alertsThen).toBe(0);
    expect(underFreshKey.status).toBe(200);
    expect(underFreshKey.body).toEqual({ visitId, version: after + 1, status: 'in-home', events: ['PanicRaised'] });
    expect(await count(visitId, 'PanicRaised')).toBe(1);
    expect(alertsOf(visitId, 'panic')).toEqual([expect.objectContaining({ severity: 'critical', visitId })]);
  });
});

describe('a key belongs to its caller', () => {
  it('answers 403 to staff not on the visit who send a panic\'s key, never the panic\'s result, and re-sends no alert', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = uniqueId('panic');
    await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));
    const after = await h.streamLength(visitId);
    const alerted = h.alerts.published.length;

    const checkIn = await h.call(CAROL, 'POST', `/visits/${visitId}/check-in`, {}, keyed(key));
    const samePanic = await h.call(CAROL, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));

    for (const reply of [checkIn, samePanic]) {
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({ error: 'forbidden', rule: 'assigned-staff-only', message: expect.any(String) });
      expect(reply.raw.body).not.toContain('PanicRaised');
    }
    expect(h.alerts.published).toHaveLength(alerted);
    expect(await h.streamLength(visitId)).toBe(after);
  });

  it('runs the route\'s role check before any replay: an auditor sending a panic\'s key is 403 auditors-read-only', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = uniqueId('panic');
    await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));
    const alerted = h.alerts.published.length;

    const reply = await h.call(AUDITOR, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));

    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error: 'forbidden', rule: 'auditors-read-only' });
    expect(h.alerts.published).toHaveLength(alerted);
  });

  it('takes the same key from another member of staff on the visit as their own request: Bob\'s panic is written and alerted too', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = uniqueId('panic');
    const alice = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));

    const bob = await h.call(BOB, 'POST', `/visits/${visitId}/panic`, {}, keyed(key));

    expect(alice.status).toBe(200);
    expect(bob.status).toBe(200);
    expect(bob.body).toEqual({ ...alice.body, version: alice.body.version + 1 });
    const panics = (await h.store.read(visitId)).filter((event) => event.type === 'PanicRaised');
    expect(panics.map((event) => event.meta.actor.userId)).toEqual([ALICE.userId, BOB.userId]);
    expect(alertsOf(visitId, 'panic')).toHaveLength(2);
  });
});

describe('a key can never name a workflow step\'s command', () => {
  it('answers a key equal to `assess-risk:v2` as a new request, not with the step\'s RiskAssessed', async () => {
    const visitId = await driveVisit(h, 'authorised');
    const policy = policyOf('hunsbury-park');
    // The risk assessment as the workflow's step writes it: command id `<step>:v<version it read>`.
    const assessed = await handleCommand(h.store, visitId, {
      name: 'assess-risk',
      body: {},
      meta: { commandId: 'assess-risk:v2', actor: WORKFLOW_ACTOR, now: h.clock.current },
    }, policy);
    await h.arm(visitId);

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/depart`, {}, keyed('assess-risk:v2'));

    expect(assessed).toMatchObject({ ok: true, duplicate: false });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ visitId, version: 4, status: 'travelling', events: ['Departed'] });
    expect(await typesOf(visitId)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../bin/client/api-client';
import { DEMO_DURESS_CODE } from '../../local/auth';
import { eventually } from '../support/eventually';
import { startHttpHarness, type HttpHarness } from '../support/http-harness';

/**
 * The whole product over real HTTP: what `npm start` runs (dynalite, the local engine with the
 * synthesised workflow, the API behind local JWT auth) on a free port, the clock at 1200×.
 */
const PARENT = { name: 'Pat Parent', relationship: 'parent' } as const;
const ADULT = { name: 'Aunt Ann', relationship: 'responsible-adult' } as const;
const enterWith = (people: readonly object[], invitedIn = true) => ({ peoplePresent: people, invitedIn, animals: 'none' });

let h: HttpHarness;
let alice: ApiClient, bob: ApiClient, head: ApiClient, dsl: ApiClient, slt: ApiClient, office: ApiClient, auditor: ApiClient;
beforeAll(async () => {
  h = await startHttpHarness(1200);
  [alice, bob, head, dsl, slt, office, auditor] = await Promise.all([
    h.as('staff-alice'), h.as('staff-bob'), h.as('head-hana'), h.as('dsl-dev'), h.as('slt-sam'), h.as('office-olu'), h.as('auditor-ari'),
  ]);
});
afterAll(() => h.close());

async function ok(reply: Promise<{ status: number; body: any }>, expected = 200) {
  const { status, body } = await reply;
  expect({ status, body }).toMatchObject({ status: expected });
  return body;
}

/** Authorise, wait for the workflow's risk assessment, depart, arrive. */
async function toTheDoor(visitId: string, authoriser: ApiClient = head) {
  await ok(authoriser.post(`/visits/${visitId}/authorise`, {}));
  await alice.waitForStatus(visitId, ['ready']);
  await ok(alice.post(`/visits/${visitId}/depart`, {}));
  await ok(alice.post(`/visits/${visitId}/arrive`, {}));
}

async function finish(visitId: string, leaveBody: object = {}) {
  await ok(alice.post(`/visits/${visitId}/leave`, leaveBody));
  await ok(alice.post(`/visits/${visitId}/return`, {}));
  const filed = await alice.waitForStatus(visitId, ['filed']);
  const history = await ok(head.get(`/visits/${visitId}/history`));
  expect(history.integrity).toMatchObject({ ok: true });
  return { state: filed.body.visit, types: history.events.map((event: { type: string }) => event.type) };
}

describe.concurrent('one full visit per seed school, its own rules applied', () => {
  it('Hunsbury Park: no entry until a parent is present', async () => {
    const { visitId } = await h.start('hunsbury-park');
    await toTheDoor(visitId);
    const refused = await alice.post(`/visits/${visitId}/enter`, enterWith([ADULT]));
    expect(refused).toMatchObject({ status: 409, body: { rule: 'parent-must-be-present' } });
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    const { types, state } = await finish(visitId);
    expect(types).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'LeftHome', 'ReturnedSafely', 'VisitClosed', 'ReportFiled']);
    expect(state.closed.outcome).toBe('completed');
  });

  it('Birchwood: a visit needs an agreed code word, and entry needs an invitation', async () => {
    const refused = await h.start('birchwood', { safeWordAgreed: false });
    expect(refused.reply).toMatchObject({ status: 409, body: { rule: 'safe-word-required' } });
    const { visitId } = await h.start('birchwood');
    await toTheDoor(visitId, dsl);
    expect(await alice.post(`/visits/${visitId}/enter`, enterWith([PARENT], false))).toMatchObject({ status: 409, body: { rule: 'must-be-invited-in' } });
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    expect((await finish(visitId)).state.closed.outcome).toBe('completed');
  });

  it('Harrogate: only the Assistant Headteacher (SLT) authorises', async () => {
    const { visitId } = await h.start('harrogate-high');
    expect(await dsl.post(`/visits/${visitId}/authorise`, {})).toMatchObject({ status: 403, body: { rule: 'authoriser-role' } });
    await toTheDoor(visitId, slt);
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    expect((await finish(visitId)).state.authorised.by).toMatchObject({ userId: 'slt-sam', role: 'slt' });
  });

  it('Learning Together Academy: an attendance visit keeps both signatures', async () => {
    const { visitId } = await h.start('learning-together-academy');
    await toTheDoor(visitId);
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    expect(await alice.post(`/visits/${visitId}/leave`, {})).toMatchObject({ status: 409, body: { rule: 'signatures-required' } });
    const { state } = await finish(visitId, { notes: { facts: ['Discussed the mornings'], signatures: { parent: true, officer: true } } });
    expect(state.left.notes.signatures).toEqual({ parent: true, officer: true });
  });

  it('WNA: a lone visit is not authorised (409 pairs-required); a pair enters with any responsible adult, once both are named at the door', async () => {
    const lone = await h.start('wna', { staff: [{ userId: 'staff-alice', name: 'Alice Officer' }] });
    expect(await head.post(`/visits/${lone.visitId}/authorise`, {})).toMatchObject({ status: 409, body: { rule: 'pairs-required' } });
    expect((await alice.get(`/visits/${lone.visitId}`)).body.status).toBe('requested');

    const { visitId } = await h.start('wna');
    await toTheDoor(visitId);
    const alone = await alice.post(`/visits/${visitId}/enter`, { ...enterWith([ADULT]), staffPresent: ['staff-alice'] });
    expect(alone).toMatchObject({ status: 409, body: { rule: 'pair-not-complete' } });
    await ok(alice.post(`/visits/${visitId}/enter`, { ...enterWith([ADULT]), staffPresent: ['staff-alice', 'staff-bob'] }));
    expect((await finish(visitId)).state.closed.outcome).toBe('completed');
  });
});

describe.concurrent('errors over HTTP', () => {
  it('400 with the field errors for a bad body, and nothing written', async () => {
    const { visitId } = await h.start('hunsbury-park');
    const reply = await alice.post(`/visits/${visitId}/report-late`, { expectedAt: 'half past ten' });
    expect(reply.status).toBe(400);
    expect(reply.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'expectedAt' })]));
    expect(await alice.post(`/visits/${visitId}/report-late`, 'not json')).toMatchObject({ status: 400 });
    expect((await alice.get(`/visits/${visitId}`)).body.version).toBe(1);
  });

  it('401 without a token, 403 for an auditor acting, 404 for an unknown visit, 409 naming the rule', async () => {
    const { visitId } = await h.start('hunsbury-park');
    expect((await h.anonymous.get(`/visits/${visitId}`)).status).toBe(401);
    expect(await auditor.post(`/visits/${visitId}/authorise`, {})).toMatchObject({ status: 403 });
    expect((await alice.get('/visits/no-such-visit')).status).toBe(404);
    expect(await alice.post(`/visits/${visitId}/depart`, {})).toMatchObject({ status: 409, body: { rule: 'authorisation-required' } });
    expect((await h.anonymous.get('/health')).status).toBe(200);
  });

  it('403 when staff act on a visit they are not assigned to, or authorise a visit they will carry out', async () => {
    const { visitId } = await h.start('hunsbury-park', { staff: [{ userId: 'staff-bob', name: 'Bob Worker' }, { userId: 'head-hana', name: 'Hana Head' }] });
    expect(await head.post(`/visits/${visitId}/authorise`, {})).toMatchObject({ status: 403, body: { rule: 'authoriser-cannot-be-visitor' } });
    await ok(dsl.post(`/visits/${visitId}/authorise`, {}));
    await bob.waitForStatus(visitId, ['ready']);
    expect(await alice.post(`/visits/${visitId}/depart`, {})).toMatchObject({ status: 403, body: { rule: 'assigned-staff-only' } });
    expect((await alice.get(`/visits/${visitId}`)).status).toBe(403);
  });
});

describe.concurrent('keeping staff safe over HTTP', () => {
  it('panic publishes a critical alert, from the table stream, to everyone on the ladder', async () => {
    const { visitId } = await h.start('hunsbury-park');
    await toTheDoor(visitId);
    await ok(alice.post(`/visits/${visitId}/panic`, { note: 'Man shouting at the door' }));
    const panic = await eventually('the panic alert', () => h.alerts.published.find((alert) => alert.visitId === visitId && alert.kind === 'panic'));
    expect(panic).toMatchObject({ severity: 'critical', notify: expect.arrayContaining(['office', 'dsl', 'headteacher']) });
    // The one who pressed it is named first; responders know who is in danger and who is with them.
    expect(panic?.subject).toBe('PANIC: Alice Officer on a home visit');
    expect(panic?.text).toMatch(/^Alice Officer \(with Bob Worker\) pressed panic at /);
    // The board is projected from the table's stream: the line follows the panic.
    const line = await eventually('the board line with the panic', async () =>
      (await ok(office.get('/visits?status=active'))).visits.find((candidate: { visitId: string; openAlerts: number }) => candidate.visitId === visitId && candidate.openAlerts === 1),
    );
    expect(line).toMatchObject({ openAlerts: 1 });
  });

  it('acknowledging is not resolving: the workflow, the office board and the staff page wait until someone resolves the alert', async () => {
    const { visitId } = await h.start('hunsbury-park');
    await toTheDoor(visitId);
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    await ok(alice.post(`/visits/${visitId}/panic`, {}));
    const [panic] = (await ok(office.get(`/visits/${visitId}`))).visit.alerts;

    expect(await ok(office.post(`/visits/${visitId}/acknowledge`, { alertId: panic.alertId, note: 'Calling Alice now.' }))).toMatchObject({ events: ['AlertAcknowledged'] });
    expect(await dsl.post(`/visits/${visitId}/acknowledge`, { alertId: panic.alertId })).toMatchObject({ status: 409, body: { rule: 'alert-already-acknowledged' } });
    await ok(alice.post(`/visits/${visitId}/leave`, {}));
    await ok(alice.post(`/visits/${visitId}/return`, {}));

    type Line = { visitId: string; stage: string };
    const waiting = await eventually('the board line to wait for the panic to be resolved', async () =>
      (await ok(office.get('/visits?status=active'))).visits.find((line: Line) => line.visitId === visitId && line.stage === 'awaiting-acknowledgement'),
    );
    expect(waiting).toMatchObject({ status: 'returned', openAlerts: 1, alerts: [expect.objectContaining({ alertId: panic.alertId, kind: 'panic', acknowledgedBy: expect.any(String) })] });
    const mine = (await ok(alice.get('/me/visits'))).visits.find((line: Line) => line.visitId === visitId);
    expect(mine).toMatchObject({ staffIds: ['staff-alice', 'staff-bob'], stage: 'awaiting-acknowledgement', openAlerts: 1 });

    expect(await ok(office.post(`/visits/${visitId}/resolve-alert`, { alertId: panic.alertId, reason: 'Alice is back and safe: pressed by mistake.' }))).toMatchObject({ events: ['AlertResolved'] });
    const filed = await alice.waitForStatus(visitId, ['filed']);
    expect(filed.body.visit.alerts).toContainEqual(
      expect.objectContaining({ alertId: panic.alertId, stage: 'resolved', resolved: expect.objectContaining({ resolution: 'resolved', reason: 'Alice is back and safe: pressed by mistake.' }) }),
    );
    expect(await office.post(`/visits/${visitId}/resolve-alert`, { alertId: panic.alertId, reason: 'Again.' })).toMatchObject({ status: 409, body: { rule: 'alert-already-resolved' } });
  });

  it('a check-in with the duress code answers exactly like a normal one, and raises a silent critical alert', async () => {
    const { visitId } = await h.start('hunsbury-park');
    await toTheDoor(visitId);
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    const normal = await alice.post(`/visits/${visitId}/check-in`, { code: '2468' });
    const duress = await alice.post(`/visits/${visitId}/check-in`, { code: DEMO_DURESS_CODE });

    const shape = (reply: { status: number; body: any }) => ({ status: reply.status, keys: Object.keys(reply.body).sort(), events: reply.body.events, status2: reply.body.status });
    expect(shape(duress)).toEqual(shape(normal));
    expect(duress.body.events).toEqual(['CheckedIn']);
    const alert = await eventually('the duress alert', () => h.alerts.published.find((message) => message.visitId === visitId && message.kind === 'duress'));
    expect(alert).toMatchObject({ severity: 'critical', notify: expect.arrayContaining(['office', 'dsl', 'headteacher']) });
    expect(alert?.subject).toBe('DURESS: Alice Officer used the duress code on a home visit');
    // The phone sees nothing; the office sees the open alert.
    expect((await alice.get(`/visits/${visitId}`)).body.visit.alerts).toEqual([]);
    const seenByOffice = (await office.get(`/visits/${visitId}`)).body.visit.alerts;
    expect(seenByOffice.map((a: { kind: string; stage: string }) => [a.kind, a.stage])).toEqual([['duress', 'open']]);
    // Neither code is ever stored.
    const history = JSON.stringify((await ok(head.get(`/visits/${visitId}/history`))).events);
    expect(history).not.toContain(DEMO_DURESS_CODE);
    expect(history).not.toContain('2468');
  });

  it('both staff of a pair can check in, and concurrent actions lose and duplicate nothing', async () => {
    const { visitId } = await h.start('hunsbury-park');
    await toTheDoor(visitId);
    await ok(alice.post(`/visits/${visitId}/enter`, enterWith([PARENT])));
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? bob : alice).post(`/visits/${visitId}/check-in`, { note: `check-in ${i}` })),
    );
    expect(replies.filter((reply) => reply.status !== 200).map((reply) => reply.body)).toEqual([]);
    const history = await ok(head.get(`/visits/${visitId}/history`));
    const checkIns = history.events.filter((event: { type: string }) => event.type === 'CheckedIn');
    expect(checkIns.map((event: { data: { note: string } }) => event.data.note).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `check-in ${i}`).sort());
    expect(new Set(checkIns.map((event: { actor: string }) => event.actor))).toEqual(new Set(['staff-alice', 'staff-bob']));
    expect(history.events.map((event: { version: number }) => event.version)).toEqual(history.events.map((_: unknown, i: number) => i + 1));
    expect(history.integrity).toMatchObject({ ok: true });
  });

  it('retrying an action with the same Idempotency-Key writes it once', async () => {
    const { visitId } = await h.start('hunsbury-park');
    await toTheDoor(visitId);
    const key = { 'idempotency-key': `check-in-${visitId}` };
    const [first, second] = await Promise.all([alice.post(`/visits/${visitId}/check-in`, {}, key), alice.post(`/visits/${visitId}/check-in`, {}, key)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const history = await ok(head.get(`/visits/${visitId}/history`));
    expect(history.events.filter((event: { type: string }) => event.type === 'CheckedIn')).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../functions/api';
import { localContext } from '../../functions/api/router';
import { ACTION_NAMES } from '../../functions/core/commands';
import { EventStoreUnavailableError, type EventStore, type StoredEvent } from '../../functions/core/event-store';
import { ActionResult, Board, History, InvalidRequest, MyVisits, Refusal, Report, VisitView } from '../../functions/api/schemas';
import { VISIT_STATUSES } from '../../functions/core/board';
import { ALICE, AUDITOR, DSL, HEAD, OFFICE } from '../support/actors';
import { apiEvent, claimsFor, eventAs } from '../support/api-events';
import { driveVisit, startApiHarness, TOKEN_MARK, type ApiHarness } from '../support/api-harness';
import { uniqueId } from '../support/ids';
import { T0, visitDetails } from '../support/scenario';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('GET /visits/{id}', () => {
  it('answers the current state folded from the events, with its board line', async () => {
    const visitId = await driveVisit(h, 'in-home');

    const reply = await h.call(ALICE, 'GET', `/visits/${visitId}`);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ visitId, status: 'in-home', version: 6, visit: { status: 'in-home', visitId } });
    expect(reply.body.summary).toMatchObject({ stage: 'in-home', active: true, nextDeadline: { kind: 'check-in' } });
  });

  it('answers 404 for an unknown id', async () => {
    expect((await h.call(OFFICE, 'GET', `/visits/${uniqueId('visit')}`)).status).toBe(404);
  });

  it('carries the policy the visit runs under, for the pages to draw their forms from: the same to every reader, without citations', async () => {
    const visitId = await driveVisit(h, 'in-home', { schoolId: 'harrogate-high', authoriser: { userId: 'slt-sam', role: 'slt' } });

    const asStaff = await h.call(ALICE, 'GET', `/visits/${visitId}`);
    const asOffice = await h.call(OFFICE, 'GET', `/visits/${visitId}`);

    const policy = h.deps.policies.version('harrogate-high', asStaff.body.visit.policy.version)!;
    expect(asStaff.body.policy).toMatchObject({
      format: 2,
      schoolId: 'harrogate-high',
      version: policy.version,
      roles: policy.roles,
      checklists: policy.checklists,
      entry: expect.objectContaining({ unsafeIndicators: policy.entry.unsafeIndicators }),
      cancellation: policy.cancellation,
      checkIns: expect.objectContaining({ intervalMinutes: policy.checkIns.intervalMinutes }),
      concerns: policy.concerns,
      purposes: expect.objectContaining({ allowed: policy.purposes.allowed }),
    });
    expect(asStaff.body.policy).not.toHaveProperty('citations');
    expect(asOffice.body.policy).toEqual(asStaff.body.policy);
    VisitView.parse(asStaff.body);
  });

  it('answers 400 naming the id for an id outside its pattern, on every route that takes one', async () => {
    const reads = [[OFFICE, '/visits/x'], [OFFICE, '/visits/has%20space'], [AUDITOR, `/visits/${'a'.repeat(81)}/history`], [AUDITOR, '/visits/x/report']] as const;
    for (const [actor, path] of reads) {
      const reply = await h.call(actor, 'GET', path);

      expect(reply.status, path).toBe(400);
      expect(reply.body, path).toEqual({ error: 'invalid-request', issues: [{ path: 'id', message: expect.any(String) }] });
    }
    const acted = await h.call(ALICE, 'POST', '/visits/x/depart', {});
    expect(acted.status).toBe(400);
    expect(acted.body.issues).toEqual([{ path: 'id', message: expect.any(String) }]);
  });
});

describe('GET /visits/{id}/history', () => {
  it('lists the events in order with who, role, recorded and claimed times, and a good integrity verdict', async () => {
    const visitId = await driveVisit(h, 'travelling');
    h.clock.advance(30);
    await h.arm(visitId);
    await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, {}, { 'X-Claimed-At': '2026-11-23T09:50:00.000Z' });

    const reply = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);

    expect(reply.status).toBe(200);
    expect(reply.body.integrity).toMatchObject({ ok: true, headVersion: 5 });
    expect(reply.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3, 4, 5]);
    expect(reply.body.events.map((event: { type: string }) => event.type)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'CheckedIn']);
    expect(reply.body.events[1]).toMatchObject({ actor: HEAD.userId, role: 'headteacher', recordedAt: T0 });
    expect(reply.body.events[4]).toMatchObject({ actor: ALICE.userId, role: 'staff', claimedAt: '2026-11-23T09:50:00.000Z' });
    expect(reply.body.state).toMatchObject({ status: 'travelling', version: 5 });
  });

  it('with asOf, answers the events and the state as they stood then', async () => {
    const visitId = await driveVisit(h, 'requested');
    const requestedAt = h.clock.current;
    h.clock.advance(10);
    await h.arm(visitId);
    await h.call(DSL, 'POST', `/visits/${visitId}/authorise`, {});

    const then = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history?asOf=${encodeURIComponent(requestedAt)}`);
    const before = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history?asOf=2020-01-01T00:00:00Z`);
    const bad = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history?asOf=last-tuesday`);

    expect(then.body).toMatchObject({ asOf: requestedAt, integrity: { ok: true, headVersion: 1 }, state: { status: 'requested' } });
    expect(then.body.events).toHaveLength(1);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ events: [], state: null });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('query.asOf');
  });

  it('names the first version that does not verify when a stored event was altered', async () => {
    const visitId = await driveVisit(h, 'ready');
    const altering: EventStore = {
      append: (...args) => h.store.append(...args),
      read: async (...args) =>
        (await h.store.read(...args)).map((event): StoredEvent =>
          event.version === 2 ? { ...event, data: { ...event.data, note: 'added later' } } : event,
        ),
    };
    const api = createApi({ ...h.deps, store: altering });

    const reply = await api.route(eventAs(AUDITOR, 'GET', `/visits/${visitId}/history`));

    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body).integrity).toMatchObject({ ok: false, version: 2, reason: 'hash-mismatch' });
  });

  it('answers 404 for a visit with no events', async () => {
    expect((await h.call(AUDITOR, 'GET', `/visits/${uniqueId('visit')}/history`)).status).toBe(404);
  });
});

describe('GET /visits/{id}/report', () => {
  it('answers 404 report-not-filed until the report is filed', async () => {
    const visitId = await driveVisit(h, 'closed');

    const reply = await h.call(DSL, 'GET', `/visits/${visitId}/report`);

    expect(reply.status).toBe(404);
    expect(reply.body.rule).toBe('report-not-filed');
  });

  it('answers the filed report as JSON', async () => {
    const visitId = await driveVisit(h, 'filed');

    const reply = await h.call(ALICE, 'GET', `/visits/${visitId}/report?format=json`);
    const unknown = await h.call(ALICE, 'GET', `/visits/${visitId}/report?format=docx`);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      visitId,
      reportId: `report-${visitId}`,
      filedAt: expect.any(String),
      categories: ['Home visit', 'Attendance'],
      body: expect.objectContaining({ schemaVersion: 1, visitId, outcome: 'completed' }),
    });
    expect(unknown.status).toBe(400);
  });
});

describe('GET /visits (the office board)', () => {
  it('lists active visits from the read model, filtered by school, most urgent first', async () => {
    const out = await driveVisit(h, 'in-home');
    const waiting = await driveVisit(h, 'requested');
    const done = await driveVisit(h, 'filed');
    const panicking = await driveVisit(h, 'at-door');
    await h.call(ALICE, 'POST', `/visits/${panicking}/panic`, {});
    const elsewhere = await driveVisit(h, 'travelling', { schoolId: 'birchwood' });
    for (const id of [out, waiting, done, panicking, elsewhere]) await h.project(id);

    const reply = await h.call(OFFICE, 'GET', '/visits?status=active&school=hunsbury-park');

    expect(reply.status).toBe(200);
    const ids = reply.body.visits.map((line: { visitId: string }) => line.visitId);
    expect(ids).toEqual(expect.arrayContaining([out, waiting, panicking]));
    expect(ids).not.toContain(done);
    expect(ids).not.toContain(elsewhere);
    expect(ids[0]).toBe(panicking);
    const line = reply.body.visits.find((candidate: { visitId: string }) => candidate.visitId === panicking);
    expect(line).toMatchObject({ schoolId: 'hunsbury-park', openAlerts: 1, staff: ['Alice Officer', 'Bob Worker'] });
    expect(JSON.stringify(reply.body)).not.toContain('Sam Pupil');
  });

  it('accepts every status the board knows, and active', async () => {
    for (const status of ['active', ...VISIT_STATUSES]) {
      const reply = await h.call(AUDITOR, 'GET', `/visits?status=${status}`);
      expect(reply.status, status).toBe(200);
      expect((reply.body.visits as Array<{ status: string; active: boolean }>).every((line) => (status === 'active' ? line.active : line.status === status)), status).toBe(true);
    }
  });

  it('answers 400 for a status it does not know', async () => {
    const reply = await h.call(OFFICE, 'GET', '/visits?status=lost');

    expect(reply.status).toBe(400);
    expect(reply.body.issues[0].path).toBe('query.status');
  });
});

describe('GET /openapi.json', () => {
  it('documents every action and route with schemas generated from zod, every $ref resolving', async () => {
    const reply = await h.call(OFFICE, 'GET', '/openapi.json');

    expect(reply.status).toBe(200);
    const doc = reply.body;
    expect(doc.openapi).toBe('3.1.0');
    for (const action of ACTION_NAMES.filter((name) => name !== 'request')) {
      expect(doc.paths[`/visits/{id}/${action}`]?.post?.requestBody, action).toBeDefined();
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/visits', '/visits/{id}', '/me/visits', '/visits/{id}/history', '/visits/{id}/report', '/openapi.json', '/health']),
    );
    expect(doc.components.schemas.ResolveAlertBody.required).toEqual(expect.arrayContaining(['alertId', 'reason']));
    expect(doc.paths['/me/visits'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/MyVisits' });
    expect(doc.components.schemas.BoardSummary.required).toEqual(expect.arrayContaining(['staffIds', 'alerts']));
    expect(Object.keys(doc.components.schemas.BoardSummary.properties)).toEqual(expect.arrayContaining(['staffIds', 'appointment', 'alerts']));
    expect(doc.components.schemas.VisitView.required).toEqual(expect.arrayContaining(['policy']));
    expect(doc.components.schemas.RequestVisitBody.properties.details.properties.staff).toMatchObject({ type: 'array', minItems: 1 });
    expect(doc.components.schemas.EnterBody.required).toEqual(expect.arrayContaining(['peoplePresent', 'invitedIn', 'animals']));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const refs = [...reply.raw.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });
});

describe('GET /health and unknown routes', () => {
  it('answers health without a token, with the server clock and its time scale', async () => {
    const reply = await h.call(null, 'GET', '/health');

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', now: h.clock.now().toISOString(), timeScale: 1 });
  });

  it('answers 404 for an unknown path and 405 for a known path with the wrong method', async () => {
    expect((await h.call(OFFICE, 'GET', '/nothing-here')).status).toBe(404);
    const wrong = await h.call(OFFICE, 'DELETE', `/visits/${uniqueId('visit')}`);
    expect(wrong.status).toBe(405);
    expect(wrong.raw.headers?.allow).toBe('GET');
  });

  it('serves a route API Gateway matched itself (one Lambda per route)', async () => {
    const visitId = await driveVisit(h, 'requested');
    const event = apiEvent({ method: 'GET', path: `/visits/${visitId}`, resource: '/visits/{id}', claims: claimsFor(OFFICE) });

    const reply = await h.api.handlers.getVisit({ ...event, pathParameters: { id: visitId } }, localContext());

    expect(reply.statusCode).toBe(200);
  });
});

describe('answers match the documented schemas', () => {
  it('parses every kind of answer with the zod schema the OpenAPI document is generated from', async () => {
    const visitId = await driveVisit(h, 'filed');
    const started = await h.call(ALICE, 'POST', '/visits', { visitId: uniqueId('visit'), details: visitDetails('hunsbury-park') });
    await h.project(visitId);

    ActionResult.parse(started.body);
    VisitView.parse((await h.call(OFFICE, 'GET', `/visits/${visitId}`)).body);
    History.parse((await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`)).body);
    Report.parse((await h.call(OFFICE, 'GET', `/visits/${visitId}/report`)).body);
    Board.parse((await h.call(OFFICE, 'GET', '/visits')).body);
    MyVisits.parse((await h.call(ALICE, 'GET', '/me/visits')).body);
    InvalidRequest.parse((await h.call(OFFICE, 'GET', '/visits?colour=red')).body);
    Refusal.parse((await h.call(ALICE, 'GET', '/visits')).body);
  });
});

describe('when the ports fail', () => {
  const failingWith = (error: Error) =>
    createApi({ ...h.deps, store: { append: () => Promise.reject(error), read: () => Promise.reject(error) } });

  it('answers 503 with Retry-After when the event store is unavailable', async () => {
    const api = failingWith(new EventStoreUnavailableError('throttled'));

    const reply = await api.route(eventAs(OFFICE, 'GET', `/visits/${uniqueId('visit')}`));

    expect(reply.statusCode).toBe(503);
    expect(reply.headers?.['retry-after']).toBe('1');
  });

  it('answers 500 without details for anything else, and logs the error by name only', async () => {
    const api = failingWith(new TypeError('boom'));
    const before = h.logs.length;

    const reply = await api.route(eventAs(ALICE, 'POST', '/visits', { visitId: uniqueId('visit'), details: visitDetails('hunsbury-park') }));

    expect(reply.statusCode).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ error: 'internal', message: expect.any(String) });
    expect(h.logs.slice(before)).toEqual([expect.objectContaining({ level: 'error', route: 'POST /visits', error: 'TypeError' })]);
    expect(JSON.stringify(h.logs.slice(before))).not.toMatch(/Sam Pupil|Example Road|staff-alice/);
  });
});

describe('what leaves the API', () => {
  it('never carries a task token in any response', () => {
    expect(h.responses.filter((response) => response.body.includes(TOKEN_MARK))).toEqual([]);
  });
});

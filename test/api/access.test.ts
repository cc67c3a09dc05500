import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { ALICE, AUDITOR, CAROL, DSL, HEAD, OFFICE, SLT } from '../support/actors';
import { apiEvent, claimsFor } from '../support/api-events';
import { driveVisit, startApiHarness, TOKEN_MARK, type ApiHarness } from '../support/api-harness';
import { uniqueId } from '../support/ids';
import { visitDetails } from '../support/scenario';

const ADMIN: Actor = { userId: 'admin-ade', role: 'admin' };

let h: ApiHarness;
let visitId: string;
beforeAll(async () => {
  h = await startApiHarness();
  visitId = await driveVisit(h, 'travelling');
});
afterAll(async () => {
  await h.stop();
});

describe('identity from the Cognito authorizer claims', () => {
  const withClaims = (claims: Record<string, string> | null, headers: Record<string, string> = {}) =>
    h.api.route(apiEvent({ method: 'GET', path: `/visits/${visitId}`, claims, headers }));

  it('answers 401 with no authorizer, no claims, or no subject', async () => {
    const { sub: _sub, ...noSubject } = claimsFor(OFFICE);
    for (const claims of [null, {}, noSubject]) {
      expect((await withClaims(claims)).statusCode).toBe(401);
    }
  });

  it('answers 403 no-recognised-role when no group is a role here', async () => {
    const reply = await withClaims(claimsFor(OFFICE, 'parents,governors'));

    expect(reply.statusCode).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ error: 'forbidden', rule: 'no-recognised-role' });
  });

  it.each(['office', '[office]', '[governors office]', 'governors,office', 'governors, office'])('reads groups given as %j', async (groups) => {
    expect((await withClaims(claimsFor(OFFICE, groups))).statusCode).toBe(200);
  });

  it('acts in the role named by X-Acting-Role, among the caller\'s own groups', async () => {
    const dslOnVisit = uniqueId('visit');
    const dslStaff = { userId: DSL.userId, name: 'Dev Lead' };
    await h.call(ALICE, 'POST', '/visits', { visitId: dslOnVisit, details: { ...visitDetails('hunsbury-park'), staff: [{ userId: ALICE.userId, name: 'Alice Officer' }, dslStaff] } });
    const asDsl = (headers: Record<string, string>) =>
      h.api.route(apiEvent({ method: 'POST', path: `/visits/${dslOnVisit}/raise-concern`, body: { summary: 'x' }, claims: claimsFor(DSL, '[dsl staff]'), headers }));

    const concernAsStaff = await asDsl({ 'X-Acting-Role': 'staff' });
    const historyAsStaff = await h.api.route(
      apiEvent({ method: 'GET', path: `/visits/${dslOnVisit}/history`, claims: claimsFor(DSL, '[dsl staff]'), headers: { 'X-Acting-Role': 'staff' } }),
    );
    const historyAsDsl = await h.api.route(apiEvent({ method: 'GET', path: `/visits/${dslOnVisit}/history`, claims: claimsFor(DSL, '[dsl staff]') }));
    const notHeld = await asDsl({ 'X-Acting-Role': 'admin' });

    // As staff the visit has not started, so the concern is refused for its state, not its role.
    expect(JSON.parse(concernAsStaff.body).rule).toBe('visit-not-started');
    expect(historyAsStaff.statusCode).toBe(403);
    expect(JSON.parse(historyAsStaff.body).rule).toBe('history-readers');
    // As DSL the route lets her in, but the record of a visit she is on is not hers to read.
    expect(historyAsDsl.statusCode).toBe(403);
    expect(JSON.parse(historyAsDsl.body).rule).toBe('not-on-the-visit');
    expect(notHeld.statusCode).toBe(403);
    expect(JSON.parse(notHeld.body).rule).toBe('acting-role-not-held');
  });
});

describe('route-level role rules', () => {
  it('auditors cannot act or request: 403 auditors-read-only, nothing written', async () => {
    const before = await h.streamLength(visitId);

    const act = await h.call(AUDITOR, 'POST', `/visits/${visitId}/check-in`, {});
    const start = await h.call(AUDITOR, 'POST', '/visits', { visitId: uniqueId('visit'), details: visitDetails('hunsbury-park') });

    expect(act.status).toBe(403);
    expect(act.body).toMatchObject({ error: 'forbidden', rule: 'auditors-read-only' });
    expect(start.status).toBe(403);
    expect(await h.streamLength(visitId)).toBe(before);
  });

  it('auditors read the visit and its history', async () => {
    expect((await h.call(AUDITOR, 'GET', `/visits/${visitId}`)).status).toBe(200);
    expect((await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`)).status).toBe(200);
  });

  it('staff not assigned to the visit can neither read it nor act on it', async () => {
    const before = await h.streamLength(visitId);

    const read = await h.call(CAROL, 'GET', `/visits/${visitId}`);
    const report = await h.call(CAROL, 'GET', `/visits/${visitId}/report`);
    await h.arm(visitId);
    const act = await h.call(CAROL, 'POST', `/visits/${visitId}/arrive`, {});

    expect(read.status).toBe(403);
    expect(read.body.rule).toBe('assigned-staff-only');
    expect(report.status).toBe(403);
    expect(act.status).toBe(403);
    expect(act.body.rule).toBe('assigned-staff-only');
    expect(await h.streamLength(visitId)).toBe(before);
  });

  it('assigned staff and every office role read the visit', async () => {
    for (const actor of [ALICE, OFFICE, DSL, SLT, HEAD, ADMIN, AUDITOR]) {
      expect((await h.call(actor, 'GET', `/visits/${visitId}`)).status, actor.role).toBe(200);
    }
  });

  it('only the auditor, DSL, headteacher and admin read the history', async () => {
    for (const actor of [AUDITOR, DSL, HEAD, ADMIN]) {
      expect((await h.call(actor, 'GET', `/visits/${visitId}/history`)).status, actor.role).toBe(200);
    }
    for (const actor of [ALICE, OFFICE, SLT]) {
      const reply = await h.call(actor, 'GET', `/visits/${visitId}/history`);
      expect(reply.status, actor.role).toBe(403);
      expect(reply.body.rule).toBe('history-readers');
    }
  });

  it('only the office, DSL, SLT, headteacher, admin and auditor read the board; staff read their own list', async () => {
    for (const actor of [OFFICE, DSL, SLT, HEAD, ADMIN, AUDITOR]) {
      expect((await h.call(actor, 'GET', '/visits?status=active')).status, actor.role).toBe(200);
    }
    const reply = await h.call(ALICE, 'GET', '/visits?status=active');
    expect(reply.status).toBe(403);
    expect(reply.body.rule).toBe('board-readers');
    expect((await h.call(ALICE, 'GET', '/me/visits')).status).toBe(200);
  });

  it('lets the auditor find filed visits on the board (?status=filed), and only those', async () => {
    const filed = await driveVisit(h, 'filed');
    const out = await driveVisit(h, 'travelling');
    await h.project(filed);
    await h.project(out);

    const reply = await h.call(AUDITOR, 'GET', '/visits?status=filed');

    expect(reply.status).toBe(200);
    const lines = reply.body.visits as Array<{ visitId: string; status: string }>;
    expect(lines.map((line) => line.visitId)).toContain(filed);
    expect(lines.map((line) => line.visitId)).not.toContain(out);
    expect(lines.every((line) => line.status === 'filed')).toBe(true);
  });
});

describe('the core\'s refusals, mapped', () => {
  it('nobody authorises a visit they will carry out: 403 authoriser-cannot-be-visitor', async () => {
    const id = uniqueId('visit');
    await h.call(ALICE, 'POST', '/visits', {
      visitId: id,
      details: { ...visitDetails('hunsbury-park'), staff: [{ userId: ALICE.userId, name: 'Alice Officer' }, { userId: HEAD.userId, name: 'Hana Head' }] },
    });
    await h.arm(id);

    const reply = await h.call(HEAD, 'POST', `/visits/${id}/authorise`, {});

    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ error: 'forbidden', rule: 'authoriser-cannot-be-visitor', message: expect.any(String) });
    expect(await h.streamLength(id)).toBe(1);
  });

  it('an office role the policy does not name cannot authorise: 403 authoriser-role', async () => {
    const id = await driveVisit(h, 'requested');
    await h.arm(id);

    const reply = await h.call(OFFICE, 'POST', `/visits/${id}/authorise`, {});

    expect(reply.status).toBe(403);
    expect(reply.body.rule).toBe('authoriser-role');
  });
});

describe('what leaves the API', () => {
  it('never carries a task token in any response', () => {
    expect(h.responses.filter((response) => response.body.includes(TOKEN_MARK))).toEqual([]);
  });
});

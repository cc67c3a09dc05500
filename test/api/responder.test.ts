import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisitView } from '../../functions/api/schemas';
import { ALICE, AUDITOR, DSL, OFFICE } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';

/**
 * GET /visits/{id} carries the responder view (the staff's mobiles, what to do, whom to call) for
 * the office's roles only: never for the staff on the visit, nor auditors.
 */

const MOBILE = '07700 900123';

let h: ApiHarness;
let visitId: string;
beforeAll(async () => {
  h = await startApiHarness();
  visitId = await driveVisit(h, 'in-home', {
    details: { staff: [{ userId: 'staff-alice', name: 'Alice Officer', mobile: MOBILE }, { userId: 'staff-bob', name: 'Bob Worker' }] },
  });
  await h.arm(visitId);
  expect((await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {})).status).toBe(200);
});
afterAll(async () => {
  await h.stop();
});

describe('the responder view over GET /visits/{id}', () => {
  it.each([
    ['the office', OFFICE],
    ['the DSL', DSL],
  ])('gives %s the staff’s mobiles and the panic’s instruction and contacts', async (_who, actor) => {
    const reply = await h.call(actor, 'GET', `/visits/${visitId}`);

    expect(reply.status).toBe(200);
    const body = VisitView.parse(reply.body);
    expect(body.responder?.staff[0]).toEqual({ name: 'Alice Officer', mobile: MOBILE });
    expect(body.responder?.alerts).toEqual([expect.objectContaining({ kind: 'panic', doNotPhoneOpenly: false, contacts: [expect.objectContaining({ contact: '999' })] })]);
  });

  it.each([
    ['the staff on the visit', ALICE],
    ['an auditor', AUDITOR],
  ])('gives %s no responder view and no mobile anywhere', async (_who, actor) => {
    const reply = await h.call(actor, 'GET', `/visits/${visitId}`);

    expect(reply.status).toBe(200);
    expect(VisitView.parse(reply.body).responder).toBeUndefined();
    expect(JSON.stringify(reply.body)).not.toContain(MOBILE);
  });
});

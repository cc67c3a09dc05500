import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HmacVisitPassKey } from '../../functions/adapters/hmac-visit-pass-key';
import { issuePass, passExpiry, passHolder, PASS_SCHEME } from '../../functions/api/visit-pass';
import { ALICE, AUDITOR, CAROL, OFFICE } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { uniqueId } from '../support/ids';

/**
 * Issue 20, item 1: a call for help is never refused for want of a session. A member of staff signed
 * in is given a visit pass for their visit; with it, and no sign-in at all, they can still call for
 * help, check in and say they are back on that visit, and nothing else anywhere.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

const withPass = (pass: string, extra: Record<string, string> = {}) => ({ authorization: `${PASS_SCHEME} ${pass}`, ...extra });

async function passFor(visitId: string): Promise<string> {
  const reply = await h.call(ALICE, 'POST', `/me/visits/${visitId}/pass`);
  expect(reply.status).toBe(200);
  return reply.body.pass as string;
}

describe('issuing a visit pass', () => {
  it('is for the assigned member of staff alone, and names the visit, the three actions and an expiry after the expected return', async () => {
    const visitId = await driveVisit(h, 'travelling');
    const mine = await h.call(ALICE, 'POST', `/me/visits/${visitId}/pass`);
    const notOnIt = await h.call(CAROL, 'POST', `/me/visits/${visitId}/pass`);
    const office = await h.call(OFFICE, 'POST', `/me/visits/${visitId}/pass`);
    const auditor = await h.call(AUDITOR, 'POST', `/me/visits/${visitId}/pass`);

    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ visitId, actions: ['panic', 'check-in', 'return'] });
    const visit = await h.visit(visitId);
    expect(Date.parse(mine.body.expiresAt)).toBeGreaterThan(Date.parse(visit.details.expectedReturnAt));
    expect([notOnIt.status, notOnIt.body.rule]).toEqual([403, 'assigned-staff-only']);
    expect([office.status, office.body.rule]).toEqual([403, 'visit-pass-for-staff']);
    expect([auditor.status, auditor.body.rule]).toEqual([403, 'visit-pass-for-staff']);
  });

  it('is refused once the staff are back: the visit needs none', async () => {
    const visitId = await driveVisit(h, 'returned');
    const reply = await h.call(ALICE, 'POST', `/me/visits/${visitId}/pass`);
    expect([reply.status, reply.body.rule]).toEqual([403, 'visit-over']);
  });
});

describe('acting with a visit pass and no sign-in', () => {
  it('calls for help: recorded as the member of staff, and the office is alerted at once', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const pass = await passFor(visitId);
    const before = h.alerts.published.length;

    const reply = await h.call(null, 'POST', `/pass/visits/${visitId}/panic`, {}, withPass(pass, { 'Idempotency-Key': uniqueId('panic') }));

    expect(reply.status).toBe(200);
    expect(reply.body.events).toEqual(['PanicRaised']);
    const last = (await h.store.read(visitId)).at(-1)!;
    expect(last.type).toBe('PanicRaised');
    expect(last.meta.actor).toMatchObject({ userId: ALICE.userId, role: 'staff' });
    expect(h.alerts.published.slice(before)).toEqual([expect.objectContaining({ kind: 'panic', severity: 'critical', visitId })]);
  });

  it('checks in and says they are back, each under its Idempotency-Key: the same key by pass and by sign-in records once', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const pass = await passFor(visitId);
    const key = uniqueId('check-in');
    const before = await h.streamLength(visitId);

    const byPass = await h.call(null, 'POST', `/pass/visits/${visitId}/check-in`, { note: 'all fine' }, withPass(pass, { 'Idempotency-Key': key }));
    const bySignIn = await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { note: 'all fine' }, { 'Idempotency-Key': key });

    expect(byPass.status).toBe(200);
    expect(bySignIn.status).toBe(200);
    expect((await h.store.read(visitId)).slice(before).map((event) => event.type)).toEqual(['CheckedIn']);

    const leftHome = await driveVisit(h, 'returning');
    const returnPass = await passFor(leftHome);
    await h.arm(leftHome);
    const back = await h.call(null, 'POST', `/pass/visits/${leftHome}/return`, {}, withPass(returnPass));
    expect([back.status, (await h.visit(leftHome)).status]).toEqual([200, 'returned']);
  });

  it('opens nothing else: another action, another visit, a tampered or expired pass, or a bearer token in its place', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const other = await driveVisit(h, 'in-home');
    const pass = await passFor(visitId);
    const [header, payload, mac] = pass.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, visitId: other })).toString('base64url')}.${mac}`;
    const before = { mine: await h.streamLength(visitId), other: await h.streamLength(other) };

    const leave = await h.call(null, 'POST', `/pass/visits/${visitId}/leave`, { confirmations: {} }, withPass(pass));
    const elsewhere = await h.call(null, 'POST', `/pass/visits/${other}/panic`, {}, withPass(pass));
    const tampered = await h.call(null, 'POST', `/pass/visits/${other}/panic`, {}, withPass(forged));
    const none = await h.call(null, 'POST', `/pass/visits/${visitId}/panic`, {});
    const asBearer = await h.call(null, 'POST', `/visits/${visitId}/panic`, {}, { authorization: `Bearer ${pass}` });

    expect([leave.status, leave.body.issues?.[0]?.path]).toEqual([400, 'action']);
    expect([elsewhere.status, elsewhere.body.message]).toEqual([401, 'the visit pass is for another visit']);
    expect([tampered.status, tampered.body.message]).toEqual([401, 'the visit pass is not valid']);
    expect(none.status).toBe(401);
    expect(asBearer.status).toBe(401);
    expect({ mine: await h.streamLength(visitId), other: await h.streamLength(other) }).toEqual(before);
  });

  it('expires: after the expected return plus its margin it is refused and nothing is written', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const key = new HmacVisitPassKey();
    const visit = await h.visit(visitId);
    const now = new Date(h.clock.current);
    const issued = await issuePass(key, ALICE, visit, now);
    const expires = passExpiry(visit, now);

    await expect(passHolder(key, `${PASS_SCHEME} ${issued.pass}`, visitId, 'panic', new Date(expires.getTime() - 1000))).resolves.toMatchObject({ userId: ALICE.userId });
    await expect(passHolder(key, `${PASS_SCHEME} ${issued.pass}`, visitId, 'panic', expires)).rejects.toMatchObject({ statusCode: 401, body: { message: 'the visit pass has expired: sign in again' } });
    await expect(passHolder(new HmacVisitPassKey(), `${PASS_SCHEME} ${issued.pass}`, visitId, 'panic', now)).rejects.toMatchObject({ statusCode: 401 });
  });
});

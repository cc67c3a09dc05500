import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardSummary } from '../../functions/core/board';
import { MyVisits } from '../../functions/api/schemas';
import { DEMO_DURESS_CODE } from '../../local/auth';
import { ALICE, AUDITOR, BOB, CAROL, DSL, OFFICE } from '../support/actors';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { rewriteStoredEvent } from '../support/stored-items';

/**
 * GET /me/visits: the staff phone page's list. The caller's own visits that are active or planned
 * for today (the API's clock, the school's zone), newest appointment first, each line built as its
 * staff read the visit. The harness clock stands at Monday 23 November 2026, 09:30.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

/** A visit planned on another day or at another time (the fixture's is 09:30 to 11:30 today). */
const plannedFor = (day: string, start: string, end: string) => ({
  appointmentAt: `${day}T${start}:00.000Z`,
  plannedStartAt: `${day}T${start}:00.000Z`,
  expectedReturnAt: `${day}T${end}:00.000Z`,
});
const BOB_ALONE = { staff: [{ userId: BOB.userId, name: 'Bob Worker' }] };

const ids = (reply: { body: { visits: BoardSummary[] } }) => reply.body.visits.map((line) => line.visitId);

describe('GET /me/visits', () => {
  it('lists the caller\'s visits that are active or planned for today, newest appointment first, and nobody else\'s', async () => {
    const morning = await driveVisit(h, 'in-home');
    const afternoon = await driveVisit(h, 'ready', { details: plannedFor('2026-11-23', '13:00', '14:30') });
    const filedToday = await driveVisit(h, 'filed');
    const stillOutSinceFriday = await driveVisit(h, 'travelling', { details: plannedFor('2026-11-20', '13:00', '14:30') });
    const filedFriday = await driveVisit(h, 'filed', { details: plannedFor('2026-11-20', '10:00', '11:30') });
    const bobsAlone = await driveVisit(h, 'in-home', { staff: BOB, details: BOB_ALONE });

    const alice = await h.call(ALICE, 'GET', '/me/visits');
    const bob = await h.call(BOB, 'GET', '/me/visits');
    const carol = await h.call(CAROL, 'GET', '/me/visits');

    expect(alice.status).toBe(200);
    MyVisits.parse(alice.body);
    const mine = ids(alice).filter((id) => [morning, afternoon, filedToday, stillOutSinceFriday, filedFriday, bobsAlone].includes(id));
    // 13:00 today, then the two at 09:30 (by id), then Friday's, still out; not Friday's filed one, nor Bob's.
    expect(mine).toEqual([afternoon, ...[morning, filedToday].sort((a, b) => a.localeCompare(b)), stillOutSinceFriday]);
    expect(ids(bob)).toEqual(expect.arrayContaining([morning, afternoon, bobsAlone]));
    expect(carol).toMatchObject({ status: 200, body: { visits: [] } });
  });

  it('gives each line what the phone acts on: the staff ids, the planned visit and the open alerts, never the pupil or the address', async () => {
    const visitId = await driveVisit(h, 'in-home');
    await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {});

    const reply = await h.call(ALICE, 'GET', '/me/visits');

    const line = reply.body.visits.find((candidate: BoardSummary) => candidate.visitId === visitId);
    expect(line).toMatchObject({
      staffIds: ['staff-alice', 'staff-bob'],
      appointment: { start: '2026-11-23T09:30:00.000Z', end: '2026-11-23T11:30:00.000Z' },
      status: 'in-home',
      openAlerts: 1,
      alerts: [expect.objectContaining({ kind: 'panic', level: 0 })],
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/Sam Pupil|Example Road/);
  });

  it('builds each line from the staff view: a duress alert, and the wait it alone causes, never show', async () => {
    const visitId = await driveVisit(h, 'in-home');
    await h.arm(visitId);
    expect(await h.call(ALICE, 'POST', `/visits/${visitId}/check-in`, { code: DEMO_DURESS_CODE })).toMatchObject({ status: 200 });
    for (const action of ['leave', 'return'] as const) {
      await h.arm(visitId);
      expect(await h.call(ALICE, 'POST', `/visits/${visitId}/${action}`, action === 'leave' ? { notes: { signatures: { parent: true, officer: true } } } : {})).toMatchObject({ status: 200 });
    }

    const office = await h.call(OFFICE, 'GET', `/visits/${visitId}`);
    const mine = await h.call(ALICE, 'GET', '/me/visits');

    // The office sees the open duress alert and the visit waiting for a person to resolve it ...
    expect(office.body.summary).toMatchObject({ stage: 'awaiting-acknowledgement', active: true, openAlerts: 1, alerts: [expect.objectContaining({ kind: 'duress' })] });
    // ... the phone sees what a visit without it shows once back: closed at once, its report filed (issue 20, item 4).
    const line = mine.body.visits.find((candidate: BoardSummary) => candidate.visitId === visitId);
    expect(line).toMatchObject({ status: 'filed', stage: 'finished', active: false, openAlerts: 0, escalationLevel: 0, alerts: [] });
    expect(line.nextDeadline).toBeUndefined();
  });

  it('shows a visit whose record is damaged as far as it still reads, flagged, and the caller\'s other visits as ever', async () => {
    const damaged = await driveVisit(h, 'ready');
    const other = await driveVisit(h, 'travelling');
    await rewriteStoredEvent(h.eventTable, damaged, 2, (event) => ({ ...event, type: 'VisitAuthorized' }));

    const reply = await h.call(ALICE, 'GET', '/me/visits');

    expect(reply.status).toBe(200);
    const line = reply.body.visits.find((candidate: BoardSummary) => candidate.visitId === damaged);
    expect(line).toMatchObject({ status: 'requested', version: 1, active: true, damaged: { version: 2 } });
    expect(ids(reply)).toContain(other);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', route: 'GET /me/visits', error: 'RecordUnreadableError', streamId: damaged, version: 2 }));
  });

  it('answers any authenticated caller (an auditor is on no visit), 401 without a token, 400 for a query it does not know', async () => {
    expect(await h.call(AUDITOR, 'GET', '/me/visits')).toMatchObject({ status: 200, body: { visits: [] } });
    expect((await h.call(null, 'GET', '/me/visits')).status).toBe(401);
    const bad = await h.call(ALICE, 'GET', '/me/visits?status=active');
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'query', message: expect.stringContaining('status') })]);
  });
});

describe('the office board for someone on the visit', () => {
  it('a DSL making a visit herself reads its line on the board as its staff do: no duress alert; the office reads it whole', async () => {
    const DSL_NAMED = { ...DSL, name: 'Dev Lead' };
    const visitId = await driveVisit(h, 'in-home', { staff: DSL_NAMED, details: { staff: [{ userId: DSL.userId, name: 'Dev Lead' }] } });
    await h.arm(visitId);
    expect((await h.call(DSL_NAMED, 'POST', `/visits/${visitId}/check-in`, { code: DEMO_DURESS_CODE })).status).toBe(200);
    await h.project(visitId); // the workflow's Plan writes the line: the board holds the duress alert

    const lineFor = async (caller: typeof OFFICE) => ((await h.call(caller, 'GET', '/visits?status=active')).body.visits as BoardSummary[]).find((line) => line.visitId === visitId);
    const office = await lineFor(OFFICE);
    const dsl = await lineFor(DSL_NAMED);

    expect(office?.alerts.map((alert) => alert.kind)).toEqual(['duress']);
    expect(dsl).toBeDefined();
    expect(dsl!.alerts).toEqual([]);
    expect(dsl!.openAlerts).toBe(0);
  });
});

describe('the full record is read by someone not on the visit', () => {
  it('a DSL who made the visit herself is refused its history (it holds her duress alert), naming the rule; another DSL-group reader is not', async () => {
    const DSL_NAMED = { ...DSL, name: 'Dev Lead' };
    const visitId = await driveVisit(h, 'in-home', { staff: DSL_NAMED, details: { staff: [{ userId: DSL.userId, name: 'Dev Lead' }] } });

    const own = await h.call(DSL_NAMED, 'GET', `/visits/${visitId}/history`);
    const auditor = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);

    expect(own).toMatchObject({ status: 403, body: { rule: 'not-on-the-visit' } });
    expect(auditor.status).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { buildReportBody } from '../../functions/core/report';
import { loadTrust } from '../../policies/load';
import { ALICE, BOB, HEAD } from '../support/actors';
import { expectRefused, Scenario, types, visitDetails } from '../support/scenario';

/**
 * A school added the way a newcomer would (README, "Adding a school"): its written policy
 * (docs/examples/oakfield-home-visit-policy.md) as a file under policies/schools/ in its own trust,
 * with no code change, and its rules enforced by the same core as the seed schools'.
 */
const oakfield = loadTrust('oakfield-federation').policies.get('oakfield-primary')!;
const details = (overrides: Parameters<typeof visitDetails>[1] = {}) =>
  visitDetails('oakfield-primary', {
    staff: [
      { userId: ALICE.userId, name: 'Alice Officer', mobile: '07700 900123' },
      { userId: BOB.userId, name: 'Bob Worker', mobile: '07700 900456', role: 'attendance-officer' },
    ],
    preVisitChecks: ['records-checked', 'parent-phoned'],
    carrying: ['id-badge', 'charged-phone'],
    ...overrides,
  });
const request = (overrides: Parameters<typeof visitDetails>[1] = {}) => {
  const s = new Scenario(oakfield);
  return { s, decision: s.act('request', { visitId: 'visit-0001', details: details(overrides) }) };
};

describe('Oakfield Primary, added as a policy file', () => {
  it('is a school of its trust, loaded and valid like any other', () => {
    expect(oakfield).toMatchObject({ schoolName: 'Oakfield Primary School', format: 2 });
  });

  it('§3: refuses a visit that would end after 17:00, and one on a Saturday', () => {
    expectRefused(request({ expectedReturnAt: '2026-11-23T17:30:00.000Z' }).decision, 'outside-school-day');
    expectRefused(request({ plannedStartAt: '2026-11-28T09:30:00.000Z', appointmentAt: '2026-11-28T10:00:00.000Z', expectedReturnAt: '2026-11-28T11:30:00.000Z' }).decision, 'outside-school-day');
  });

  it('§4: refuses a social visit, giving the policy\'s reason', () => {
    expect(request({ purpose: 'social' }).decision).toMatchObject({ ok: false, rule: 'purpose-forbidden', message: expect.stringContaining('we do not make social visits') });
  });

  it('§7: refuses a visit without the mobile numbers, the checks or the things to carry', () => {
    expectRefused(request({ staff: [{ userId: ALICE.userId, name: 'Alice Officer' }], loneVisitReason: 'Bob is on leave' }).decision, 'staff-mobile-required');
    expectRefused(request({ preVisitChecks: ['records-checked'] }).decision, 'pre-visit-checks');
    expectRefused(request({ carrying: ['id-badge'] }).decision, 'things-to-carry');
  });

  it('§6: a lone visit needs a reason', () => {
    expectRefused(request({ staff: [{ userId: ALICE.userId, name: 'Alice Officer', mobile: '07700 900123' }] }).decision, 'lone-visit-reason-required');
  });

  it('runs a visit end to end: authorised by the Headteacher, the office told on leaving and return, attested on leaving, filed on the MIS', () => {
    const { s, decision } = request();
    expect(types(decision)).toEqual(['VisitRequested']);
    s.authorised(HEAD).assessed();
    expect(types(s.act('depart', {}, ALICE))).toEqual(['Departed']);
    s.after(30).arrived();
    s.ok('enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] }, ALICE);
    expectRefused(s.act('leave', {}), 'leaving-attestations');
    s.ok('leave', { attestations: ['never-alone-with-child'] }, ALICE);
    s.ok('return', {}, ALICE);
    s.step('close', {});
    const report = buildReportBody(s.visitIn('closed'), oakfield);
    expect(report).toMatchObject({ recordSystem: "the school's MIS", categories: ['Home visit', 'Attendance'] });
    expect(report.checklists?.onLeaving).toEqual([{ id: 'never-alone-with-child', text: 'I was never alone with a child', required: true, done: true }]);
    expect(s.visit.cancelled).toBeUndefined();
  });
});

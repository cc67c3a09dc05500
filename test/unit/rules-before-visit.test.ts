import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { VisitDetails } from '../../functions/core/visit-details';
import { ALICE, AUDITOR, BOB, DSL, HEAD, OFFICE, SLT, WORKFLOW } from '../support/actors';
import { expectRefused, policyOf, scenario, types, visitDetails } from '../support/scenario';

/** Request a visit and return the decision and the scenario, so a test can check nothing was written. */
function requestAt(schoolId: string, overrides: Partial<VisitDetails> = {}, by: Actor = ALICE) {
  const s = scenario(schoolId);
  const decision = s.act('request', { visitId: 'visit-0001', details: visitDetails(schoolId, overrides) }, by);
  return { s, decision };
}

function expectRequestRefused(schoolId: string, overrides: Partial<VisitDetails>, rule: string, kind: 'conflict' | 'forbidden' = 'conflict') {
  const { s, decision } = requestAt(schoolId, overrides);
  expectRefused(decision, rule, kind);
  expect(s.history).toHaveLength(0);
  return decision;
}

function expectRequestAccepted(schoolId: string, overrides: Partial<VisitDetails>) {
  const { s, decision } = requestAt(schoolId, overrides);
  expect(decision).toMatchObject({ ok: true });
  expect(s.visit.status).toBe('requested');
  return s;
}

/** An unannounced visit has no arranged time. */
const unannounced = (reason?: VisitDetails['unannouncedReason']): Partial<VisitDetails> => ({
  kind: 'unannounced',
  appointmentAt: undefined,
  ...(reason ? { unannouncedReason: reason } : {}),
});

describe('visit request: who and what', () => {
  it('records the policy (school and version) that governs the visit', () => {
    const s = expectRequestAccepted('harrogate-high', {});
    expect(s.history[0]).toMatchObject({ type: 'VisitRequested', data: { policy: { schoolId: 'harrogate-high', version: '2021-01' } } });
  });

  it('refuses a request for one school decided under another school\'s policy', () => {
    const s = scenario('hunsbury-park');
    const decision = s.act('request', { visitId: 'visit-0001', details: visitDetails('wna') });
    expectRefused(decision, 'school-policy-mismatch');
    expect(s.history).toHaveLength(0);
  });

  it('refuses a second request under the same visit id', () => {
    const s = scenario('hunsbury-park').requested();
    expectRefused(s.act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park') }), 'visit-already-exists');
    expect(s.history).toHaveLength(1);
  });

  it('refuses a planned visit with no arranged time', () => {
    expectRequestRefused('hunsbury-park', { appointmentAt: undefined }, 'appointment-time-required');
  });

  it.each([
    ['before', '2026-11-23T09:00:00.000Z'],
    ['at', '2026-11-23T09:30:00.000Z'],
  ])('refuses an expected return %s the planned start', (_, expectedReturnAt) => {
    expectRequestRefused('hunsbury-park', { expectedReturnAt }, 'return-after-start');
  });

  it('refuses the same member of staff listed twice', () => {
    const alice = { userId: ALICE.userId, name: 'Alice Officer' };
    expectRequestRefused('hunsbury-park', { staff: [alice, { ...alice, name: 'Alice again' }] }, 'staff-listed-twice');
  });

  it('refuses a request from an auditor, who only reads', () => {
    const { s, decision } = requestAt('hunsbury-park', {}, AUDITOR);
    expectRefused(decision, 'auditors-read-only', 'forbidden');
    expect(s.history).toHaveLength(0);
  });

  it('refuses a request from the workflow itself: visits are asked for by people', () => {
    const { s, decision } = requestAt('hunsbury-park', {}, WORKFLOW);
    expectRefused(decision, 'requester-role', 'forbidden');
    expect(s.history).toHaveLength(0);
  });

  it.each([ALICE, OFFICE, DSL, SLT, HEAD])('accepts a request from $role', (actor) => {
    expect(requestAt('hunsbury-park', {}, actor).decision).toMatchObject({ ok: true });
  });
});

describe('unannounced visits (Harrogate §4.4; BCHS "there will be exceptions"; Hunsbury §2, WNA and 003: by appointment)', () => {
  it('Harrogate allows an unannounced visit for an attendance concern', () => {
    expectRequestAccepted('harrogate-high', unannounced('attendance-concern'));
  });

  it.each(['hunsbury-park', 'wna', 'learning-together-academy'])('%s refuses the same unannounced attendance visit', (schoolId) => {
    const decision = expectRequestRefused(schoolId, unannounced('attendance-concern'), 'unannounced-visit-not-allowed');
    expect(decision).toMatchObject({ message: expect.stringContaining('only by appointment') });
  });

  it('BCHS allows an unannounced welfare check but not one for attendance alone', () => {
    expectRequestAccepted('birchwood', unannounced('welfare-check'));
    const decision = expectRequestRefused('birchwood', unannounced('attendance-concern'), 'unannounced-visit-not-allowed');
    expect(decision).toMatchObject({ message: expect.stringContaining('welfare-check') });
  });

  it('Harrogate refuses an unannounced welfare check, which its policy does not provide for', () => {
    expectRequestRefused('harrogate-high', unannounced('welfare-check'), 'unannounced-visit-not-allowed');
  });

  it('refuses an unannounced visit that gives no reason, even where some reasons are allowed', () => {
    expectRequestRefused('harrogate-high', unannounced(), 'unannounced-visit-not-allowed');
  });

  it('treats an emergency visit like an unannounced one: BCHS allows it for safeguarding, Hunsbury does not', () => {
    const emergency: Partial<VisitDetails> = { kind: 'emergency', appointmentAt: undefined, unannouncedReason: 'safeguarding-concern' };
    expectRequestAccepted('birchwood', emergency);
    expectRequestRefused('hunsbury-park', emergency, 'unannounced-visit-not-allowed');
  });
});

describe('pre-visit checks (Harrogate §2.2 CPOMS and agencies; WNA "Check records … Communicate with other agencies … leave details"; BCHS "background information … Inform your line manager")', () => {
  const CHECKS = ['records-checked', 'other-agencies-consulted', 'line-manager-informed'];
  const REQUIRED: Record<string, string[]> = {
    'hunsbury-park': [],
    'learning-together-academy': [],
    'harrogate-high': ['records-checked', 'other-agencies-consulted'],
    birchwood: ['records-checked', 'line-manager-informed'],
    wna: ['records-checked', 'other-agencies-consulted', 'line-manager-informed'],
  };
  const cases = Object.entries(REQUIRED).flatMap(([schoolId, required]) =>
    CHECKS.map((check) => [schoolId, check, required.includes(check)] as const),
  );

  it.each(cases)('%s without %s: refused = %s', (schoolId, check, refused) => {
    const overrides = { preVisitChecks: CHECKS.filter((done) => done !== check) };
    if (refused) {
      const decision = expectRequestRefused(schoolId, overrides, 'pre-visit-checks');
      expect(decision).toMatchObject({ message: expect.stringContaining(check) });
    } else {
      expectRequestAccepted(schoolId, overrides);
    }
  });

  it('Hunsbury accepts a request with no checks done at all; its policy asks for none', () => {
    expectRequestAccepted('hunsbury-park', { preVisitChecks: [] });
  });

  it('still reads a request that names the three checks of format 1 (a client not yet upgraded)', () => {
    const legacy = { recordsChecked: true, otherAgenciesConsulted: true, lineManagerInformed: false } as unknown as string[];
    expectRequestRefused('wna', { preVisitChecks: VisitDetails.shape.preVisitChecks.parse(legacy) }, 'pre-visit-checks');
    expect(VisitDetails.shape.preVisitChecks.parse(legacy)).toEqual(['records-checked', 'other-agencies-consulted']);
  });

  it('names every missing check at once', () => {
    const decision = expectRequestRefused('wna', { preVisitChecks: ['line-manager-informed'] }, 'pre-visit-checks');
    expect(decision).toMatchObject({ message: expect.stringMatching(/records-checked.*other-agencies-consulted/) });
  });
});

describe('safe word (BCHS: "As a pair agree a code word … to be agreed and recorded")', () => {
  it('BCHS refuses a visit without an agreed code word', () => {
    expectRequestRefused('birchwood', { safeWordAgreed: false }, 'safe-word-required');
  });

  it('Hunsbury, whose policy is silent on a code word, accepts the same request', () => {
    expectRequestAccepted('hunsbury-park', { safeWordAgreed: false });
  });
});

describe('the school day (BCHS: "It is strongly recommended that no one makes an evening home visit"): the whole visit must fit', () => {
  /** A visit between two instants: plannedStartAt is leaving school, the appointment 15 minutes later. */
  const between = (startUtc: string, returnUtc: string): Partial<VisitDetails> => ({
    plannedStartAt: startUtc,
    appointmentAt: new Date(Date.parse(startUtc) + 15 * 60_000).toISOString(),
    expectedReturnAt: returnUtc,
  });
  const JUSTIFIED = { eveningJustification: 'Both parents work days; the pupil has missed three weeks.' };

  // November is GMT (UTC+0): 18:30Z is 18:30 in school.
  const NOVEMBER_EVENING = between('2026-11-23T18:30:00.000Z', '2026-11-23T19:30:00.000Z');
  // June is BST (UTC+1): 17:30Z is already 18:30 in school.
  const JUNE_EVENING = between('2026-06-15T17:30:00.000Z', '2026-06-15T18:30:00.000Z');

  it.each([
    ['a November 18:30 (GMT) start', NOVEMBER_EVENING],
    ['a June 18:30 BST start (17:30 UTC)', JUNE_EVENING],
  ])('BCHS refuses %s without a justification, naming the end of its school day', (_, times) => {
    const decision = expectRequestRefused('birchwood', times, 'outside-school-day-discouraged');
    expect(decision).toMatchObject({ message: expect.stringContaining('after 18:00') });
  });

  it.each([
    ['a November 18:30 (GMT) start', NOVEMBER_EVENING],
    ['a June 18:30 BST start (17:30 UTC)', JUNE_EVENING],
  ])('BCHS accepts %s with a justification for the authoriser', (_, times) => {
    const s = expectRequestAccepted('birchwood', { ...times, ...JUSTIFIED });
    expect(s.visit.details.eveningJustification).toBe(JUSTIFIED.eveningJustification);
  });

  it.each([
    ['a November 18:30 (GMT) start', NOVEMBER_EVENING],
    ['a June 18:30 BST start', JUNE_EVENING],
  ])('Hunsbury, whose policy allows visits outside its day, accepts %s without a justification', (_, times) => {
    expectRequestAccepted('hunsbury-park', times);
  });

  it.each([
    ['16:00–17:59 GMT in November', between('2026-11-23T16:00:00.000Z', '2026-11-23T17:59:00.000Z')],
    ['16:00–17:59 BST in June (15:00–16:59 UTC)', between('2026-06-15T15:00:00.000Z', '2026-06-15T16:59:00.000Z')],
  ])('BCHS accepts a visit from %s without a justification: it ends inside the school day', (_, times) => {
    expectRequestAccepted('birchwood', times);
  });

  it('BCHS refuses a visit that starts in the day but would end after 18:00: the end counts, not just the start', () => {
    const lateEnd = between('2026-11-23T16:30:00.000Z', '2026-11-23T18:30:00.000Z');
    const decision = expectRequestRefused('birchwood', lateEnd, 'outside-school-day-discouraged');
    expect(decision).toMatchObject({ message: expect.stringContaining('would end at 18:30') });
    expectRequestAccepted('birchwood', { ...lateEnd, ...JUSTIFIED });
  });

  it('a visit that would run past midnight is outside any school day', () => {
    const overnight = between('2026-11-23T16:30:00.000Z', '2026-11-24T01:00:00.000Z');
    expectRequestRefused('birchwood', overnight, 'outside-school-day-discouraged');
  });
});

describe('authorisation (BCHS: "MUST BE AUTHORISED BY THE SAFEGUARDING LEAD OR … SLT"; Harrogate appendix §1.2: the Assistant Headteacher)', () => {
  const authorisedBy = (schoolId: string, actor: Actor) => {
    const s = scenario(schoolId).requested();
    const decision = s.act('authorise', {}, actor);
    return { s, decision };
  };

  it.each([
    { schoolId: 'birchwood', actor: DSL, allowed: true },
    { schoolId: 'birchwood', actor: SLT, allowed: true },
    { schoolId: 'birchwood', actor: OFFICE, allowed: false },
    { schoolId: 'birchwood', actor: ALICE, allowed: false },
    { schoolId: 'harrogate-high', actor: SLT, allowed: true },
    { schoolId: 'harrogate-high', actor: DSL, allowed: false },
    { schoolId: 'harrogate-high', actor: HEAD, allowed: false },
    { schoolId: 'wna', actor: HEAD, allowed: true },
    { schoolId: 'wna', actor: SLT, allowed: false },
    { schoolId: 'wna', actor: DSL, allowed: false },
  ])('$schoolId: a $actor.role may authorise: $allowed', ({ schoolId, actor, allowed }) => {
    const { s, decision } = authorisedBy(schoolId, actor);
    if (allowed) {
      expect(types(decision)).toEqual(['VisitAuthorised']);
      expect(s.visit.status).toBe('authorised');
      expect(s.visit.authorised?.by).toEqual(actor);
    } else {
      expectRefused(decision, 'authoriser-role', 'forbidden');
      expect(s.history).toHaveLength(1);
      expect(s.visit.status).toBe('requested');
    }
  });

  it('the same DSL authorises at BCHS but is refused at Harrogate', () => {
    expect(authorisedBy('birchwood', DSL).decision).toMatchObject({ ok: true });
    expectRefused(authorisedBy('harrogate-high', DSL).decision, 'authoriser-role', 'forbidden');
  });

  it('names who may authorise in the refusal', () => {
    expect(authorisedBy('harrogate-high', DSL).decision).toMatchObject({ message: expect.stringContaining('only Assistant Headteacher may authorise') });
  });

  it('nobody authorises a visit they will carry out, even with an authorising role', () => {
    const s = scenario('birchwood').requested();
    // Alice is on the visit's staff list; here she signs in with her SLT role.
    const decision = s.act('authorise', {}, { userId: ALICE.userId, role: 'slt' });
    expectRefused(decision, 'authoriser-cannot-be-visitor', 'forbidden');
    expect(s.history).toHaveLength(1);
    expect(s.act('authorise', {}, { userId: 'slt-not-visiting', role: 'slt' })).toMatchObject({ ok: true });
  });

  it('nobody declines a visit they will carry out either', () => {
    const s = scenario('hunsbury-park').requested();
    expectRefused(s.act('decline', { reason: 'no' }, { userId: BOB.userId, role: 'headteacher' }), 'authoriser-cannot-be-visitor', 'forbidden');
    expect(s.history).toHaveLength(1);
  });

  it('refuses a second decision once the visit is authorised', () => {
    const s = scenario('hunsbury-park').requested().authorised(HEAD);
    expectRefused(s.act('authorise', {}, DSL), 'authorisation-already-decided');
    expectRefused(s.act('decline', { reason: 'changed my mind' }, DSL), 'authorisation-already-decided');
    expect(s.history).toHaveLength(2);
  });

  it('the risk assessment waits for authorisation and is the workflow\'s step, never a person\'s', () => {
    const s = scenario('hunsbury-park').requested();
    expectRefused(s.step('assess-risk', {}), 'authorisation-required');
    s.authorised(HEAD);
    expectRefused(s.run('assess-risk', {}, HEAD), 'workflow-only', 'forbidden');
    expect(s.history).toHaveLength(2);
  });

  it('a decline ends the visit: nobody departs, and it closes as declined', () => {
    const s = scenario('harrogate-high').requested();
    expect(types(s.act('decline', { reason: 'Contact by phone first.' }, SLT))).toEqual(['VisitDeclined']);
    expect(s.visit).toMatchObject({ status: 'ended', declined: { reason: 'Contact by phone first.' } });
    expectRefused(s.act('depart', {}), 'not-ready-to-depart');
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('declined');
  });

  it('only the school\'s authorisers may decline', () => {
    const s = scenario('wna').requested();
    expectRefused(s.act('decline', { reason: 'no' }, OFFICE), 'authoriser-role', 'forbidden');
    expect(s.history).toHaveLength(1);
  });

  it('the policies agree with the table above', () => {
    expect(policyOf('harrogate-high').duties.authorise).toEqual(['slt']);
    expect(policyOf('wna').duties.authorise).toEqual(['headteacher']);
  });
});

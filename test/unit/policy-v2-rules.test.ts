import { describe, expect, it } from 'vitest';
import { alertsFor, type AlertMessage } from '../../functions/core/alerts';
import { escalationDue } from '../../functions/core/deadlines';
import type { StoredVisitEvent } from '../../functions/core/events';
import type { Policy } from '../../functions/core/policy';
import { buildReportBody } from '../../functions/core/report';
import { withoutStaffContacts } from '../../functions/core/staff-view';
import { ALICE, BOB, DSL, HEAD, OFFICE } from '../support/actors';
import { policyVariant } from '../support/policy-variant';
import { expectRefused, policyOf, Scenario, types, visitDetails } from '../support/scenario';

/**
 * Policy format 2, rule by rule: each capability the old format could not say, stated as data in a
 * variant of a seed school's policy and shown enforced by the real decide/evolve (given / when / then).
 */

const hunsbury = policyOf('hunsbury-park');
const variant = (changes: Parameters<typeof policyVariant>[1]): Policy => policyVariant(hunsbury, changes);
const alone = { staff: [{ userId: ALICE.userId, name: 'Alice Officer' }] };

/** The alerts a scenario's latest decision publishes, as the outbox would be handed them. */
function published(s: Scenario, from: number): AlertMessage[] {
  const stored = s.history.map((event, index) => ({ ...event, version: index + 1, streamId: 'visit-0001', prevHash: '', hash: '' })) as unknown as StoredVisitEvent[];
  return alertsFor(stored.slice(from), s.visit, s.policy);
}

describe('roles: the school names its own, and says who may do what', () => {
  const dslVisits = variant({
    roles: { ...hunsbury.roles, dsl: { title: 'Designated Safeguarding Lead', groups: ['dsl'] } },
    duties: { ...hunsbury.duties, carryOut: ['dsl'], request: ['dsl', 'headteacher'] },
  });

  it('a school where the DSL makes visits herself: a visit by the DSL is accepted and she carries it out', () => {
    const s = new Scenario(dslVisits);
    s.ok('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', { staff: [{ userId: DSL.userId, name: 'Dev Lead', role: 'dsl' }] }) }, DSL);
    s.authorised(HEAD).assessed();
    expect(s.ok('depart', {}, DSL)).toEqual(['Departed']);
    expect(s.ok('check-in', {}, DSL)).toEqual(['CheckedIn']);
  });

  it('refuses to send someone in a role the policy does not send, naming who may go', () => {
    const s = new Scenario(dslVisits);
    const decision = s.act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', { staff: [{ userId: ALICE.userId, name: 'Alice Officer', role: 'staff' }] }) }, DSL);
    expectRefused(decision, 'carry-out-role');
    expect(decision).toMatchObject({ message: expect.stringContaining('Designated Safeguarding Lead') });
  });

  it('only the roles the policy lets request may request, and the refusal names them by the school\'s titles', () => {
    const s = new Scenario(dslVisits);
    const decision = s.act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park') }, ALICE);
    expectRefused(decision, 'requester-role', 'forbidden');
    expect(decision).toMatchObject({ message: expect.stringMatching(/Designated Safeguarding Lead or Headteacher/) });
    expect(s.history).toHaveLength(0);
  });

  it('only the staff on the visit or the roles the policy lets cancel may cancel it', () => {
    const headOnly = variant({ duties: { ...hunsbury.duties, cancel: ['headteacher'] } });
    const s = new Scenario(headOnly).requested().authorised(HEAD).assessed();
    expectRefused(s.act('cancel', { reason: 'staff-unavailable', detail: 'Off sick.' }, OFFICE), 'staff-or-office-only', 'forbidden');
    expect(types(s.act('cancel', { reason: 'staff-unavailable', detail: 'Off sick.' }, HEAD))).toEqual(['VisitCancelled']);
  });
});

describe('ordered fallbacks: "the DSL; if unavailable, SLT", not everyone at once', () => {
  const ladder = variant({
    concerns: {
      ladder: [
        { level: 1, afterMinutes: 0, notify: ['dsl'], instruction: 'Read the concern and act on it today.' },
        { level: 2, afterMinutes: 30, notify: ['slt'], instruction: 'The DSL has not taken this concern on: act on it as deputy.' },
      ],
    },
  });
  const concernRaised = () => {
    const s = new Scenario(ladder).requested().authorised(HEAD).assessed().departed().after(30).arrived().entered();
    const from = s.history.length;
    s.ok('raise-concern', { summary: 'Unexplained bruise on the pupil\'s arm.' }, ALICE);
    return { s, from };
  };

  it('tells the DSL first, and only the DSL', () => {
    const { s, from } = concernRaised();
    const [message] = published(s, from);
    expect(message).toMatchObject({ kind: 'safeguarding-concern', notify: ['dsl'], level: 1 });
    expect(s.visit.alerts).toEqual([expect.objectContaining({ kind: 'safeguarding-concern', level: 1 })]);
  });

  it('reaches SLT only after the DSL\'s 30 minutes pass unanswered', () => {
    const { s } = concernRaised();
    const alertId = s.visit.alerts[0]!.alertId;
    expect(escalationDue(s.visit, ladder)).toMatchObject({ alertId, level: 2, at: new Date(Date.parse(s.now) + 30 * 60_000).toISOString() });
    s.after(29);
    expectRefused(s.step('escalate', { alertId }), 'escalation-not-due');
    s.after(1);
    const from = s.history.length;
    expect(types(s.step('escalate', { alertId }))).toEqual(['AlertEscalated']);
    expect(published(s, from)).toEqual([expect.objectContaining({ kind: 'safeguarding-concern', notify: ['slt'], level: 2 })]);
  });

  it('never reaches SLT when the DSL takes it on in time', () => {
    const { s } = concernRaised();
    const alertId = s.visit.alerts[0]!.alertId;
    s.after(10).ok('acknowledge', { alertId, note: 'I have it.' }, DSL);
    s.after(30);
    expectRefused(s.step('escalate', { alertId }), 'alert-answered');
    expect(escalationDue(s.visit, ladder)).toBeUndefined();
  });

  it('a policy with one level tells its roles at once and opens no alert (format 1\'s behaviour)', () => {
    const s = new Scenario(hunsbury).requested().authorised(HEAD).assessed().departed().after(30).arrived().entered();
    s.ok('raise-concern', { summary: 'Unexplained bruise.' }, ALICE);
    expect(s.visit.alerts).toEqual([]);
  });
});

describe('recipients outside the school: who hears panic and duress, and what the alert says', () => {
  const withPolice = variant({
    recipients: {
      police: { title: 'Police', channel: 'phone', contact: '999', instruction: 'Call 999, give the address and say a member of staff is in danger.' },
    },
    alerts: {
      panic: { notify: ['office', 'dsl', 'police'], instruction: 'Phone them once; no answer: call the police now.' },
      duress: { notify: ['dsl', 'police'], instruction: 'Do not phone them. Call the police now.' },
    },
  });

  it('names the police, their number and what to do on a panic alert, and routes it to the roles the policy lists', () => {
    const s = new Scenario(withPolice).requested().authorised(HEAD).assessed().departed();
    const from = s.history.length;
    s.ok('panic', {}, ALICE);
    const [panic] = published(s, from);
    expect(panic).toMatchObject({ kind: 'panic', notify: ['office', 'dsl'], contacts: [{ title: 'Police', channel: 'phone', contact: '999' }] });
    expect(panic!.text).toContain('Phone them once; no answer: call the police now.');
    expect(panic!.text).toContain('Police (phone 999): Call 999');
  });

  it('gives duress its own audience and words', () => {
    const s = new Scenario(withPolice).requested().authorised(HEAD).assessed().departed();
    const from = s.history.length;
    s.ok('check-in', { duress: true }, ALICE);
    const [duress] = published(s, from);
    expect(duress).toMatchObject({ kind: 'duress', notify: ['dsl'] });
    expect(duress!.text).toContain('Do not phone them. Call the police now.');
  });
});

describe('the school day: the whole visit must fit its days and hours', () => {
  const weekdays = variant({ calendar: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', until: '16:00', outside: 'forbidden' } });
  const at = (start: string, end: string) => ({ plannedStartAt: start, appointmentAt: start, expectedReturnAt: end });

  it.each([
    ['a Saturday', at('2026-11-28T10:00:00.000Z', '2026-11-28T11:00:00.000Z'), /sat is not a day/],
    ['a start before 08:30', at('2026-11-23T08:00:00.000Z', '2026-11-23T09:00:00.000Z'), /start at 08:00, before 08:30/],
    ['an end after 16:00', at('2026-11-23T15:00:00.000Z', '2026-11-23T16:30:00.000Z'), /end at 16:30, after 16:00/],
  ])('refuses %s', (_, times, message) => {
    const decision = new Scenario(weekdays).act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', times) });
    expectRefused(decision, 'outside-school-day');
    expect(decision).toMatchObject({ message: expect.stringMatching(message) });
  });

  it('accepts a Monday visit from 09:30 to 11:30', () => {
    expect(types(new Scenario(weekdays).act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park') }))).toEqual(['VisitRequested']);
  });
});

describe('movement notices: who is told when staff leave school, arrive, leave the home and are back', () => {
  const notices = variant({ movements: { depart: ['headteacher'], arrive: [], leave: [], return: ['headteacher', 'office'] } });

  it('tells the headteacher on leaving school and on return, and nobody on arrival', () => {
    const s = new Scenario(notices).requested().authorised(HEAD).assessed();
    let from = s.history.length;
    s.departed();
    expect(published(s, from)).toEqual([expect.objectContaining({ kind: 'movement', notify: ['headteacher'], severity: 'info' })]);
    from = s.history.length;
    s.after(30).arrived();
    expect(published(s, from)).toEqual([]);
    s.ok('leave', {}, ALICE);
    from = s.history.length;
    s.ok('return', {}, ALICE);
    expect(published(s, from)).toEqual([expect.objectContaining({ kind: 'movement', notify: ['headteacher', 'office'] })]);
  });
});

describe('staff details the policy requires: for responders, nowhere else', () => {
  const mobiles = variant({ staffing: { ...hunsbury.staffing, mobile: 'required', vehicle: 'optional' } });
  const withMobiles = {
    staff: [
      { userId: ALICE.userId, name: 'Alice Officer', mobile: '07700 900123', vehicle: 'Blue Fiesta AB12 CDE' },
      { userId: BOB.userId, name: 'Bob Worker', mobile: '07700 900456' },
    ],
  };

  it('refuses a request without each visitor\'s mobile, naming who is missing one', () => {
    const decision = new Scenario(mobiles).act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park') });
    expectRefused(decision, 'staff-mobile-required');
    expect(decision).toMatchObject({ message: expect.stringContaining('Alice Officer and Bob Worker') });
  });

  it('puts the numbers and the vehicle in a panic alert, and takes them out of what anyone reads', () => {
    const s = new Scenario(mobiles);
    s.ok('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', withMobiles) }, ALICE);
    s.authorised(HEAD).assessed().departed();
    const from = s.history.length;
    s.ok('panic', {}, ALICE);
    expect(published(s, from)[0]!.text).toContain('Alice Officer: mobile 07700 900123, vehicle Blue Fiesta AB12 CDE; Bob Worker: mobile 07700 900456');
    expect(JSON.stringify(withoutStaffContacts(s.visit))).not.toMatch(/07700|Fiesta/);
  });

  it('leaves them out of the filed report', () => {
    const s = new Scenario(mobiles);
    s.ok('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', withMobiles) }, ALICE);
    s.authorised(HEAD).assessed().departed().after(30).arrived().entered();
    s.ok('leave', {}, ALICE);
    s.ok('return', {}, ALICE);
    s.step('close', {});
    expect(JSON.stringify(buildReportBody(s.visitIn('closed'), mobiles))).not.toMatch(/07700|Fiesta/);
  });
});

describe('pairs: always, when risk, where possible, or the authoriser decides', () => {
  it('"where possible": a lone visit needs a recorded reason', () => {
    const wherePossible = variant({ staffing: { ...hunsbury.staffing, pairs: 'where-possible' } });
    expectRefused(new Scenario(wherePossible).act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', alone) }), 'lone-visit-reason-required');
    const s = new Scenario(wherePossible);
    s.ok('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', { ...alone, loneVisitReason: 'Bob is on a course; the family know Alice.' }) }, ALICE);
    expect(s.visit.details.loneVisitReason).toContain('Bob is on a course');
  });

  it('"the authoriser decides": authorising needs the decision, and a pair decided on cannot go alone', () => {
    const decides = variant({ staffing: { ...hunsbury.staffing, pairs: 'authoriser-decides' } });
    const s = new Scenario(decides).requested(alone);
    expectRefused(s.act('authorise', {}, HEAD), 'pair-decision-required');
    const pairAlone = s.act('authorise', { pairRequired: true }, HEAD);
    expectRefused(pairAlone, 'pairs-required');
    expect(!pairAlone.ok && pairAlone.message).toContain('the authoriser decided this visit is made in a pair');
    s.ok('authorise', { pairRequired: false }, HEAD);
    expect(types(s.step('assess-risk', {}))).toEqual(['RiskAssessed']);
  });

  it('a pair visit goes in only when both are named at the door; either may then check in', () => {
    const s = new Scenario(policyOf('wna')).requested().authorised(HEAD).assessed().departed().after(30).arrived();
    const enter = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' as const }], invitedIn: true, animals: 'none' as const, unsafeIndicators: [] };
    const refused = s.act('enter', { ...enter, staffPresent: [ALICE.userId] });
    expectRefused(refused, 'pair-not-complete');
    expect(refused).toMatchObject({ message: expect.stringContaining('Bob Worker') });
    s.ok('enter', { ...enter, staffPresent: [ALICE.userId, BOB.userId] }, ALICE);
    expect(s.ok('check-in', {}, BOB)).toEqual(['CheckedIn']);
  });
});

describe('checklists as data: before, to carry, on leaving', () => {
  const lists = variant({
    checklists: {
      beforeVisit: [
        { id: 'parent-phoned', text: 'Parent phoned to arrange the visit', required: true },
        { id: 'letter-sent', text: 'Letter sent confirming the visit', required: false },
      ],
      toCarry: [{ id: 'id-badge', text: 'School ID badge', required: true }],
      onLeaving: [
        { id: 'rooms-used', text: 'Stayed in the rooms agreed with the family', required: true },
        { id: 'hospitality-declined', text: 'Declined food and drink', required: false },
      ],
    },
  });
  const request = (overrides: Parameters<typeof visitDetails>[1]) =>
    new Scenario(lists).act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', overrides) });

  it('refuses a request without a required check, naming it in the school\'s words', () => {
    const decision = request({ preVisitChecks: ['letter-sent'], carrying: ['id-badge'] });
    expectRefused(decision, 'pre-visit-checks');
    expect(decision).toMatchObject({ message: expect.stringContaining('Parent phoned to arrange the visit (parent-phoned)') });
  });

  it('refuses a check the policy does not list', () => {
    expectRefused(request({ preVisitChecks: ['parent-phoned', 'records-checked'], carrying: ['id-badge'] }), 'pre-visit-checks');
  });

  it('refuses a request when staff will not carry a required thing', () => {
    expectRefused(request({ preVisitChecks: ['parent-phoned'], carrying: [] }), 'things-to-carry');
  });

  it('asks for the leaving attestations once staff have been in, and records each in the report', () => {
    const s = new Scenario(lists);
    s.ok('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', { preVisitChecks: ['parent-phoned'], carrying: ['id-badge'] }) }, ALICE);
    s.authorised(HEAD).assessed().departed().after(30).arrived().entered();
    expectRefused(s.act('leave', { attestations: ['hospitality-declined'] }), 'leaving-attestations');
    s.ok('leave', { attestations: ['rooms-used'] }, ALICE);
    s.ok('return', {}, ALICE);
    s.step('close', {});
    const report = buildReportBody(s.visitIn('closed'), lists);
    expect(report.checklists).toEqual({
      beforeVisit: [
        { id: 'parent-phoned', text: 'Parent phoned to arrange the visit', required: true, done: true },
        { id: 'letter-sent', text: 'Letter sent confirming the visit', required: false, done: false },
      ],
      toCarry: [{ id: 'id-badge', text: 'School ID badge', required: true, done: true }],
      onLeaving: [
        { id: 'rooms-used', text: 'Stayed in the rooms agreed with the family', required: true, done: true },
        { id: 'hospitality-declined', text: 'Declined food and drink', required: false, done: false },
      ],
    });
  });
});

describe('per-school lists: purposes, the record system and its categories', () => {
  const lists = variant({
    purposes: {
      allowed: [{ id: 'attendance', title: 'Attendance', reportCategories: ['Attendance - home visit'] }],
      forbidden: [{ id: 'social', title: 'Social', reason: 'staff do not make social visits to families' }],
    },
    report: { ...hunsbury.report, system: 'MyConcern' },
  });

  it('refuses a forbidden purpose with the policy\'s reason, and a purpose it does not list', () => {
    const refuse = (purpose: string) => new Scenario(lists).act('request', { visitId: 'visit-0001', details: visitDetails('hunsbury-park', { purpose }) });
    const social = refuse('social');
    expectRefused(social, 'purpose-forbidden');
    expect(social).toMatchObject({ message: expect.stringContaining('staff do not make social visits') });
    expectRefused(refuse('welfare'), 'purpose-not-listed');
  });

  it('files under the record system and the categories the purpose names', () => {
    const s = new Scenario(lists).requested().authorised(HEAD).assessed().departed().after(30).arrived().entered();
    s.ok('leave', {}, ALICE);
    s.ok('return', {}, ALICE);
    s.step('close', {});
    expect(buildReportBody(s.visitIn('closed'), lists)).toMatchObject({ recordSystem: 'MyConcern', categories: ['Attendance - home visit'] });
  });
});

describe('the risk table as data', () => {
  const twoRisks = { riskFactors: { ...visitDetails('hunsbury-park').riskFactors, knownRisksInRecords: true, previousIncidents: true } };
  it('today\'s weights rate two known risks high, which Hunsbury does not visit', () => {
    expectRefused(new Scenario(hunsbury).requested(twoRisks).act('authorise', {}, HEAD), 'risk-do-not-visit');
    const s = new Scenario(hunsbury).requested(twoRisks).authorisedUnchecked(HEAD);
    expect(types(s.step('assess-risk', {}))).toEqual(['RiskAssessed', 'VisitCancelled']);
    expect(s.visit.risk).toMatchObject({ rating: 'high', outcome: 'do-not-visit' });
  });

  it('a school whose table counts a second member of staff as lowering the risk sends the pair', () => {
    const pairLowers = variant({ risk: { ...hunsbury.risk, pairLowersRating: true } });
    const s = new Scenario(pairLowers).requested(twoRisks).authorised(HEAD);
    expect(types(s.step('assess-risk', {}))).toEqual(['RiskAssessed']);
    expect(s.visit.risk).toMatchObject({ rating: 'medium', outcome: 'pairs-only' });
  });

  it('weights a factor the school does not count as nothing', () => {
    const noAnimals = variant({ risk: { ...hunsbury.risk, weights: { ...hunsbury.risk.weights, dangerousAnimals: 0 } } });
    const s = new Scenario(noAnimals).requested({ riskFactors: { ...visitDetails('hunsbury-park').riskFactors, animals: 'dangerous' } }).authorised(HEAD).assessed();
    expect(s.visit.risk).toMatchObject({ rating: 'low' });
  });
});

describe('cancellations for safety: which reasons, and who is told in writing', () => {
  it('a school that counts "no adult present" as a safety reason writes to its named role', () => {
    const strict = variant({ cancellation: { writtenNoticeTo: 'dsl', safetyReasons: ['unsafe', 'animals-not-secured', 'no-adult-present'] } });
    const s = new Scenario(strict).requested().authorised(HEAD).assessed().departed().after(30).arrived();
    const from = s.history.length;
    s.ok('cancel', { reason: 'no-adult-present', detail: 'Only the pupil was home.' }, ALICE);
    expect(s.visit.cancelled?.writtenNoticeTo).toEqual({ role: 'dsl', title: strict.roles.dsl!.title });
    expect(published(s, from)).toEqual([expect.objectContaining({ kind: 'unsafe-cancellation', notify: ['dsl'] })]);
  });
});

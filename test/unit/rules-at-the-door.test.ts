import { describe, expect, it } from 'vitest';
import type { CommandOf } from '../../functions/core/commands';
import { nextDeadline, nextDue, pendingDeadline } from '../../functions/core/deadlines';
import type { Person } from '../../functions/core/events';
import type { VisitDetails } from '../../functions/core/visit-details';
import { ALICE, AUDITOR, BOB, CAROL, HEAD, OFFICE, SLT } from '../support/actors';
import { expectRefused, policyOf, Scenario, scenario, types } from '../support/scenario';

/**
 * The fixture's visit: staff leave school at 09:30 (T0) for a 10:00 appointment. `atDoor` arrives
 * exactly at the arranged time unless told otherwise.
 */
const SCHOOLS = ['hunsbury-park', 'birchwood', 'harrogate-high', 'learning-together-academy', 'wna'] as const;

/** Harrogate's visits are authorised by the Assistant Headteacher (SLT) only; the others accept the headteacher. */
const authoriserFor = (schoolId: string) => (schoolId === 'harrogate-high' ? SLT : HEAD);

function ready(schoolId: string, overrides: Partial<VisitDetails> = {}): Scenario {
  return scenario(schoolId).requested(overrides).authorised(authoriserFor(schoolId)).assessed();
}

function atDoor(schoolId: string, { travelMinutes = 30, ...overrides }: Partial<VisitDetails> & { travelMinutes?: number } = {}): Scenario {
  return ready(schoolId, overrides).departed().after(travelMinutes).arrived();
}

const PARENT: Person = { name: 'Pat Parent', relationship: 'parent' };
const AUNT: Person = { name: 'Ann Aunt', relationship: 'responsible-adult' };
const PUPIL: Person = { name: 'Sam Pupil', relationship: 'pupil' };
const SIBLING: Person = { name: 'Kim Sibling', relationship: 'sibling' };

type EnterBody = CommandOf<'enter'>['body'];
const door = (overrides: Partial<EnterBody> = {}): EnterBody => ({
  peoplePresent: [PARENT],
  invitedIn: true,
  animals: 'none',
  unsafeIndicators: [],
  // The fixture's pair, both at the door (WNA visits only in pairs).
  staffPresent: ['staff-alice', 'staff-bob'],
  ...overrides,
});

/** Try a command that must be refused, and check that nothing was written. */
function expectRefusedAndNothingWritten(s: Scenario, run: () => ReturnType<Scenario['run']>, rule: string, kind: 'conflict' | 'forbidden' = 'conflict') {
  const before = s.history.length;
  const status = s.visit.status;
  expectRefused(run(), rule, kind);
  expect(s.history).toHaveLength(before);
  expect(s.visit.status).toBe(status);
}

describe('waiting for a parent who is not there (000 §4 "no longer than 20 minutes"; 003 §3.2 "no longer than 10 minutes")', () => {
  it('cancels at the academy 15 minutes after the arranged time, where Hunsbury still waits', () => {
    const academy = atDoor('learning-together-academy').after(15);
    const hunsbury = atDoor('hunsbury-park').after(15);

    const atAcademy = academy.step('deadline-passed', { kind: 'parent-arrival' });
    expect(types(atAcademy)).toEqual(['VisitCancelled']);
    expect(academy.visit.cancelled).toMatchObject({ reason: 'parent-no-show', rule: 'parent-no-show-wait', staffOut: true });
    expect(academy.visit.status).toBe('returning');

    expectRefusedAndNothingWritten(hunsbury, () => hunsbury.step('deadline-passed', { kind: 'parent-arrival' }), 'deadline-not-reached');
    hunsbury.after(6);
    expect(types(hunsbury.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
    expect(hunsbury.visit.cancelled).toMatchObject({ reason: 'parent-no-show', staffOut: true });
    expect(hunsbury.visit.status).toBe('returning');
  });

  it.each(SCHOOLS.map((schoolId) => [schoolId, policyOf(schoolId).arrival.parentNoShowMinutes] as const))(
    '%s waits %i minutes: a minute short is refused, the full wait cancels',
    (schoolId, minutes) => {
      const s = atDoor(schoolId).after(minutes - 1);
      expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'parent-arrival' }), 'deadline-not-reached');
      s.after(1);
      expect(types(s.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
      expect(s.visit.cancelled?.detail).toContain(`${minutes} minutes`);
    },
  );

  it('the workflow waits on the door deadline: the arranged time plus the school\'s wait', () => {
    expect(nextDeadline(atDoor('learning-together-academy').visit, policyOf('learning-together-academy'))).toEqual({
      kind: 'parent-arrival',
      at: '2026-11-23T10:10:00.000Z',
      rule: 'parent-no-show-wait',
    });
    expect(nextDeadline(atDoor('hunsbury-park').visit, policyOf('hunsbury-park'))?.at).toBe('2026-11-23T10:20:00.000Z');
  });

  it('still cancels a no-show on time when a missed check-in has already raised its alert at the door', () => {
    // Out at 09:30, at the door at 11:20 after a long journey: the check-in falls due at 11:30 and
    // the 20-minute wait for the parent ends at 11:40.
    const s = atDoor('hunsbury-park', { travelMinutes: 110 });
    s.after(11);
    expect(types(s.step('deadline-passed', { kind: 'check-in' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
    // The check-in deadline is behind us (its alert escalates at 11:56); the door deadline is next.
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'parent-arrival', at: '2026-11-23T11:40:00.000Z' });
    s.after(10);
    expect(pendingDeadline(s.visit, s.policy)?.kind).toBe('parent-arrival');
    expect(types(s.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
  });

  it('handles a check-in and a no-show falling due at the same minute: the alert, then the cancellation', () => {
    // Out at 09:30, at the door at 11:10: the check-in and the 20-minute wait both end at 11:30.
    const s = atDoor('hunsbury-park', { travelMinutes: 100 });
    s.after(20);
    expect(types(s.step('deadline-passed', { kind: 'check-in' }))).toEqual(['CheckInOverdue', 'AlertEscalated']);
    expect(pendingDeadline(s.visit, s.policy)).toMatchObject({ kind: 'parent-arrival', at: '2026-11-23T11:30:00.000Z' });
    expect(types(s.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
  });

  it('staff who arrive after the arranged time still get the full wait from their arrival', () => {
    // Arrive at 10:15 for a 10:00 appointment at the academy (10-minute wait).
    const s = atDoor('learning-together-academy', { travelMinutes: 45 });
    expect(nextDeadline(s.visit, s.policy)?.at).toBe('2026-11-23T10:25:00.000Z');
    s.after(5);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'parent-arrival' }), 'deadline-not-reached');
    s.after(5);
    expect(types(s.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
  });

  it('staff who arrive early wait until the arranged time plus the wait, not from their arrival', () => {
    // Arrive at 09:50 for 10:00 at the academy: the 10-minute wait runs from 10:00.
    const s = atDoor('learning-together-academy', { travelMinutes: 20 }).after(12);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'parent-arrival' }), 'deadline-not-reached');
    s.after(8);
    expect(types(s.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
  });

  it('has no door deadline once the family has let staff in', () => {
    const s = atDoor('learning-together-academy').entered().after(60);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'parent-arrival' }), 'no-such-deadline');
  });

  it('only the workflow may say a deadline has passed', () => {
    const s = atDoor('learning-together-academy').after(30);
    expectRefusedAndNothingWritten(s, () => s.run('deadline-passed', { kind: 'parent-arrival' }, ALICE), 'workflow-only', 'forbidden');
  });
});

describe('a parent running late (000 §4, 002 §4.3, 003 §3.3: "If they are over 30 minutes late the visit will be cancelled")', () => {
  it('cancels at once when the family say they will be 45 minutes late', () => {
    const s = atDoor('hunsbury-park');
    const decision = s.act('report-late', { expectedAt: '2026-11-23T10:45:00.000Z' }, ALICE);
    expect(types(decision)).toEqual(['ParentReportedLate', 'VisitCancelled']);
    expect(s.visit.cancelled).toMatchObject({ reason: 'parent-too-late', rule: 'max-lateness', staffOut: true });
    expect(s.visit.status).toBe('returning');
  });

  it('cancels before anyone leaves school when the office takes the call', () => {
    const s = ready('harrogate-high');
    expect(types(s.act('report-late', { expectedAt: '2026-11-23T10:31:00.000Z' }, OFFICE))).toEqual([
      'ParentReportedLate',
      'VisitCancelled',
    ]);
    expect(s.visit.cancelled).toMatchObject({ reason: 'parent-too-late', staffOut: false });
    expect(s.visit.status).toBe('ended');
  });

  it('keeps the visit when the family will be exactly 30 minutes late (not "over")', () => {
    const s = atDoor('hunsbury-park');
    expect(types(s.act('report-late', { expectedAt: '2026-11-23T10:30:00.000Z' }, ALICE))).toEqual(['ParentReportedLate']);
    expect(s.visit.status).toBe('at-door');
  });

  it('after notice, waits up to 30 minutes past the arranged time, then cancels when the door deadline passes', () => {
    // The academy would give up after 10 minutes without notice; with notice the family get 30.
    const s = atDoor('learning-together-academy');
    s.act('report-late', { expectedAt: '2026-11-23T10:20:00.000Z' }, ALICE);
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'parent-arrival', at: '2026-11-23T10:30:00.000Z', rule: 'max-lateness' });
    s.after(15);
    expectRefusedAndNothingWritten(s, () => s.step('deadline-passed', { kind: 'parent-arrival' }), 'deadline-not-reached');
    s.after(15);
    expect(types(s.step('deadline-passed', { kind: 'parent-arrival' }))).toEqual(['VisitCancelled']);
    expect(s.visit.cancelled).toMatchObject({ reason: 'parent-too-late', rule: 'max-lateness', staffOut: true });
  });

  it('does not enter while waiting for a late parent ("will not enter the residence until they arrive")', () => {
    const s = atDoor('hunsbury-park');
    s.act('report-late', { expectedAt: '2026-11-23T10:20:00.000Z' }, ALICE);
    expectRefusedAndNothingWritten(s, () => s.act('enter', door({ peoplePresent: [PUPIL] })), 'parent-must-be-present');
  });

  it('refuses a late notice from someone outside the visit and the office', () => {
    const s = atDoor('hunsbury-park');
    expectRefusedAndNothingWritten(
      s,
      () => s.act('report-late', { expectedAt: '2026-11-23T10:45:00.000Z' }, CAROL),
      'staff-or-office-only',
      'forbidden',
    );
  });
});

describe('who must be there to enter (000 §2 / 002 §2.5 "the parent is present"; WNA "If no adult is present, do not enter")', () => {
  it.each([
    ['hunsbury-park', 'parent-must-be-present'],
    ['harrogate-high', 'parent-must-be-present'],
    ['learning-together-academy', 'parent-must-be-present'],
    ['wna', 'enters'],
    ['birchwood', 'enters'],
  ] as const)('with only a responsible adult (no parent) at the door, %s: %s', (schoolId, rule) => {
    const s = atDoor(schoolId);
    if (rule !== 'enters') {
      expectRefusedAndNothingWritten(s, () => s.act('enter', door({ peoplePresent: [AUNT, PUPIL] })), rule);
    } else {
      expect(types(s.act('enter', door({ peoplePresent: [AUNT, PUPIL] })))).toEqual(['Entered']);
      expect(s.visit.entered?.peoplePresent).toEqual([AUNT, PUPIL]);
    }
  });

  it.each([
    ['wna', 'adult-must-be-present'],
    ['birchwood', 'adult-must-be-present'],
    ['hunsbury-park', 'parent-must-be-present'],
  ] as const)('with no adult at all (a pupil and a sibling), %s refuses: %s', (schoolId, rule) => {
    const s = atDoor(schoolId);
    expectRefusedAndNothingWritten(s, () => s.act('enter', door({ peoplePresent: [PUPIL, SIBLING] })), rule);
  });

  it('a carer counts as a parent', () => {
    const s = atDoor('harrogate-high');
    expect(types(s.act('enter', door({ peoplePresent: [{ name: 'Chris Carer', relationship: 'carer' }] })))).toEqual(['Entered']);
  });

  it('only the staff assigned to the visit may record entering the home', () => {
    const s = atDoor('hunsbury-park');
    expectRefusedAndNothingWritten(s, () => s.act('enter', door(), CAROL), 'assigned-staff-only', 'forbidden');
    expectRefusedAndNothingWritten(s, () => s.act('enter', door(), OFFICE), 'assigned-staff-only', 'forbidden');
    expect(types(s.act('enter', door(), BOB))).toEqual(['Entered']);
  });
});

describe('waiting to be invited in (BCHS "Do not enter … unless invited in by a responsible adult"; WNA "wait to be invited into the home")', () => {
  it.each([
    ['birchwood', true],
    ['wna', true],
    ['hunsbury-park', false],
    ['harrogate-high', false],
    ['learning-together-academy', false],
  ] as const)('%s refuses to enter uninvited (must-be-invited-in): %s', (schoolId, refused) => {
    const s = atDoor(schoolId);
    if (refused) {
      expectRefusedAndNothingWritten(s, () => s.act('enter', door({ invitedIn: false })), 'must-be-invited-in');
    } else {
      expect(types(s.act('enter', door({ invitedIn: false })))).toEqual(['Entered']);
    }
  });
});

describe('appointments (Harrogate §2.5 "will not enter … unless an appointment has been made"; BCHS exceptions)', () => {
  it('Harrogate may call unannounced for attendance, but may not enter without an appointment', () => {
    const s = atDoor('harrogate-high', { kind: 'unannounced', unannouncedReason: 'attendance-concern', appointmentAt: undefined });
    expectRefusedAndNothingWritten(s, () => s.act('enter', door()), 'appointment-required');
  });

  it('BCHS may enter on an unannounced welfare visit when a responsible adult invites staff in', () => {
    const s = atDoor('birchwood', { kind: 'unannounced', unannouncedReason: 'welfare-check', appointmentAt: undefined });
    expect(types(s.act('enter', door({ peoplePresent: [AUNT] })))).toEqual(['Entered']);
    expect(s.visit.status).toBe('in-home');
  });

  it('an unannounced visit waits for the family from the staff\'s arrival', () => {
    const s = atDoor('birchwood', { kind: 'unannounced', unannouncedReason: 'welfare-check', appointmentAt: undefined });
    expect(nextDeadline(s.visit, s.policy)?.at).toBe('2026-11-23T10:20:00.000Z');
  });
});

describe('animals (000 §4, 002 §4.7, 003 §3.6 "request that they are kept in a separate room … the visit will be cancelled")', () => {
  // WNA's protocol is silent on animals; its data applies the trust default (true, cited as such).
  it.each(SCHOOLS)('%s refuses entry while a dangerous animal is not secured', (schoolId) => {
    expect(policyOf(schoolId).entry.animalsMustBeSecured).toBe(true);
    const s = atDoor(schoolId);
    expectRefusedAndNothingWritten(s, () => s.act('enter', door({ animals: 'not-secured' })), 'animals-must-be-secured');
    expect(types(s.act('enter', door({ animals: 'secured' })))).toEqual(['Entered']);
  });

  it('follows the data: a policy that does not require animals to be secured lets staff in', () => {
    const wna = policyOf('wna');
    const s = new Scenario({ ...wna, entry: { ...wna.entry, animalsMustBeSecured: false } })
      .requested()
      .authorised(HEAD)
      .assessed()
      .departed()
      .arrived();
    expect(types(s.act('enter', door({ animals: 'not-secured' })))).toEqual(['Entered']);
  });

  it('Hunsbury: a cancellation because animals are not secured goes to the headteacher in writing', () => {
    const s = atDoor('hunsbury-park');
    s.act('cancel', { reason: 'animals-not-secured', detail: 'The dog could not be shut away.' });
    expect(s.visit.cancelled).toMatchObject({
      reason: 'animals-not-secured',
      writtenNoticeTo: { role: 'headteacher', title: 'Headteacher' },
      staffOut: true,
    });
  });
});

describe('feeling unsafe (000 §4 "will not enter … should they feel unsafe"; 002 §4.6 unexpected adults, alcohol, drugs, intoxication)', () => {
  const INDICATORS: string[] = ['unexpected-adults', 'alcohol', 'illegal-drugs', 'intoxication', 'threatening-behaviour', 'feels-unsafe'];

  it.each(INDICATORS)('refuses entry at every school when staff note %s, even when a parent invites them in', (indicator) => {
    for (const schoolId of SCHOOLS) {
      const s = atDoor(schoolId);
      expectRefusedAndNothingWritten(s, () => s.act('enter', door({ unsafeIndicators: [indicator] })), 'unsafe-do-not-enter');
    }
  });

  it.each([
    ['hunsbury-park', 'headteacher', 'Headteacher'],
    ['harrogate-high', 'slt', 'Assistant Headteacher'],
    ['birchwood', 'dsl', 'Designated Safeguarding Lead'],
    ['learning-together-academy', 'headteacher', 'Head Teacher'],
    ['wna', 'headteacher', 'Headteacher'],
  ] as const)('%s: cancelling as unsafe sends the reason in writing to the %s (%s)', (schoolId, role, title) => {
    const s = atDoor(schoolId);
    const decision = s.act('cancel', { reason: 'unsafe', detail: 'Shouting inside; an adult threatened us.', unsafeIndicators: ['threatening-behaviour'] });
    expect(types(decision)).toEqual(['VisitCancelled']);
    expect(s.visit.cancelled).toMatchObject({
      reason: 'unsafe',
      writtenNoticeTo: { role, title },
      unsafeIndicators: ['threatening-behaviour'],
      staffOut: true,
    });
    expect(s.visit.status).toBe('returning');
  });

  it.each([
    ['no indicators at all', undefined],
    ['an empty list', []],
  ] as const)('refuses an "unsafe" cancellation that gives %s', (_, unsafeIndicators) => {
    const s = atDoor('hunsbury-park');
    expectRefusedAndNothingWritten(
      s,
      () => s.act('cancel', { reason: 'unsafe', detail: 'felt wrong', ...(unsafeIndicators ? { unsafeIndicators: [...unsafeIndicators] } : {}) }),
      'unsafe-indicators-required',
    );
  });

  it('staff who feel unsafe once inside may cancel and must still return safely', () => {
    const s = atDoor('harrogate-high').entered();
    s.act('cancel', { reason: 'unsafe', detail: 'Another adult arrived, intoxicated.', unsafeIndicators: ['unexpected-adults', 'intoxication'] });
    expect(s.visit).toMatchObject({ status: 'returning', cancelled: { writtenNoticeTo: { role: 'slt' } } });
    expect(nextDeadline(s.visit, s.policy)?.kind).toBe('safe-return');
  });
});

describe('a family who decline the visit (WNA "Accept families\' rights not to want a home visit")', () => {
  it('cancels at the door without a written notice, and the visit closes as cancelled after the staff return', () => {
    const s = atDoor('wna');
    expect(types(s.act('cancel', { reason: 'family-declined', detail: 'Mum asked us to come back another day.' }))).toEqual(['VisitCancelled']);
    expect(s.visit.cancelled).toMatchObject({ reason: 'family-declined', staffOut: true });
    expect(s.visit.cancelled?.writtenNoticeTo).toBeUndefined();
    expectRefusedAndNothingWritten(s, () => s.step('close', {}), 'staff-not-back');
    s.after(20).ok('return', {}, ALICE);
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('cancelled');
  });

  it('cancelled by the office before anyone leaves, the visit ends at once and closes as not visited', () => {
    const s = ready('wna');
    s.act('cancel', { reason: 'family-declined', detail: 'Dad phoned: they do not want a visit.' }, OFFICE);
    expect(s.visit).toMatchObject({ status: 'ended', cancelled: { staffOut: false } });
    expectRefusedAndNothingWritten(s, () => s.act('depart', {}), 'not-ready-to-depart');
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(s.visit.closed?.outcome).toBe('not-visited');
  });

  it('refuses a cancellation from an auditor, or after the staff have left the home', () => {
    const s = atDoor('wna');
    expectRefusedAndNothingWritten(s, () => s.act('cancel', { reason: 'family-declined', detail: 'x' }, AUDITOR), 'auditors-read-only', 'forbidden');
    s.entered().ok('leave', {}, ALICE);
    expectRefusedAndNothingWritten(s, () => s.act('cancel', { reason: 'family-declined', detail: 'x' }), 'visit-already-ended');
  });
});

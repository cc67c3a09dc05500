import { describe, expect, it } from 'vitest';
import { addDays, isSchoolDay } from '../../functions/core/calendar';
import { PolicyV2, type Policy, type TermDates } from '../../functions/core/policy';
import { explainPolicy } from '../../functions/core/policy-explain';
import type { VisitDetails } from '../../functions/core/visit-details';
import { ALICE, HEAD } from '../support/actors';
import { policyVariant } from '../support/policy-variant';
import { expectRefused, policyOf, Scenario, visitDetails } from '../support/scenario';

/**
 * School days come from the school's term dates (calendar.termDates): a weekday in the holidays is
 * not one. Hunsbury's policy, made to forbid visits outside the school day, refuses a holiday visit;
 * without term dates (the default) every weekday of its school day counts, as before.
 */

const CHRISTMAS: TermDates = { holidays: [{ start: '2026-12-19', end: '2027-01-04' }] };
const AUTUMN_TERM: TermDates = { terms: [{ start: '2026-09-03', end: '2026-12-18' }] };

/** Hunsbury's policy, visits only in the school day. */
const HUNSBURY: Policy = { ...policyOf('hunsbury-park'), calendar: { ...policyOf('hunsbury-park').calendar, outside: 'forbidden' } };

/** That policy with term dates, cited as a school's file must cite them. */
function withTermDates(termDates: TermDates): Policy {
  const base = HUNSBURY;
  return PolicyV2.parse({ ...base, calendar: { ...base.calendar, termDates }, citations: { ...base.citations, 'calendar.termDates': 'Term dates 2026-27, as published' } });
}

/** A visit on `date`, 09:30–11:30 school time (GMT in winter). */
const on = (date: string): Partial<VisitDetails> => ({
  plannedStartAt: `${date}T09:30:00.000Z`,
  appointmentAt: `${date}T10:00:00.000Z`,
  expectedReturnAt: `${date}T11:30:00.000Z`,
});

const request = (policy: Policy, date: string) => {
  const s = new Scenario(policy);
  return { s, decision: s.run('request', { visitId: 'visit-0001', details: visitDetails(policy.schoolId, on(date)) }, ALICE) };
};

describe('term dates: a weekday in the holidays is not a school day', () => {
  it('given holidays over Christmas, when a visit is requested for Wednesday 23 December, then it is refused naming the school-day rule and the holiday', () => {
    const { s, decision } = request(withTermDates(CHRISTMAS), '2026-12-23');
    expectRefused(decision, 'outside-school-day');
    expect(decision).toMatchObject({ message: expect.stringContaining('2026-12-23 is in Hunsbury') });
    expect(s.history).toHaveLength(0);
  });

  it('given only the autumn term listed, when a visit is requested for a weekday after it ends, then it is refused as outside the terms', () => {
    const { decision } = request(withTermDates(AUTUMN_TERM), '2026-12-21');
    expectRefused(decision, 'outside-school-day');
    expect(decision).toMatchObject({ message: expect.stringContaining('2026-12-21 is outside') });
  });

  it.each([
    ['the Christmas holidays given', CHRISTMAS],
    ['the autumn term given', AUTUMN_TERM],
  ])('given %s, when a visit is requested for a term-time weekday, then it is accepted', (_, termDates) => {
    expect(request(withTermDates(termDates), '2026-12-16').decision).toMatchObject({ ok: true });
  });

  it('given no term dates (the cited default), when a visit is requested for 23 December, then it is accepted: every weekday counts', () => {
    expect(request(HUNSBURY, '2026-12-23').decision).toMatchObject({ ok: true });
    expect(explainPolicy(HUNSBURY)).toContain('home-visits default: no term dates given');
  });

  it('a school day is one of the school day\'s weekdays in term: a term-time Saturday is not one', () => {
    const policy = withTermDates(AUTUMN_TERM);
    expect(isSchoolDay('2026-12-16T10:00:00.000Z', policy)).toBe(true);
    expect(isSchoolDay('2026-12-12T10:00:00.000Z', policy)).toBe(false);
  });

  it('explain lists the terms and holidays with their citation', () => {
    const text = explainPolicy(withTermDates({ ...AUTUMN_TERM, ...CHRISTMAS }));
    expect(text).toContain('Term: 2026-09-03 to 2026-12-18');
    expect(text).toContain('Holiday: 2026-12-19 to 2027-01-04');
    expect(text).toContain('[Term dates 2026-27, as published]');
  });

  it('refuses term dates that give neither terms nor holidays, and a range that ends before it starts', () => {
    const base = HUNSBURY;
    const parse = (termDates: unknown) =>
      PolicyV2.safeParse({ ...base, calendar: { ...base.calendar, termDates }, citations: { ...base.citations, 'calendar.termDates': 'x' } }).error?.issues.map((issue) => issue.path.join('.'));
    expect(parse({})).toEqual(['calendar.termDates']);
    expect(parse({ terms: [{ start: '2026-12-18', end: '2026-09-03' }] })).toEqual(['calendar.termDates.terms.0.end']);
  });
});

describe('term dates: follow-ups count school days', () => {
  const FRIDAY_BEFORE_CHRISTMAS = '2026-12-18T12:00:00.000Z';

  it('given the Christmas holidays, 3 days after the last Friday of term is the third school day of the new term', () => {
    // Holidays 19 December to 4 January: Tue 5, Wed 6, Thu 7 January are the first three school days.
    expect(addDays(FRIDAY_BEFORE_CHRISTMAS, 3, withTermDates(CHRISTMAS))).toBe('2027-01-07T12:00:00.000Z');
  });

  it('given no term dates (the default), days are calendar days, as before', () => {
    expect(addDays(FRIDAY_BEFORE_CHRISTMAS, 3, HUNSBURY)).toBe('2026-12-21T12:00:00.000Z');
  });

  it('given a follow-up rule and the holidays, when the visit closes on the last day of term, then the follow-up falls due in the new term, and explain says school days', () => {
    const policy = policyVariant(withTermDates(CHRISTMAS), {
      followUps: [{ id: 'check-attendance', afterDays: 2, when: 'always', action: 'notify', notify: ['dsl'], text: 'Check attendance since the visit.' }],
    });
    const s = new Scenario(policy).requested(on('2026-12-18')).authorised(HEAD).assessed().departed().after(30).arrived().entered();
    s.ok('leave', { notes: { facts: [], agreements: [], followUpNeeded: false, signatures: { parent: true, officer: true } } }, ALICE);
    s.ok('return', {}, ALICE);
    s.now = FRIDAY_BEFORE_CHRISTMAS;
    s.step('close', {});
    expect(s.history.at(-1)).toMatchObject({ type: 'VisitClosed', data: { followUps: [{ id: 'check-attendance', dueAt: '2027-01-06T12:00:00.000Z' }] } });
    expect(explainPolicy(policy)).toContain('2 school days after, after every visit');
  });
});

import { describe, expect, it } from 'vitest';
import { alertsFor } from '../../functions/core/alerts';
import { isActive, isOpenLine, boardSummary } from '../../functions/core/board';
import { nextDue } from '../../functions/core/deadlines';
import type { StoredVisitEvent } from '../../functions/core/events';
import { PolicyV2, type Policy } from '../../functions/core/policy';
import { routeOf } from '../../functions/core/stages';
import { addMinutes } from '../../functions/core/time';
import { fold } from '../../functions/core/visit-state';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { buildReportBody } from '../../functions/core/report';
import { renderReportMarkdown } from '../../functions/core/report-markdown';
import { MAX_EXECUTION_AGE_SECONDS } from '../../functions/steps/steps';
import { loadTrust } from '../../policies/load';
import { memorySteps } from '../support/memory-steps';
import { ALICE, HEAD, OFFICE, SLT } from '../support/actors';
import { expectRefused, Scenario, T0, types } from '../support/scenario';
import { policyRegistry } from '../../functions/app/policy-registry';

/**
 * Timed rules after the visit (policy.followUps), given / when / then over the real decide and
 * evolve: which rules a closing visit schedules, when each falls due, and that one settled first is
 * never announced while one that falls due is recorded once and told to whoever its rule names.
 */

const DAY = 24 * 60;
const seed = loadTrust('sample-trust').policies.get('hunsbury-park')!;

type Rule = Policy['followUps'][number];
/**
 * A copy of the seed school's policy with these follow-up rules (and a local authority to tell, where
 * a rule tells it: the loader refuses a recipient no rule names), validated as a school's file is.
 */
function withFollowUps(...rules: Rule[]): Policy {
  const toldLocalAuthority = rules.some((rule) => rule.notify.includes('local-authority'));
  return PolicyV2.parse({
    ...seed,
    recipients: {
      ...seed.recipients,
      ...(toldLocalAuthority
        ? { 'local-authority': { title: 'Local authority attendance team', channel: 'email', contact: 'attendance@la.example', instruction: 'Email the attendance team the visit record.' } }
        : {}),
    },
    followUps: rules,
    citations: {
      ...seed.citations,
      ...(toldLocalAuthority ? { 'recipients.local-authority': 'test: the local authority is told after a month' } : {}),
      ...Object.fromEntries(rules.map((rule) => [`followUps.${rule.id}`, `test: ${rule.id}`])),
    },
  });
}

const agreementsKept: Rule = {
  id: 'agreements-kept',
  afterDays: 14,
  when: 'agreements-recorded',
  action: 'prompt-visit',
  notify: ['dsl', 'headteacher'],
  text: 'Check the agreements made at the visit were kept; if not, arrange a follow-up visit.',
};
const followUpNeeded: Rule = { id: 'staff-asked', afterDays: 3, when: 'follow-up-needed', action: 'prompt-visit', notify: ['slt'], text: 'Staff said a follow-up is needed.' };
const monthLater: Rule = { id: 'tell-the-la', afterDays: 30, when: 'always', action: 'notify', notify: ['office', 'local-authority'], text: 'A month since the home visit: tell the local authority how attendance has gone.' };

const AGREEMENTS = { facts: ['Mornings are hard'], agreements: ['Sam on the 8:05 bus'], followUpNeeded: false };

/** A completed visit, left with these notes and back at school: ready to close. */
function backFromVisit(policy: Policy, notes: object = AGREEMENTS): Scenario {
  const s = new Scenario(policy).readyToGo().departed().after(20).arrived().entered();
  s.after(30).ok('leave', { notes } as never, ALICE);
  s.after(15).ok('return', {}, ALICE);
  return s;
}

function closedAndFiled(s: Scenario): Scenario {
  s.step('close', {});
  s.step('file-report', { reportId: 'report-1', categories: ['Home visit'], body: {} });
  return s;
}

const stored = (s: Scenario) =>
  s.history.map((event, index) => ({ ...event, version: index + 1, streamId: 'visit-0001', prevHash: '', hash: '' })) as unknown as StoredVisitEvent[];

describe('follow-ups are scheduled when the visit closes, for the rules that apply', () => {
  it('a policy without follow-up rules closes and files exactly as before', () => {
    const s = closedAndFiled(backFromVisit(seed));
    expect(s.history.find((event) => event.type === 'VisitClosed')!.data).toEqual({ outcome: 'completed' });
    expect(s.visit.followUps).toBeUndefined();
    expect(routeOf(s.visit)).toBe('done');
    expect(nextDue(s.visit, s.policy)).toBeUndefined();
  });

  it('given a rule for when agreements were recorded, a visit that recorded none schedules nothing and ends when filed', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps(agreementsKept, followUpNeeded), { facts: ['Nobody home at first'], agreements: [] }));
    expect(s.history.find((event) => event.type === 'VisitClosed')!.data).toEqual({ outcome: 'completed' });
    expect(routeOf(s.visit)).toBe('done');
  });

  it('given an "always" rule, a visit declined or cancelled before it happened schedules nothing', () => {
    const declined = new Scenario(withFollowUps(monthLater)).requested();
    declined.ok('decline', { reason: 'Phone the family first.' }, HEAD);
    closedAndFiled(declined);
    expect(declined.visit.followUps).toBeUndefined();
    expect(routeOf(declined.visit)).toBe('done');

    const cancelled = new Scenario(withFollowUps(monthLater)).readyToGo().departed().after(20).arrived();
    cancelled.ok('cancel', { reason: 'family-declined', detail: 'The parent asked us to leave.' }, ALICE);
    cancelled.after(20).ok('return', {}, ALICE);
    closedAndFiled(cancelled);
    expect(cancelled.visit.closed?.outcome).toBe('cancelled');
    expect(routeOf(cancelled.visit)).toBe('done');
  });

  it('a rule that applies is due its afterDays after closing, and the filed visit waits for it', () => {
    const s = backFromVisit(withFollowUps(agreementsKept, followUpNeeded, monthLater));
    const closedAt = s.now;
    s.step('close', {});
    expect(s.history.at(-1)!.data).toEqual({
      outcome: 'completed',
      followUps: [
        { id: 'agreements-kept', dueAt: addMinutes(closedAt, 14 * DAY) },
        { id: 'tell-the-la', dueAt: addMinutes(closedAt, 30 * DAY) },
      ],
    });
    // Still closed: the report is filed first, as today.
    expect(routeOf(s.visit)).toBe('file-report');
    s.step('file-report', { reportId: 'report-1', categories: ['Home visit'], body: {} });
    expect(s.visit.status).toBe('filed');
    expect(routeOf(s.visit)).toBe('awaiting-follow-up');
    expect(nextDue(s.visit, s.policy)).toEqual({ kind: 'follow-up', at: addMinutes(closedAt, 14 * DAY) });
    // A timer that fires early records nothing.
    s.after(14 * DAY - 1);
    expectRefused(s.step('deadline-passed', { kind: 'follow-up' }), 'deadline-not-reached');
  });

  it('the report filed at closing lists the follow-ups scheduled, and a visit with none lists nothing', () => {
    const s = backFromVisit(withFollowUps(agreementsKept, monthLater));
    const closedAt = s.now;
    s.step('close', {});
    expect(buildReportBody(s.visitIn('closed'), s.policy).followUp.scheduled).toEqual([
      { id: 'agreements-kept', dueAt: addMinutes(closedAt, 14 * DAY), action: 'prompt-visit', notify: [seed.roles.dsl!.title, seed.roles.headteacher!.title] },
      { id: 'tell-the-la', dueAt: addMinutes(closedAt, 30 * DAY), action: 'notify', notify: [seed.roles.office!.title, 'Local authority attendance team'] },
    ]);
    const markdown = renderReportMarkdown({ visitId: s.visit.visitId, reportId: 'r-1', filedAt: closedAt, categories: ['Home visit'], body: buildReportBody(s.visitIn('closed'), s.policy) });
    expect(markdown).toContain('Timed follow-ups the policy scheduled');
    expect(markdown).toMatch(/Agreements kept: .*a follow-up visit prompted to .*Headteacher/);
    const none = backFromVisit(seed);
    none.step('close', {});
    expect(buildReportBody(none.visitIn('closed'), none.policy).followUp).not.toHaveProperty('scheduled');
  });

  it('the visit record folds back to the same follow-ups from its history', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps(agreementsKept)));
    expect(fold(s.history)).toEqual(s.state);
  });
});

describe('a follow-up settled before it is due is never announced', () => {
  it('the office settles it with a note: the workflow has nothing left to wait for, and the deadline records nothing', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps(agreementsKept)));
    s.after(3 * DAY);
    expect(types(s.act('resolve-follow-up', { followUpId: 'agreements-kept', note: 'Sam has been on the bus every day.' }, OFFICE))).toEqual(['FollowUpResolved']);
    expect(s.visit.followUps).toEqual([expect.objectContaining({ id: 'agreements-kept', resolved: expect.objectContaining({ by: OFFICE, note: 'Sam has been on the bus every day.' }) })]);
    expect(routeOf(s.visit)).toBe('done');
    s.after(11 * DAY);
    expectRefused(s.step('deadline-passed', { kind: 'follow-up' }), 'no-such-deadline');
    expect(alertsFor(stored(s), s.visit, s.policy).filter((message) => message.kind === 'follow-up-due')).toEqual([]);
    expectRefused(s.act('resolve-follow-up', { followUpId: 'agreements-kept', note: 'again' }, SLT), 'follow-up-already-resolved');
  });

  it('staff on the visit cannot settle it, nor can anyone settle one that was never scheduled', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps(agreementsKept)));
    expectRefused(s.act('resolve-follow-up', { followUpId: 'agreements-kept', note: 'All fine' }, ALICE), 'follow-up-resolvers-only', 'forbidden');
    expectRefused(s.act('resolve-follow-up', { followUpId: 'tell-the-la', note: 'n/a' }, OFFICE), 'follow-up-not-found');
  });
});

describe('a follow-up that falls due is recorded once, and its rule’s recipients are told', () => {
  it('N days after closing: FollowUpDue once, a prompt to the DSL and headteacher in the rule’s words', () => {
    const s = backFromVisit(withFollowUps(agreementsKept));
    const closedAt = s.now;
    closedAndFiled(s);
    s.after(14 * DAY);
    const decision = s.step('deadline-passed', { kind: 'follow-up' });
    expect(types(decision)).toEqual(['FollowUpDue']);
    expect(s.history.at(-1)!.data).toEqual({
      followUpId: 'agreements-kept',
      dueAt: addMinutes(closedAt, 14 * DAY),
      action: 'prompt-visit',
      notify: ['dsl', 'headteacher'],
      recipients: ['dsl', 'headteacher'],
      text: agreementsKept.text,
    });
    // Once: nothing is pending, so the workflow ends and a second timer finds nothing.
    expect(routeOf(s.visit)).toBe('done');
    expectRefused(s.step('deadline-passed', { kind: 'follow-up' }), 'no-such-deadline');
    expectRefused(s.act('resolve-follow-up', { followUpId: 'agreements-kept', note: 'too late' }, OFFICE), 'follow-up-already-due');

    const notices = alertsFor(stored(s).slice(-1), s.visit, s.policy);
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'follow-up-due', severity: 'high', level: 0, notify: ['dsl', 'headteacher'], messageId: `visit-0001:${s.visit.version}` }),
    ]);
    expect(notices[0]!.subject).toMatch(/follow-up visit/i);
    expect(notices[0]!.text).toContain(agreementsKept.text);
    expect(notices[0]!.text).toContain('A follow-up visit should be requested.');
    expect(notices[0]!.text).not.toContain(s.visit.details.pupil.name);
  });

  it('one rule after another: the soonest first, the next a fortnight later to the local authority, then the workflow ends', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps(agreementsKept, monthLater)));
    s.after(20 * DAY);
    // Late (the workflow was paused): only what is due now is recorded.
    expect(types(s.step('deadline-passed', { kind: 'follow-up' }))).toEqual(['FollowUpDue']);
    expect(routeOf(s.visit)).toBe('awaiting-follow-up');
    expect(nextDue(s.visit, s.policy)?.kind).toBe('follow-up');
    s.after(10 * DAY);
    expect(types(s.step('deadline-passed', { kind: 'follow-up' }))).toEqual(['FollowUpDue']);
    const [notice] = alertsFor(stored(s).slice(-1), s.visit, s.policy);
    expect(notice).toMatchObject({ kind: 'follow-up-due', notify: ['office'], contacts: [expect.objectContaining({ title: 'Local authority attendance team', channel: 'email' })] });
    expect(notice!.subject).toMatch(/^Follow-up due/);
    expect(notice!.text).toContain('Email the attendance team the visit record.');
    expect(routeOf(s.visit)).toBe('done');
  });

  it('two rules due at once are both recorded by one deadline', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps({ ...agreementsKept, afterDays: 30 }, monthLater)));
    s.after(30 * DAY);
    expect(types(s.step('deadline-passed', { kind: 'follow-up' }))).toEqual(['FollowUpDue', 'FollowUpDue']);
    expect(routeOf(s.visit)).toBe('done');
  });

  it('only the workflow records one due', () => {
    const s = closedAndFiled(backFromVisit(withFollowUps(agreementsKept)));
    s.after(14 * DAY);
    expectRefused(s.act('deadline-passed' as never, { kind: 'follow-up' } as never, OFFICE), 'workflow-only', 'forbidden');
  });
});

describe('the board while a filed visit waits for its follow-up', () => {
  it('is not shown as out, nor active, but says what it waits for and when', () => {
    const s = backFromVisit(withFollowUps(agreementsKept));
    const closedAt = s.now;
    closedAndFiled(s);
    expect(isActive(s.visit)).toBe(false);
    const line = boardSummary(s.visit, s.policy);
    expect(isOpenLine(line)).toBe(false);
    expect(line).toMatchObject({ status: 'filed', active: false, stage: 'awaiting-follow-up', nextDeadline: { kind: 'follow-up', at: addMinutes(closedAt, 14 * DAY) } });
  });
});

describe('Plan, for a follow-up up to a year away: no wait outlives its execution', () => {
  const DAY_SECONDS = 24 * 3600;
  const yearAway = withFollowUps({ ...monthLater, afterDays: 365 });
  async function planned(startedAt?: string) {
    const s = closedAndFiled(backFromVisit(yearAway));
    const store = new InMemoryEventStore();
    await store.append('visit-0001', s.history, { expectedVersion: 0, commandId: 'seed' });
    // The steps' clock stands at T0, the visit's morning.
    return memorySteps(store, policyRegistry([s.policy])).plan({ visitId: 'visit-0001', policy: s.policy, iteration: 2, ...(startedAt ? { startedAt } : {}) });
  }
  const daysBefore = (days: number) => addMinutes(T0, -days * DAY);

  it('waits for the follow-up itself when the execution is young enough to see it', async () => {
    const plan = await planned(T0);
    expect(plan.route).toBe('awaiting-follow-up');
    // The wait is capped at the execution's age limit, which comes before the year is out.
    expect(plan.waitSeconds).toBe(MAX_EXECUTION_AGE_SECONDS);
    expect(MAX_EXECUTION_AGE_SECONDS).toBeLessThan(365 * DAY_SECONDS);
  });

  it('wakes no later than the age limit of an older execution', async () => {
    const plan = await planned(daysBefore(300));
    expect(plan.route).toBe('awaiting-follow-up');
    expect(plan.waitSeconds).toBe(MAX_EXECUTION_AGE_SECONDS - 300 * DAY_SECONDS);
  });

  it('hands the visit to a new execution once its execution is that old', async () => {
    const plan = await planned(addMinutes(T0, -MAX_EXECUTION_AGE_SECONDS / 60));
    expect(plan).toMatchObject({ route: 'continue', continuation: { generation: 1 } });
  });

  it('without a start time (callers other than the workflow) waits for the follow-up as before', async () => {
    const plan = await planned();
    expect(plan.route).toBe('awaiting-follow-up');
    expect(plan.waitSeconds).toBeGreaterThan(364 * DAY_SECONDS);
  });
});

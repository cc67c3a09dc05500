import { describe, expect, it } from 'vitest';
import { alertsFor } from '../../functions/core/alerts';
import type { StoredVisitEvent } from '../../functions/core/events';
import { PolicyV2, type LeavingItem, type Policy } from '../../functions/core/policy';
import { eventWords } from '../../functions/core/narrate';
import { explainPolicy } from '../../functions/core/policy-explain';
import { buildReportBody } from '../../functions/core/report';
import { ALICE, HEAD } from '../support/actors';
import { expectRefused, policyOf, Scenario, types } from '../support/scenario';

/**
 * Checklists that record what happened: a leaving item the policy lets staff answer no is recorded
 * as a breach with the leave and told to whom the item names (the rule-breach alert), not refused;
 * an item can apply only in named cases, and can need a record in the notes before the visit closes.
 */

const BEDROOMS: LeavingItem = { id: 'no-bedrooms', text: 'I did not go into a bedroom', required: true, ifNo: { notify: ['dsl'] } };
const ROOMS: LeavingItem = { id: 'rooms-agreed', text: 'Stayed in the rooms agreed with the family', required: true };
const PLAN: LeavingItem = { id: 'plan-agreed', text: 'An attendance plan was agreed', required: true, appliesWhen: { purposes: ['attendance'] }, requires: 'professionalOpinion' };

function withLeaving(...onLeaving: LeavingItem[]): Policy {
  const base = policyOf('hunsbury-park');
  return PolicyV2.parse({ ...base, checklists: { ...base.checklists, onLeaving } });
}

/** A visit (for attendance, the fixture's purpose) with staff in the home. */
const inTheHome = (policy: Policy) => new Scenario(policy).requested().authorised(HEAD).assessed().departed().after(30).arrived().entered();

const published = (s: Scenario, from: number) =>
  alertsFor(s.history.slice(from).map((event, index) => ({ ...event, version: from + index + 1, streamId: 'visit-0001', prevHash: '', hash: '' })) as unknown as StoredVisitEvent[], s.visit, s.policy);

describe('a leaving item answered no', () => {
  it('given an item the policy lets staff answer no, when staff leave answering no, then the leave is recorded with the breach and the DSL is told', () => {
    const s = inTheHome(withLeaving(BEDROOMS));
    const before = s.history.length;
    const decision = s.act('leave', { answeredNo: ['no-bedrooms'] });
    expect(types(decision)).toEqual(['LeftHome', 'SafeguardingRuleBreached']);
    expect(s.visit.status).toBe('returning');
    expect(s.visit.breaches).toMatchObject([{ rule: 'on-leaving:no-bedrooms', detail: expect.stringContaining('I did not go into a bedroom'), notify: ['dsl'] }]);
    const left = s.history.find((event) => event.type === 'LeftHome')!;
    expect(eventWords({ type: left.type, data: left.data, recordedAt: s.now }, { policy: s.policy, at: (iso) => iso }).details).toContain('Answered no: I did not go into a bedroom');
    const breach = published(s, before).find((message) => message.kind === 'rule-breach');
    expect(breach?.notify).toContain('dsl');
    s.ok('return', {}, ALICE);
    s.step('close', {});
    expect(buildReportBody(s.visitIn('closed'), s.policy).ruleBreaches).toMatchObject([{ rule: 'on-leaving:no-bedrooms' }]);
  });

  it('given an item that must be yes, when staff answer no, then the leave is refused, as before', () => {
    const s = inTheHome(withLeaving(ROOMS));
    expectRefused(s.act('leave', { answeredNo: ['rooms-agreed'] }), 'leaving-attestations');
    s.ok('leave', { attestations: ['rooms-agreed'] }, ALICE);
  });

  it('refuses an item answered both yes and no, and one left unanswered', () => {
    const s = inTheHome(withLeaving(BEDROOMS));
    expectRefused(s.act('leave', { attestations: ['no-bedrooms'], answeredNo: ['no-bedrooms'] }), 'leaving-attestations');
    expectRefused(s.act('leave', {}), 'leaving-attestations');
    expect(types(s.act('leave', { attestations: ['no-bedrooms'] }))).toEqual(['LeftHome']);
  });
});

describe('a leaving item in named cases, with a record it needs', () => {
  it('given an item for attendance visits that needs a plan, when staff confirm it without one, then leaving is refused naming the item; with the plan it is recorded', () => {
    const s = inTheHome(withLeaving(PLAN));
    const refused = s.act('leave', { attestations: ['plan-agreed'] });
    expectRefused(refused, 'leaving-record-required');
    expect(refused).toMatchObject({ message: expect.stringContaining('An attendance plan was agreed (plan-agreed)') });
    const plan = { facts: [], agreements: [], followUpNeeded: false, professionalOpinion: 'Daily check-in with the form tutor for four weeks.' };
    expect(types(s.act('leave', { attestations: ['plan-agreed'], notes: plan }))).toEqual(['LeftHome']);
  });

  it('given the same item, when the visit is for another purpose, then it is not asked', () => {
    const s = new Scenario(withLeaving(PLAN)).requested({ purpose: 'support' }).authorised(HEAD).assessed().departed().after(30).arrived().entered();
    expect(types(s.act('leave', {}))).toEqual(['LeftHome']);
  });

  it('given an item for doorstep visits only, when staff leave from in the home, then it is not asked', () => {
    const doorstepOnly: LeavingItem = { id: 'letter-left', text: 'Left the letter with the family', required: true, appliesWhen: { place: 'doorstep' } };
    const s = inTheHome(withLeaving(doorstepOnly));
    expect(types(s.act('leave', {}))).toEqual(['LeftHome']);
  });
});

describe('the policy and its explanation', () => {
  it('refuses an item that tells a role the policy does not define, and a purpose it does not list', () => {
    const base = policyOf('hunsbury-park');
    const issues = PolicyV2.safeParse({
      ...base,
      checklists: { ...base.checklists, onLeaving: [{ ...BEDROOMS, ifNo: { notify: ['caretaker'] } }, { ...PLAN, appliesWhen: { purposes: ['social'] } }] },
    }).error?.issues.map((issue) => issue.path.join('.'));
    expect(issues).toEqual(['checklists.onLeaving.0.ifNo.notify.0', 'checklists.onLeaving.1.appliesWhen.purposes.0']);
  });

  it('explain says a no is recorded and whom it tells, when an item applies, and the record it needs', () => {
    const text = explainPolicy(withLeaving(BEDROOMS, PLAN));
    expect(text).toMatch(/I did not go into a bedroom \(a no is recorded as a breach and told to .*Designated Safeguarding Lead/);
    expect(text).toContain('An attendance plan was agreed (required; only on visits for');
    expect(text).toContain('a yes needs the professional opinion (a plan) in the notes before the visit closes');
  });
});

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { ACTION_NAMES, type ActionName, type CommandOf } from '../../functions/core/commands';
import type { Decision } from '../../functions/core/decision';
import { moreTimeRule } from '../../functions/core/policy';
import { accepts, deadlineRuns, STATUS_TABLE, VISIT_STATUSES, type StepRoute } from '../../functions/core/stages';
import type { VisitStatus } from '../../functions/core/visit-state';
import { ALICE, HEAD, OFFICE, WORKFLOW } from '../support/actors';
import { scenario, type Scenario } from '../support/scenario';

/**
 * The stage table (functions/core/stages.ts) is the only gate on the visit's status: for every
 * status and every action, decide refuses for the status exactly where the table does. A refusal for
 * the status reads "cannot … while the visit is <status> (allowed when …)", whatever its rule; any
 * other answer (accepted, or refused by another rule: who asks, the policy, the alert) is not one.
 */

const at = (status: VisitStatus): Scenario => {
  const s = scenario('hunsbury-park');
  const journey: Record<VisitStatus, () => void> = {
    requested: () => s.requested(),
    authorised: () => s.requested().authorised(),
    ready: () => s.readyToGo(),
    travelling: () => s.readyToGo().departed(),
    'at-door': () => s.readyToGo().departed().arrived(),
    'in-home': () => s.readyToGo().departed().arrived().entered(),
    returning: () => {
      s.readyToGo().departed().arrived().entered();
      s.ok('leave', {}, ALICE);
    },
    returned: () => {
      journey.returning();
      s.ok('return', {}, ALICE);
    },
    ended: () => {
      s.requested();
      s.ok('cancel', { reason: 'other', detail: 'The family moved.' }, OFFICE);
    },
    closed: () => {
      journey.ended();
      s.ok('close', {}, WORKFLOW);
    },
    filed: () => {
      journey.closed();
      s.ok('file-report', { reportId: 'report-1', categories: [], body: {} }, WORKFLOW);
    },
  };
  journey[status]();
  expect(s.visit.status).toBe(status);
  return s;
};

/** A body each action takes, and someone it lets ask (so that who asks is never the refusal). */
const ASKED: { [A in ActionName]: [CommandOf<A>['body'], Actor] } = {
  request: [{ visitId: 'visit-0002', details: at('requested').visit.details }, ALICE],
  authorise: [{}, HEAD],
  decline: [{ reason: 'Phone the family first.' }, HEAD],
  reschedule: [{ reason: 'The family asked.', plannedStartAt: '2026-11-23T10:30:00.000Z', expectedReturnAt: '2026-11-23T12:00:00.000Z' }, ALICE],
  depart: [{}, ALICE],
  'report-late': [{ expectedAt: '2026-11-23T09:50:00.000Z' }, ALICE],
  arrive: [{}, ALICE],
  'family-at-door': [{}, ALICE],
  enter: [{ peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] }, ALICE],
  'check-in': [{}, ALICE],
  leave: [{}, ALICE],
  return: [{}, ALICE],
  cancel: [{ reason: 'other', detail: 'Not needed.' }, ALICE],
  'raise-concern': [{ summary: 'A concern.' }, ALICE],
  'extend-time': [{ minutes: 5, reason: 'The family want to talk.' }, ALICE],
  panic: [{}, ALICE],
  'cancel-alarm': [{ alertId: 'panic-1', pin: 'theirs' }, ALICE],
  acknowledge: [{ alertId: 'alert-1' }, HEAD],
  'resolve-alert': [{ alertId: 'alert-1', reason: 'Handled.' }, HEAD],
  'resolve-follow-up': [{ followUpId: 'follow-up', note: 'Met the family.' }, HEAD],
};

const refusedFor = (decision: Decision, status: VisitStatus): boolean =>
  !decision.ok && decision.kind === 'conflict' && decision.message.includes(`while the visit is ${status} (allowed when`);

describe('decide refuses for the visit\'s status exactly what the stage table refuses', () => {
  const people = ACTION_NAMES.filter((action): action is Exclude<ActionName, 'request'> => action !== 'request');

  it.each(VISIT_STATUSES)('%s: every action a person takes', (status) => {
    const disagree: string[] = [];
    for (const action of people) {
      const s = at(status);
      const [body, actor] = ASKED[action];
      const decision = s.act(action, body as never, actor);
      // "I need more time" also needs the deadline the school's rule moves to run there.
      const allowed = accepts(status, action) && (action !== 'extend-time' || deadlineRuns(status, moreTimeRule(s.policy).moves));
      if (refusedFor(decision, status) === allowed) disagree.push(`${action}: the table ${allowed ? 'accepts' : 'refuses'} it, decide ${decision.ok ? 'accepts' : `says ${decision.rule}: ${decision.message}`}`);
    }
    expect(disagree).toEqual([]);
  });

  it.each(VISIT_STATUSES)('%s: every step the workflow takes where the status routes it', (status) => {
    const steps: Array<[StepRoute & ('assess-risk' | 'close' | 'file-report'), Decision]> = [
      ['assess-risk', at(status).step('assess-risk', {})],
      ['close', at(status).step('close', {})],
      ['file-report', at(status).step('file-report', { reportId: 'report-2', categories: [], body: {} })],
    ];
    for (const [step, decision] of steps) expect(refusedFor(decision, status), step).toBe(STATUS_TABLE[status].route !== step);
  });

  it('a request is the one action on no status: an existing visit refuses it by its own rule', () => {
    const [body, actor] = ASKED.request;
    expect(at('requested').act('request', { ...body, visitId: 'visit-0001' }, actor)).toMatchObject({ ok: false, rule: 'visit-already-exists' });
  });
});

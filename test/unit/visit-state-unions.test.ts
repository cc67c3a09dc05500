import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { buildReportBody, reportCategories } from '../../functions/core/report';
import { Alert, Visit, VisitState, type AlertStage, type VisitIn, type VisitStatus } from '../../functions/core/visit-schema';
import { initialState } from '../../functions/core/visit-state';
import { ALICE, HEAD, OFFICE, WORKFLOW } from '../support/actors';
import { scenario, type Scenario } from '../support/scenario';

/**
 * Every visit status and every alert stage is a member of its union, and the compiler checks the
 * tables below are total: a new status or stage does not compile until it says how a stream reaches
 * it and which stamp it must carry. Each row is then folded for real, and the state evolve produces is
 * parsed by the schema the API describes it with (VisitView.visit, History.state).
 */

/** The keys a member of the union must carry (never optional there). */
type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

const leave = (s: Scenario) => s.ok('leave', { notes: { facts: ['Spoke with mum'], agreements: [], followUpNeeded: false } }, ALICE);
const back = (s: Scenario) => {
  s.readyToGo().departed().arrived().entered();
  leave(s);
  s.ok('return', {}, ALICE);
};
const closed = (s: Scenario) => {
  back(s);
  s.ok('close', {}, WORKFLOW);
};

/** For each status: the ways a stream reaches it, and the stamp that status must carry. */
const STATUSES = {
  requested: { ways: [(s) => s.requested()], stamp: 'requested' },
  authorised: { ways: [(s) => s.requested().authorised()], stamp: 'authorised' },
  ready: { ways: [(s) => s.readyToGo()], stamp: 'risk' },
  travelling: { ways: [(s) => s.readyToGo().departed()], stamp: 'departed' },
  'at-door': { ways: [(s) => s.readyToGo().departed().arrived()], stamp: 'arrived' },
  'in-home': { ways: [(s) => s.readyToGo().departed().arrived().entered()], stamp: 'entered' },
  returning: {
    ways: [
      (s) => leave(s.readyToGo().departed().arrived().entered()),
      // Cancelled while out: the cancellation is when they left.
      (s) => s.readyToGo().departed().ok('cancel', { reason: 'family-declined', detail: 'Mum phoned: not today.' }, ALICE),
    ],
    stamp: 'left',
  },
  returned: { ways: [back], stamp: 'returned' },
  ended: {
    ways: [
      (s) => s.requested().ok('decline', { reason: 'Not needed: mum came in to school.' }, HEAD),
      (s) => s.readyToGo().ok('cancel', { reason: 'family-declined', detail: 'Mum phoned: not today.' }, ALICE),
    ],
    stamp: 'requested',
  },
  closed: { ways: [closed], stamp: 'closed' },
  filed: {
    ways: [
      (s) => {
        closed(s);
        const visit = s.visitIn('closed');
        s.ok('file-report', { reportId: 'r-1', categories: reportCategories(visit, s.policy), body: buildReportBody(visit, s.policy) }, WORKFLOW);
      },
    ],
    stamp: 'report',
  },
} satisfies { readonly [S in VisitStatus]: { readonly ways: readonly ((s: Scenario) => unknown)[]; readonly stamp: RequiredKey<VisitIn<S>> } };

describe('a visit is a union by status', () => {
  for (const [status, { ways, stamp }] of Object.entries(STATUSES)) {
    ways.forEach((reach, way) => {
      it(`${status} (way ${way + 1}) folds to a member with its ${stamp} stamp, and the schema holds it to that`, () => {
        const s = scenario('hunsbury-park');
        reach(s);

        expect(s.visit.status).toBe(status);
        expect(Visit.parse(s.visit)).toEqual(s.visit);
        expect(s.visit).toHaveProperty([stamp]);
        expect(Visit.safeParse({ ...s.visit, [stamp]: undefined }).success).toBe(false);
      });
    });
  }

  it('ended carries the decline or the cancellation that ended it, and one of them it must', () => {
    const declined = scenario('hunsbury-park');
    STATUSES.ended.ways[0]!(declined);
    const cancelled = scenario('hunsbury-park');
    STATUSES.ended.ways[1]!(cancelled);

    expect(declined.visit).toMatchObject({ status: 'ended', declined: { by: HEAD } });
    expect(cancelled.visit).toMatchObject({ status: 'ended', cancelled: { reason: 'family-declined' } });
    const { cancelled: _cancelled, ...neither } = cancelled.visit;
    expect(Visit.safeParse(neither).success).toBe(false);
  });

  it('before the visit is requested the state is none, and the state schema holds that too', () => {
    expect(VisitState.parse(initialState)).toEqual({ status: 'none', version: 0 });
    expect(Visit.safeParse(initialState).success).toBe(false);
  });

  it('rules out at compile time what a status cannot hold', () => {
    const s = scenario('hunsbury-park').requested();
    const visit = s.visit;
    if (visit.status !== 'requested') return expect.unreachable(visit.status);
    // @ts-expect-error a visit waiting for authorisation has no authorisation (a change that asks for one again withdrew it)
    const authorised: NonNullable<Visit['authorised']> = visit.authorised;
    // @ts-expect-error a report is built from a closed visit alone
    const report = () => buildReportBody(visit, s.policy);

    expect(authorised).toBeUndefined();
    expect(report).toBeTypeOf('function');
  });
});

type AlertIn<S extends AlertStage> = Extract<Alert, { stage: S }>;

/** For each stage: how a raised call for help reaches it, and who (if anyone) has answered it there. */
const STAGES = {
  open: { reach: () => undefined, answeredBy: (_alert: AlertIn<'open'>): Actor | undefined => undefined, expected: undefined },
  acknowledged: {
    reach: (s: Scenario, alertId: string) => s.ok('acknowledge', { alertId }, OFFICE),
    answeredBy: (alert: AlertIn<'acknowledged'>) => alert.acknowledged.by,
    expected: OFFICE,
  },
  resolved: {
    reach: (s: Scenario, alertId: string) => s.ok('resolve-alert', { alertId, reason: 'Phoned Alice: pressed by mistake.' }, OFFICE),
    answeredBy: (alert: AlertIn<'resolved'>) => alert.resolved.by,
    expected: OFFICE,
  },
} satisfies {
  readonly [S in AlertStage]: {
    readonly reach: (s: Scenario, alertId: string) => unknown;
    readonly answeredBy: (alert: AlertIn<S>) => Actor | undefined;
    readonly expected: Actor | undefined;
  };
};

/** Who answered, read through the stage: the switch must name every stage (assertNever). */
function answeredBy(alert: Alert): Actor | undefined {
  switch (alert.stage) {
    case 'open':
      return STAGES.open.answeredBy(alert);
    case 'acknowledged':
      return STAGES.acknowledged.answeredBy(alert);
    case 'resolved':
      return STAGES.resolved.answeredBy(alert);
    default:
      return assertNever(alert);
  }
}

function assertNever(value: never): never {
  throw new Error(`not a member of the union: ${JSON.stringify(value)}`);
}

describe('an alert is a union by lifecycle stage', () => {
  for (const [stage, { reach, expected }] of Object.entries(STAGES)) {
    it(`${stage}: a panic folds to that stage, answered by ${expected?.userId ?? 'nobody'}, and the schema holds it`, () => {
      const s = scenario('hunsbury-park').readyToGo().departed();
      s.ok('panic', {}, ALICE);
      const alertId = s.visit.alerts[0]!.alertId;
      reach(s, alertId);

      const alert = s.visit.alerts[0]!;
      expect(alert.stage).toBe(stage);
      expect(answeredBy(alert)).toEqual(expected);
      expect(Alert.parse(alert)).toEqual(alert);
    });
  }

  it('a missed deadline\'s alert must say when it was due; a call for help has no due time', () => {
    const raised = { alertId: 'a-1', raisedAt: '2026-11-23T10:00:00.000Z', level: 0, stage: 'open' };
    expect(Alert.safeParse({ ...raised, kind: 'check-in-overdue' }).success).toBe(false);
    expect(Alert.safeParse({ ...raised, kind: 'check-in-overdue', dueAt: '2026-11-23T09:55:00.000Z' }).success).toBe(true);
    expect(Alert.safeParse({ ...raised, kind: 'panic', dueAt: '2026-11-23T09:55:00.000Z' }).success).toBe(false);
    expect(Alert.safeParse({ ...raised, stage: 'acknowledged', kind: 'panic' }).success).toBe(false);
  });
});

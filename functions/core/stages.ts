import type { ActionName } from './commands';
import type { DeadlineKind } from './deadlines';
import { openAlerts, pendingFollowUps, type Visit, type VisitStatus } from './visit-state';

/**
 * What each visit status means to the workflow, written once: where Plan routes it (a stage the
 * workflow waits in, or a step it takes), the actions that wake that stage, the deadlines that run
 * there, and the office board's word for it. The state machine's Choice, Plan, the await-signal
 * step, the board, the deadline clock and the API's signalling are all built from this file, so
 * they cannot disagree.
 */

/**
 * The workflow's waiting stages and the people's actions that each one wakes for. The API appends
 * the action's events first, then signals the stage's waiting task; an action a stage does not
 * list is recorded without waking the workflow (a panic: it needs a person, not a timer).
 *
 * A safeguarding concern wakes every stage it can be raised in: where the policy names a fallback
 * ("the DSL; if unavailable, SLT") its alert climbs on a timer the stage must start.
 *
 * Every stage wakes for `acknowledge` and `resolve-alert`: panic is never refused for the visit's
 * state, so an alert can be open in any of them, and whoever answers it must not hear that the visit
 * had moved on. Acknowledging stops an alert's ladder (the wait's deadline moves); resolving closes
 * it (a visit back, ended or closed waits in `awaiting-acknowledgement` until every alert is resolved).
 * A false alarm called off by its staff (`cancel-alarm`) resolves it as well. "I need more time"
 * (`extend-time`) wakes the stages whose deadlines it moves, so the wait is set again at the new time.
 */
const WAITS = {
  'awaiting-authorisation': ['authorise', 'decline', 'reschedule', 'cancel', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  'awaiting-departure': ['depart', 'reschedule', 'cancel', 'report-late', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  travelling: ['arrive', 'report-late', 'check-in', 'extend-time', 'cancel', 'raise-concern', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  // `family-at-door` ends the wait for the parent: the door deadline goes, so Plan must look again.
  'at-the-door': ['enter', 'family-at-door', 'leave', 'report-late', 'check-in', 'extend-time', 'cancel', 'raise-concern', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  'in-home': ['leave', 'check-in', 'extend-time', 'cancel', 'raise-concern', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  'returning-safely': ['return', 'check-in', 'extend-time', 'raise-concern', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  'awaiting-acknowledgement': ['raise-concern', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
  /** Filed, with a follow-up rule still to fall due: settling it early wakes the wait (it is then never announced). */
  'awaiting-follow-up': ['resolve-follow-up', 'acknowledge', 'resolve-alert', 'cancel-alarm'],
} as const satisfies Record<string, readonly ActionName[]>;

export type StageName = keyof typeof WAITS;
export const STAGE_NAMES = Object.keys(WAITS) as StageName[];

/** The steps the workflow takes between waits, each with the board's word for the visit meanwhile. */
export const STEPS = {
  'assess-risk': 'risk-assessment',
  close: 'closing',
  'file-report': 'reporting',
  done: 'finished',
} as const;

export type StepRoute = keyof typeof STEPS;
export const STEP_ROUTES = Object.keys(STEPS) as StepRoute[];

/**
 * Where Plan sends the workflow for the workflow's own sake, whatever the visit's status: `continue`
 * hands the visit to a new execution of the same machine before this one's history fills up
 * (functions/steps/steps.ts says when). Never a visit's route, so never on the board.
 */
export const WORKFLOW_ROUTES = ['continue'] as const;
export type WorkflowRoute = (typeof WORKFLOW_ROUTES)[number];

/** Where a visit's status sends the workflow: a stage to wait in, or a step to take. */
export type VisitRoute = StageName | StepRoute;
/** Where Plan sends the workflow: the visit's route, or the workflow's own. */
export type Route = VisitRoute | WorkflowRoute;
export const ROUTES: readonly Route[] = [...STAGE_NAMES, ...STEP_ROUTES, ...WORKFLOW_ROUTES];

/** The office board's word for where a visit is: the stage it waits in, or the step under way. */
export type BoardStage = StageName | (typeof STEPS)[StepRoute];
export const BOARD_STAGES: readonly BoardStage[] = [...STAGE_NAMES, ...Object.values(STEPS)];

export interface StatusRow {
  /** Where Plan routes a visit in this status. */
  readonly route: VisitRoute;
  /**
   * Where it routes instead while any alert is still open (acknowledged or not: until it is resolved).
   * Staff who are back (or never left) leave nothing to time, but the end state of an unresolved alert
   * is always loud: the visit waits for a person to resolve it before it closes, or before its report is filed (a panic pressed after
   * closing). Once filed the workflow has ended; the board keeps such a visit open (board.ts).
   */
  readonly whileAlertsOpen?: StageName;
  /**
   * Where it routes instead (once no alert is open) while a follow-up scheduled at closing is
   * neither due nor settled: the workflow waits for the soonest, records it due, and ends when none
   * is left. The visit is filed meanwhile, so the board does not count it as out (board.ts).
   */
  readonly whileFollowUpsPending?: StageName;
  /** The deadlines that run in this status (each computed from the policy in deadlines.ts). */
  readonly deadlines: readonly DeadlineKind[];
}

/** The table: total over VisitStatus, so a new status does not compile until it says what it means. */
export const STATUS_TABLE = {
  requested: { route: 'awaiting-authorisation', deadlines: [] },
  authorised: { route: 'assess-risk', deadlines: [] },
  ready: { route: 'awaiting-departure', deadlines: [] },
  // While staff are out: the check-in (and its reminder, where the policy asks for one) until they
  // leave the home, then the safe return; and the expected return throughout, where the policy makes it a deadline.
  travelling: { route: 'travelling', deadlines: ['check-in', 'check-in-reminder', 'expected-return'] },
  'at-door': { route: 'at-the-door', deadlines: ['check-in', 'check-in-reminder', 'parent-arrival', 'expected-return'] },
  'in-home': { route: 'in-home', deadlines: ['check-in', 'check-in-reminder', 'expected-return'] },
  returning: { route: 'returning-safely', deadlines: ['safe-return', 'expected-return'] },
  returned: { route: 'close', whileAlertsOpen: 'awaiting-acknowledgement', deadlines: [] },
  ended: { route: 'close', whileAlertsOpen: 'awaiting-acknowledgement', deadlines: [] },
  closed: { route: 'file-report', whileAlertsOpen: 'awaiting-acknowledgement', deadlines: [] },
  filed: { route: 'done', whileFollowUpsPending: 'awaiting-follow-up', deadlines: ['follow-up'] },
} as const satisfies { readonly [S in VisitStatus]: StatusRow };

export const VISIT_STATUSES = Object.keys(STATUS_TABLE) as [VisitStatus, ...VisitStatus[]];

export const isStage = (route: Route): route is StageName => route in WAITS;

/** Where Plan routes the visit now. */
export function routeOf(visit: Visit): VisitRoute {
  const row: StatusRow = STATUS_TABLE[visit.status];
  if (row.whileAlertsOpen && openAlerts(visit).length > 0) return row.whileAlertsOpen;
  return row.whileFollowUpsPending && pendingFollowUps(visit).length > 0 ? row.whileFollowUpsPending : row.route;
}

/** The stage the visit's workflow waits in now, if it waits at all (it may be between stages). */
export function waitingStage(visit: Visit): StageName | undefined {
  const route = routeOf(visit);
  return isStage(route) ? route : undefined;
}

/** The board's word for a route. */
export const boardStageOfRoute = (route: VisitRoute): BoardStage => (isStage(route) ? route : STEPS[route]);

/** Whether a deadline of this kind runs while the visit is in this status. */
export const deadlineRuns = (status: VisitStatus, kind: DeadlineKind): boolean =>
  (STATUS_TABLE[status].deadlines as readonly DeadlineKind[]).includes(kind);

/**
 * Each waiting stage with what wakes it, in the shape the API's signalling reads
 * (`Object.values(STAGES).flatMap((stage) => stage.accepts)`). Which stage a visit waits in is
 * `waitingStage(visit)`.
 */
export const STAGES = Object.fromEntries(STAGE_NAMES.map((name) => [name, { accepts: WAITS[name] }])) as {
  readonly [K in StageName]: { readonly accepts: (typeof WAITS)[K] };
};

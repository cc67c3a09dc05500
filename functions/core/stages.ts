import type { ActionName } from './commands';
import type { DeadlineKind } from './deadlines';
import { openAlerts, pendingFollowUps, type Visit, type VisitStatus } from './visit-state';

/**
 * What each visit status means to the workflow, written once: where Plan routes it (a stage the
 * workflow waits in, or a step it takes), the actions people may take in it (and so what wakes its
 * stage), the deadlines that run there, and the office board's word for it. The state machine's
 * Choice, Plan, the await-signal step, the board, the deadline clock, decide's gate, the API's
 * signalling and the staff page's buttons are all built from this file, so they cannot disagree.
 */

/**
 * Answering an alert. Panic is never refused for the visit's state, so an alert can be open in any
 * status: whoever answers it must not hear that the visit had moved on. Acknowledging stops an
 * alert's ladder (the wait's deadline moves); resolving closes it (a visit back, ended or closed waits
 * in `awaiting-acknowledgement` until every alert is resolved). A false alarm called off by its staff
 * (`cancel-alarm`) resolves it as well. Each alert's own state is the rule for these, not the visit's.
 */
const ANSWERS = ['acknowledge', 'resolve-alert', 'cancel-alarm'] as const satisfies readonly ActionName[];
/** Accepted in every status. The answers wake every stage; a panic wakes none (it needs a person, not a timer). */
const ANYWHERE = ['panic', ...ANSWERS] as const satisfies readonly ActionName[];

/**
 * The workflow's waiting stages: each waits for the visit's status to route it there (STATUS_TABLE)
 * and wakes for every action that status accepts but a panic.
 */
const WAITING_STAGES = [
  'awaiting-authorisation',
  'awaiting-departure',
  'travelling',
  'at-the-door',
  'in-home',
  'returning-safely',
  'awaiting-acknowledgement',
  /** Filed, with a follow-up rule still to fall due: settling it early wakes the wait (it is then never announced). */
  'awaiting-follow-up',
] as const;

export type StageName = (typeof WAITING_STAGES)[number];
export const STAGE_NAMES: StageName[] = [...WAITING_STAGES];

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
  /**
   * What people may do to a visit in this status, besides a call for help and answering an alert
   * (accepted in every status). decide refuses the rest, naming the action's rule; the stage the
   * status waits in wakes for these; the staff page offers those the staff take.
   */
  readonly accepts: readonly ActionName[];
}

/** The table: total over VisitStatus, so a new status does not compile until it says what it means. */
export const STATUS_TABLE = {
  requested: { route: 'awaiting-authorisation', deadlines: [], accepts: ['authorise', 'decline', 'reschedule', 'cancel'] },
  // Between the authorisation and the risk assessment's step, the arrangement can still change.
  authorised: { route: 'assess-risk', deadlines: [], accepts: ['reschedule', 'cancel'] },
  ready: { route: 'awaiting-departure', deadlines: [], accepts: ['depart', 'reschedule', 'cancel', 'report-late'] },
  // While staff are out: the check-in (and its reminder, where the policy asks for one) until they
  // leave the home, then the safe return; and the expected return throughout, where the policy makes it a deadline.
  // A safeguarding concern can be raised wherever staff have been out: where the policy names a
  // fallback ("the DSL; if unavailable, SLT") its alert climbs on a timer the stage must start.
  // "I need more time" (`extend-time`) also needs the deadline the policy's rule moves to run (deadlineRuns).
  travelling: {
    route: 'travelling',
    deadlines: ['check-in', 'check-in-reminder', 'expected-return'],
    accepts: ['arrive', 'report-late', 'check-in', 'extend-time', 'cancel', 'raise-concern'],
  },
  // `family-at-door` ends the wait for the parent: the door deadline goes, so Plan must look again.
  'at-door': {
    route: 'at-the-door',
    deadlines: ['check-in', 'check-in-reminder', 'parent-arrival', 'expected-return'],
    accepts: ['enter', 'family-at-door', 'leave', 'report-late', 'check-in', 'extend-time', 'cancel', 'raise-concern'],
  },
  'in-home': {
    route: 'in-home',
    deadlines: ['check-in', 'check-in-reminder', 'expected-return'],
    accepts: ['leave', 'check-in', 'extend-time', 'cancel', 'raise-concern'],
  },
  returning: { route: 'returning-safely', deadlines: ['safe-return', 'expected-return'], accepts: ['return', 'check-in', 'extend-time', 'raise-concern'] },
  returned: { route: 'close', whileAlertsOpen: 'awaiting-acknowledgement', deadlines: [], accepts: ['raise-concern'] },
  // Declined, or cancelled before anyone set out: nobody was on a visit to raise a concern from.
  ended: { route: 'close', whileAlertsOpen: 'awaiting-acknowledgement', deadlines: [], accepts: [] },
  // Follow-ups are scheduled at closing: from then on one can be settled before it falls due.
  closed: { route: 'file-report', whileAlertsOpen: 'awaiting-acknowledgement', deadlines: [], accepts: ['raise-concern', 'resolve-follow-up'] },
  filed: { route: 'done', whileFollowUpsPending: 'awaiting-follow-up', deadlines: ['follow-up'], accepts: ['raise-concern', 'resolve-follow-up'] },
} as const satisfies { readonly [S in VisitStatus]: StatusRow };

export const VISIT_STATUSES = Object.keys(STATUS_TABLE) as [VisitStatus, ...VisitStatus[]];

const STAGE_SET: ReadonlySet<string> = new Set(WAITING_STAGES);
export const isStage = (route: string): route is StageName => STAGE_SET.has(route);

/**
 * The gate decide asks (decide/guards.ts): the actions a person may take on a visit in this status,
 * a call for help and the answers to an alert included.
 */
export function actionsAccepted(status: VisitStatus): readonly ActionName[] {
  const row: StatusRow = STATUS_TABLE[status];
  return [...row.accepts, ...ANYWHERE];
}

export const accepts = (status: VisitStatus, action: ActionName): boolean => actionsAccepted(status).includes(action);

/** The statuses whose visits Plan may send to this route, whatever is open on them. */
export const statusesRoutingTo = (route: VisitRoute): VisitStatus[] =>
  VISIT_STATUSES.filter((status) => {
    const row: StatusRow = STATUS_TABLE[status];
    return row.route === route || row.whileAlertsOpen === route || row.whileFollowUpsPending === route;
  });

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
 * What wakes a waiting stage: every action a status that waits there accepts, but a panic. The API
 * appends the action's events first, then signals the stage's waiting task; an action the stage does
 * not wake for is recorded without waking the workflow.
 */
function wakesFor(stage: StageName): readonly ActionName[] {
  const accepted = statusesRoutingTo(stage).flatMap((status) => {
    const row: StatusRow = STATUS_TABLE[status];
    return row.accepts;
  });
  return [...new Set([...accepted, ...ANSWERS])];
}

/**
 * Each waiting stage with what wakes it, in the shape the API's signalling reads
 * (`Object.values(STAGES).flatMap((stage) => stage.accepts)`). Which stage a visit waits in is
 * `waitingStage(visit)`.
 */
export const STAGES = Object.fromEntries(STAGE_NAMES.map((stage) => [stage, stageEntry(stage)])) as {
  readonly [K in StageName]: { readonly status: VisitStatus; readonly accepts: readonly ActionName[] };
};

function stageEntry(stage: StageName): { readonly status: VisitStatus; readonly accepts: readonly ActionName[] } {
  const [status] = statusesRoutingTo(stage);
  if (!status) throw new Error(`no status routes to the stage ${stage}`);
  return { status, accepts: wakesFor(stage) };
}

import * as z from 'zod';
import { nextDue } from './deadlines';
import { IsoTime } from './event-store';
import type { Policy } from './policy';
import { BOARD_STAGES, boardStageOfRoute, routeOf, VISIT_STATUSES, type BoardStage as BoardStageName } from './stages';
import { openAlerts, staffAreOut, type Visit, type VisitStatus } from './visit-state';

/**
 * The office board's line for one visit: who is out, what happens next and when, how loud it is.
 * A read model, rebuilt from the visit's state after each append and stored one item per visit;
 * it names the staff but never the pupil (it is shown on an office screen).
 */

export { VISIT_STATUSES };

/** Where the visit is, in the board's words: a waiting stage of the workflow, or one of the steps between them (see stages.ts). */
export const BoardStage = z.enum(BOARD_STAGES as [BoardStageName, ...BoardStageName[]]);
export type BoardStage = z.infer<typeof BoardStage>;

export const BoardSummary = z
  .object({
    visitId: z.string().min(1),
    schoolId: z.string().min(1),
    status: z.enum(VISIT_STATUSES),
    /** Staff are out, or the visit waits on a person (an authoriser, a departure, an acknowledgement). */
    active: z.boolean(),
    /** Names of the staff making the visit. */
    staff: z.array(z.string()),
    stage: BoardStage,
    /** The soonest thing the workflow is timing: a stage deadline or the next escalation of an alert. */
    nextDeadline: z.object({ kind: z.enum(['parent-arrival', 'check-in', 'safe-return', 'follow-up', 'expected-return', 'check-in-reminder', 'escalation']), at: IsoTime }).optional(),
    /** Highest escalation level among open alerts; 0 when none has been escalated. */
    escalationLevel: z.number().int().min(0),
    openAlerts: z.number().int().min(0),
    version: z.number().int().min(1),
    /** Recorded time of the newest event folded in. */
    updatedAt: IsoTime,
    /**
     * The visit's record no longer parses from this version on: nothing is timed or escalated for it
     * until someone repairs it. The rest of the line is the last one that could be read. Loudest of all.
     */
    damaged: z.object({ version: z.number().int().min(1) }).strict().optional(),
  })
  .strict();
export type BoardSummary = z.infer<typeof BoardSummary>;

export type BoardStatusFilter = 'active' | VisitStatus;

/** The board's word for where the visit is: the same table, and the same open-alert rule, that Plan routes on. */
export function boardStage(visit: Visit): BoardStage {
  return boardStageOfRoute(routeOf(visit));
}

const WAITING_ON_A_PERSON: readonly VisitStatus[] = ['requested', 'authorised', 'ready'];

/**
 * Staff are out, a person must act, or an alert is open. A filed visit waiting only for a follow-up
 * to fall due (stages.ts: awaiting-follow-up) is none of these: nobody is out and its report is
 * filed, so it is neither active nor on the open board, though its workflow still times it.
 */
export function isActive(visit: Visit): boolean {
  return staffAreOut(visit) || WAITING_ON_A_PERSON.includes(visit.status) || openAlerts(visit).length > 0;
}

/** The latest time stamped anywhere in the visit: what the board shows as "updated" when the caller has no event at hand. */
export function latestStamp(visit: Visit): string {
  const times = [
    visit.requested.at,
    visit.authorised?.at,
    visit.declined?.at,
    visit.risk?.at,
    visit.departed?.at,
    visit.lateNotice?.at,
    visit.arrived?.at,
    visit.entered?.at,
    visit.left?.at,
    visit.returned?.at,
    visit.cancelled?.at,
    visit.checkInClock?.from,
    visit.closed?.at,
    visit.report?.at,
    visit.watchLost?.at,
    ...(visit.followUps ?? []).flatMap((followUp) => [followUp.due?.at, followUp.resolved?.at]),
    ...visit.checkIns.map((stamp) => stamp.at),
    ...visit.concerns.map((stamp) => stamp.at),
    ...visit.breaches.map((stamp) => stamp.at),
    ...visit.alerts.flatMap((alert) => [alert.raisedAt, alert.lastEscalatedAt, alert.resolvedAt]),
  ].filter((time): time is string => time !== undefined);
  return times.reduce((latest, time) => (Date.parse(time) > Date.parse(latest) ? time : latest));
}

/**
 * The board line for a visit under its policy.
 *
 * @example
 * const line = boardSummary(visit, policy, lastEvent.meta.recordedAt);
 * await board.project(line);
 */
export function boardSummary(visit: Visit, policy: Policy, updatedAt: string = latestStamp(visit)): BoardSummary {
  const open = openAlerts(visit);
  // The office counts down to what it must act on: the check-in itself, not the staff's reminder before it.
  const soonest = nextDue(visit, policy, ['check-in-reminder']);
  return {
    visitId: visit.visitId,
    schoolId: visit.details.schoolId,
    status: visit.status,
    active: isActive(visit),
    staff: visit.details.staff.map((member) => member.name),
    stage: boardStage(visit),
    ...(soonest ? { nextDeadline: soonest } : {}),
    escalationLevel: Math.max(0, ...open.map((alert) => alert.level)),
    openAlerts: open.length,
    version: visit.version,
    updatedAt,
  };
}

/**
 * Whether the line belongs on the open board: the visit is under way, or, its report filed, something
 * is still open on it (a panic pressed after the visit was filed still needs a person to answer it).
 */
export const isOpenLine = (line: Pick<BoardSummary, 'status' | 'active'>): boolean => line.status !== 'filed' || line.active;

export function matchesBoardFilter(summary: BoardSummary, filter: { status?: BoardStatusFilter; schoolId?: string }): boolean {
  if (filter.schoolId !== undefined && summary.schoolId !== filter.schoolId) return false;
  if (filter.status === 'active') return summary.active;
  return filter.status === undefined || summary.status === filter.status;
}

/** Board order: the loudest first (a damaged record, escalation level, open alerts), then the soonest deadline, then the newest. */
export function byUrgency(a: BoardSummary, b: BoardSummary): number {
  return (
    Number(b.damaged !== undefined) - Number(a.damaged !== undefined) ||
    b.escalationLevel - a.escalationLevel ||
    b.openAlerts - a.openAlerts ||
    deadlineTime(a) - deadlineTime(b) ||
    Date.parse(b.updatedAt) - Date.parse(a.updatedAt) ||
    a.visitId.localeCompare(b.visitId)
  );
}

const deadlineTime = (summary: BoardSummary): number =>
  summary.nextDeadline ? Date.parse(summary.nextDeadline.at) : Number.POSITIVE_INFINITY;

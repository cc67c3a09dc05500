import * as z from 'zod';
import { DEADLINE_KINDS, nextDue } from './deadlines';
import { IsoTime } from './event-store';
import { AlertKind } from './events';
import { localTime } from './local-time';
import type { Policy } from './policy';
import { BOARD_STAGES, boardStageOfRoute, routeOf, VISIT_STATUSES, type BoardStage as BoardStageName } from './stages';
import { openAlerts, staffAreOut, type UnresolvedAlert, type Visit, type VisitStatus } from './visit-state';

/**
 * The office board's line for one visit: who is out, what happens next and when, how loud it is.
 * A read model, rebuilt from the visit's state after each append and stored one item per visit;
 * it names the staff but never the pupil (it is shown on an office screen).
 */

export { VISIT_STATUSES };

/** Where the visit is, in the board's words: a waiting stage of the workflow, or one of the steps between them (see stages.ts). */
export const BoardStage = z.enum(BOARD_STAGES as [BoardStageName, ...BoardStageName[]]);
export type BoardStage = z.infer<typeof BoardStage>;

/**
 * An open alert as the office acts on it: what kind, how loud, since when, and who has it. Never what
 * it is about beyond its kind (no pupil, no address, no free text).
 */
export const BoardAlert = z
  .object({
    alertId: z.string().min(1),
    kind: AlertKind,
    /** Escalation level reached; 0 where it is not on a ladder (panic, duress) or not escalated yet. */
    level: z.number().int().min(0),
    raisedAt: IsoTime,
    /** Who said "I have it": their name where their identity gave one, else their user id. Absent while nobody has. */
    acknowledgedBy: z.string().min(1).optional(),
    acknowledgedAt: IsoTime.optional(),
  })
  .strict();
export type BoardAlert = z.infer<typeof BoardAlert>;

/** The planned visit: from setting out (plannedStartAt) to the expected return (expectedReturnAt). */
export const BoardAppointment = z.object({ start: IsoTime, end: IsoTime }).strict();
export type BoardAppointment = z.infer<typeof BoardAppointment>;

/*
 * staffIds, appointment and alerts came after the first lines were stored. The read side is
 * tolerant: a stored line without them still parses (staffIds and alerts as empty, appointment
 * absent) until its visit's next event re-projects it; boardSummary always writes all three.
 */
export const BoardSummary = z
  .object({
    visitId: z.string().min(1),
    schoolId: z.string().min(1),
    status: z.enum(VISIT_STATUSES),
    /** Staff are out, or the visit waits on a person (an authoriser, a departure, an acknowledgement). */
    active: z.boolean(),
    /** Names of the staff making the visit. */
    staff: z.array(z.string()),
    /** Their user ids, in the same order: how a member of staff finds their own visits (GET /me/visits). Tolerant on read: [] on older lines. */
    staffIds: z.array(z.string()).default([]),
    /** The planned visit, from the visit's details (the latest arrangement). Absent only on lines stored before it existed. */
    appointment: BoardAppointment.optional(),
    stage: BoardStage,
    /** The soonest thing the workflow is timing: a stage deadline or the next escalation of an alert. */
    nextDeadline: z.object({ kind: z.enum([...DEADLINE_KINDS, 'escalation']), at: IsoTime }).optional(),
    /** Highest escalation level among open alerts; 0 when none has been escalated. */
    escalationLevel: z.number().int().min(0),
    openAlerts: z.number().int().min(0),
    /** The open alerts themselves (acknowledged or not: open until resolved), oldest first. Tolerant on read: [] on older lines. */
    alerts: z.array(BoardAlert).default([]),
    /** "I need more time" while staff are out: the minutes taken in all, and the latest reason in the staff's words. */
    moreTime: z.object({ minutes: z.number().int().min(1), reason: z.string().min(1) }).strict().optional(),
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
    ...visit.alerts.flatMap((alert) => [alert.raisedAt, alert.lastEscalatedAt, alert.stage === 'resolved' ? alert.resolved.at : undefined]),
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
    staffIds: visit.details.staff.map((member) => member.userId),
    appointment: { start: visit.details.plannedStartAt, end: visit.details.expectedReturnAt },
    stage: boardStage(visit),
    ...(soonest ? { nextDeadline: soonest } : {}),
    escalationLevel: Math.max(0, ...open.map((alert) => alert.level)),
    openAlerts: open.length,
    alerts: open.map(boardAlert),
    ...moreTimeLine(visit),
    version: visit.version,
    updatedAt,
  };
}

function moreTimeLine(visit: Visit): Pick<BoardSummary, 'moreTime'> {
  const taken = visit.moreTime ?? [];
  const last = taken.at(-1);
  if (!last || !staffAreOut(visit)) return {};
  return { moreTime: { minutes: taken.reduce((sum, one) => sum + one.minutes, 0), reason: last.reason } };
}

const boardAlert = (alert: UnresolvedAlert): BoardAlert => ({
  alertId: alert.alertId,
  kind: alert.kind,
  level: alert.level,
  raisedAt: alert.raisedAt,
  ...(alert.stage === 'acknowledged' ? { acknowledgedBy: alert.acknowledged.by.name ?? alert.acknowledged.by.userId, acknowledgedAt: alert.acknowledged.at } : {}),
});

/**
 * Whether the line belongs on the open board: the visit is under way, or, its report filed, something
 * is still open on it (a panic pressed after the visit was filed still needs a person to answer it).
 */
export const isOpenLine = (line: Pick<BoardSummary, 'status' | 'active'>): boolean => line.status !== 'filed' || line.active;

export function matchesBoardFilter(summary: BoardSummary, filter: { status?: BoardStatusFilter; schoolId?: string; staffId?: string }): boolean {
  if (filter.schoolId !== undefined && summary.schoolId !== filter.schoolId) return false;
  if (filter.staffId !== undefined && !summary.staffIds.includes(filter.staffId)) return false;
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

/**
 * Whether a member of staff's own list (GET /me/visits) shows the line: the visit is still active,
 * or it is planned for today, the day `now` falls on in the school's zone.
 */
export function isMineToday(line: Pick<BoardSummary, 'active' | 'appointment'>, now: string, timeZone: string): boolean {
  if (line.active) return true;
  if (!line.appointment) return false;
  const day = localTime(timeZone).dateOf;
  return day(line.appointment.start) === day(now);
}

/**
 * Whether the line may belong on someone's own list, before the school's zone is known: two instants
 * on the same local day are less than a day apart (26 hours allows for a change of the clocks). A
 * cheap first cut before each candidate visit is read; a line stored before `appointment` existed
 * passes, so that the read decides.
 */
export const mayBeMineToday = (line: Pick<BoardSummary, 'active' | 'appointment'>, now: string): boolean =>
  line.active || !line.appointment || Math.abs(Date.parse(line.appointment.start) - Date.parse(now)) < 26 * 60 * 60 * 1000;

/** A member of staff's own list: the newest appointment first (lines without one last), then by visit id. */
export function byAppointmentNewestFirst(a: BoardSummary, b: BoardSummary): number {
  const start = (line: BoardSummary) => (line.appointment ? Date.parse(line.appointment.start) : Number.NEGATIVE_INFINITY);
  return start(b) - start(a) || a.visitId.localeCompare(b.visitId);
}

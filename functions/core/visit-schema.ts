import * as z from 'zod';
import { Actor } from './actor';
import { IsoTime } from './event-store';
import { AlertResolution, OverdueAlertKind, RaisedAlertKind, VISIT_EVENT_SCHEMAS as data } from './events';
import { PolicyRef, Slug } from './policy';
import { VisitDetails } from './visit-details';

/**
 * The shape of a visit's state (visit-state.ts folds it), as zod schemas: the types are inferred from
 * them, and the API's answers (VisitView.visit, History.state) are described by the same schemas, so
 * the web reads the state by the type the core folds. Each part a fact records is its event's own
 * payload schema (events.ts) with who and when beside it.
 *
 * A status carries the stamp of the event that put the visit in it ('travelling' has `departed`,
 * 'returned' has `returned`, 'ended' a decline or a cancellation); an alert's stage carries who
 * answered it. evolve folds events in whatever order they were recorded, so what earlier steps
 * recorded is carried on as it was, never assumed.
 */

/** A thing that happened: when it was recorded, who did it, and when they say it happened if that differs. */
export const Stamp = z.object({ at: IsoTime, by: Actor, claimedAt: IsoTime.optional() }).strict();
export type Stamp = z.infer<typeof Stamp>;

/** A stamp with what the event recorded beside it. */
const stamped = <S extends z.ZodRawShape>(recorded: { readonly shape: S }) => Stamp.extend(recorded.shape);

/** Who answered an alert, and when (recorded time only: an answer is never claimed for an earlier time). */
const Answer = z.object({ at: IsoTime, by: Actor }).strict();
export type Answer = z.infer<typeof Answer>;

const Raised = {
  alertId: z.string(),
  raisedAt: IsoTime,
  /** The escalation level reached (0: not escalated, or not on a ladder). */
  level: z.number().int().min(0),
  lastEscalatedAt: IsoTime.optional(),
};
/** A missed deadline's alert, with the time that was missed. */
const Overdue = { ...Raised, kind: OverdueAlertKind, dueAt: IsoTime };
/** A call for help or a concern: raised by a person, never due at a time. */
const Called = { ...Raised, kind: RaisedAlertKind };

/** Raised, nobody has said "I have it" yet: it climbs its ladder. */
const Open = { stage: z.literal('open') };
/** Someone has it: it climbs no further, but stays open until resolved. */
const Acknowledged = { stage: z.literal('acknowledged'), acknowledged: Answer };
/** Closed: how, by whom, and (resolve-alert) why. A call for help called off, or answered by a check-in, was never acknowledged. */
const Resolved = {
  stage: z.literal('resolved'),
  acknowledged: Answer.optional(),
  resolved: Answer.extend({ resolution: AlertResolution, reason: z.string().optional() }),
};

/** An alert on the visit: what raised it, and where it is in its life (open → acknowledged → resolved). */
export const Alert = z.union([
  z.object({ ...Overdue, ...Open }).strict(),
  z.object({ ...Overdue, ...Acknowledged }).strict(),
  z.object({ ...Overdue, ...Resolved }).strict(),
  z.object({ ...Called, ...Open }).strict(),
  z.object({ ...Called, ...Acknowledged }).strict(),
  z.object({ ...Called, ...Resolved }).strict(),
]);
export type Alert = z.infer<typeof Alert>;
export type AlertStage = Alert['stage'];
export const ALERT_STAGES = ['open', 'acknowledged', 'resolved'] as const satisfies readonly AlertStage[];

/** A follow-up rule scheduled when the visit closed: when it falls due, and whether it did or was settled first. */
export const ScheduledFollowUp = z
  .object({
    /** The policy's rule id (policy.followUps[].id). */
    id: Slug,
    dueAt: IsoTime,
    /** Recorded as due (FollowUpDue): its notice has gone out. */
    due: Stamp.optional(),
    /** Settled before it fell due (FollowUpResolved): never announced. */
    resolved: Stamp.extend({ note: z.string() }).optional(),
  })
  .strict();
export type ScheduledFollowUp = z.infer<typeof ScheduledFollowUp>;

const Authorised = stamped(data.VisitAuthorised);
const Declined = stamped(data.VisitDeclined);
const RiskAssessed = stamped(data.RiskAssessed);
const Entered = stamped(data.Entered);
const Left = stamped(data.LeftHome);
const Cancelled = stamped(data.VisitCancelled);
const Closed = Stamp.extend({ outcome: data.VisitClosed.shape.outcome });
const Filed = stamped(data.ReportFiled);
const Rescheduled = stamped(data.VisitRescheduled).extend({ withdrawn: Answer.optional() });
const LateNotice = stamped(data.ParentReportedLate);
const FamilyAtDoor = stamped(data.FamilyCameToDoor);
const CheckInClock = z
  .object({ from: IsoTime, basis: z.enum(['check-in', 'acknowledgement']), moreMinutes: z.number().int().min(1).optional() })
  .strict();
const MoreTime = stamped(data.MoreTimeTaken);
const Concern = stamped(data.SafeguardingConcernRaised);
const Breach = stamped(data.SafeguardingRuleBreached);
const Reminder = stamped(data.CheckInReminderSent);
const WatchLost = stamped(data.WatchLost).extend({ version: z.number().int().min(1) });

/** What every status holds: the visit as requested, and whatever has happened to it so far. */
const VisitBase = z
  .object({
    visitId: z.string(),
    policy: PolicyRef,
    details: VisitDetails,
    /** Version of the last event folded in: the expected version of the next append. */
    version: z.number().int().min(1),
    /**
     * The latest `recordedAt` folded in: the stream's own "now so far". decide never records an event
     * before it, so a stream's recorded times never go backwards even when a clock does.
     */
    lastRecordedAt: IsoTime,
    requested: Stamp,
    authorised: Authorised.optional(),
    declined: Declined.optional(),
    /**
     * Each change to the arrangement before anyone set out (`details` already holds the new values),
     * with the authorisation it withdrew where the visit went back to be authorised again.
     */
    rescheduled: z.array(Rescheduled).optional(),
    risk: RiskAssessed.optional(),
    departed: Stamp.optional(),
    lateNotice: LateNotice.optional(),
    arrived: Stamp.optional(),
    /** The family came to the door (FamilyCameToDoor): the wait for them is over; a doorstep visit may complete. */
    familyAtDoor: FamilyAtDoor.optional(),
    entered: Entered.optional(),
    left: Left.optional(),
    returned: Stamp.optional(),
    cancelled: Cancelled.optional(),
    /**
     * The check-in clock runs from here: the last check-in, or an acknowledgement that re-armed it;
     * `moreMinutes`: what "I need more time" added to it since (a new start of the clock drops it).
     */
    checkInClock: CheckInClock.optional(),
    /** Each "I need more time", in order. */
    moreTime: z.array(MoreTime).optional(),
    checkIns: z.array(Stamp),
    alerts: z.array(Alert),
    concerns: z.array(Concern),
    breaches: z.array(Breach),
    /** The check-in reminders sent, one per due time (absent until the first, and on older streams). */
    checkInReminders: z.array(Reminder).optional(),
    closed: Closed.optional(),
    /** The follow-up rules scheduled at closing (absent when none applied, and on older streams). */
    followUps: z.array(ScheduledFollowUp).optional(),
    report: Filed.optional(),
    /** The last time the workflow lost its watch on the visit, and at which version (so it is told once per change). */
    watchLost: WatchLost.optional(),
  })
  .strict();

/** A visit by its status, each status with the stamp that put it there. */
export const Visit = z.union([
  /** Waiting for authorisation: nothing is authorised or assessed (a change that asks for authorising again withdraws both). */
  VisitBase.extend({ status: z.literal('requested'), authorised: z.never().optional(), risk: z.never().optional() }),
  /** Waiting for the risk assessment. */
  VisitBase.extend({ status: z.literal('authorised'), authorised: Authorised }),
  /** May depart. */
  VisitBase.extend({ status: z.literal('ready'), risk: RiskAssessed }),
  VisitBase.extend({ status: z.literal('travelling'), departed: Stamp }),
  /** Waiting for the family. */
  VisitBase.extend({ status: z.literal('at-door'), arrived: Stamp }),
  VisitBase.extend({ status: z.literal('in-home'), entered: Entered }),
  /** Left the home, or cancelled while out (then `left` is the cancellation): the safe return is due. */
  VisitBase.extend({ status: z.literal('returning'), left: Left }),
  VisitBase.extend({ status: z.literal('returned'), returned: Stamp }),
  /** Declined, or cancelled before anyone went out: nothing to return from. */
  VisitBase.extend({ status: z.literal('ended'), declined: Declined }),
  VisitBase.extend({ status: z.literal('ended'), cancelled: Cancelled }),
  VisitBase.extend({ status: z.literal('closed'), closed: Closed }),
  VisitBase.extend({ status: z.literal('filed'), report: Filed }),
]);
export type Visit = z.infer<typeof Visit>;
export type VisitStatus = Visit['status'];
/** The visit while it is in one of these statuses. */
export type VisitIn<S extends VisitStatus> = Extract<Visit, { status: S }>;

/** Before the visit was requested: no visit yet. */
export const NoVisit = z.object({ status: z.literal('none'), version: z.literal(0) }).strict();
export const VisitState = z.union([NoVisit, Visit]);
export type VisitState = z.infer<typeof VisitState>;

/**
 * The parts of the state by the names the API's document gives them (functions/api/openapi.ts), so
 * each is described once there and referred to from every status that holds it.
 */
export const VISIT_STATE_PARTS = {
  Visit,
  Alert,
  Stamp,
  AlertAnswer: Answer,
  VisitDetails,
  PolicyRef,
  Authorisation: Authorised,
  Decline: Declined,
  RiskAssessment: RiskAssessed,
  Entry: Entered,
  Leaving: Left,
  Cancellation: Cancelled,
  Closing: Closed,
  ReportFiling: Filed,
  Reschedule: Rescheduled,
  LateNotice,
  FamilyAtDoor,
  CheckInClock,
  MoreTime,
  Concern,
  RuleBreach: Breach,
  CheckInReminder: Reminder,
  ScheduledFollowUp,
  WatchLost,
} as const satisfies Record<string, z.ZodType>;

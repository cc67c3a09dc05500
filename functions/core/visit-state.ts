import type { Actor } from './actor';
import type { AlertKind, AlertResolution, CancellationReason, EventData, Person, RiskOutcome, VisitEvent, VisitNotes } from './events';
import type { PolicyRef } from './policy';
import { latest } from './time';
import type { VisitDetails } from './visit-details';

/**
 * A visit's state, folded from its events. `status` says where the visit is; the timeline fields
 * say what has happened. evolve never refuses: events are facts, decide is where rules live.
 */

export type VisitStatus =
  | 'requested' // waiting for authorisation
  | 'authorised' // waiting for the risk assessment
  | 'ready' // may depart
  | 'travelling'
  | 'at-door' // waiting for the family
  | 'in-home'
  | 'returning' // left the home (or cancelled while out): safe return due
  | 'returned'
  | 'ended' // declined or cancelled before anyone went out: nothing to return from
  | 'closed'
  | 'filed';

export interface Alert {
  readonly alertId: string;
  readonly kind: AlertKind;
  readonly raisedAt: string;
  readonly dueAt?: string;
  readonly level: number;
  readonly lastEscalatedAt?: string;
  /** Who said "I have it", and when: the alert stops climbing its ladder, but stays open until resolved. */
  readonly acknowledgedBy?: Actor;
  readonly acknowledgedAt?: string;
  /** When and by whom it was closed, how, and (resolve-alert) why. */
  readonly resolvedAt?: string;
  readonly resolvedBy?: Actor;
  readonly resolution?: AlertResolution;
  readonly reason?: string;
}

/** A follow-up rule scheduled when the visit closed: when it falls due, and whether it did or was settled first. */
export interface ScheduledFollowUp {
  /** The policy's rule id (policy.followUps[].id). */
  readonly id: string;
  readonly dueAt: string;
  /** Recorded as due (FollowUpDue): its notice has gone out. */
  readonly due?: Stamp;
  /** Settled before it fell due (FollowUpResolved): never announced. */
  readonly resolved?: Stamp & { readonly note: string };
}

export interface Stamp {
  readonly at: string;
  readonly by: Actor;
  /** When the actor says it happened, where it differs from when it was recorded. */
  readonly claimedAt?: string;
}

export interface Visit {
  readonly status: VisitStatus;
  readonly visitId: string;
  readonly policy: PolicyRef;
  readonly details: VisitDetails;
  /** Version of the last event folded in: the expected version of the next append. */
  readonly version: number;
  /**
   * The latest `recordedAt` folded in: the stream's own "now so far". decide never records an event
   * before it, so a stream's recorded times never go backwards even when a clock does.
   */
  readonly lastRecordedAt: string;
  readonly requested: Stamp;
  readonly authorised?: Stamp & EventData<'VisitAuthorised'>;
  readonly declined?: Stamp & { reason: string };
  /**
   * Each change to the arrangement before anyone set out (`details` already holds the new values),
   * with the authorisation it withdrew where the visit went back to be authorised again.
   */
  readonly rescheduled?: readonly (Stamp & EventData<'VisitRescheduled'> & { readonly withdrawn?: Stamp })[];
  readonly risk?: Stamp & EventData<'RiskAssessed'>;
  readonly departed?: Stamp;
  readonly lateNotice?: Stamp & { expectedAt: string };
  readonly arrived?: Stamp;
  /** The family came to the door (FamilyCameToDoor): the wait for them is over; a doorstep visit may complete. */
  readonly familyAtDoor?: Stamp & EventData<'FamilyCameToDoor'>;
  readonly entered?: Stamp & { peoplePresent: Person[] };
  readonly left?: Stamp & EventData<'LeftHome'>;
  readonly returned?: Stamp;
  readonly cancelled?: Stamp & EventData<'VisitCancelled'>;
  /**
   * The check-in clock runs from here: the last check-in, or an acknowledgement that re-armed it;
   * `moreMinutes`: what "I need more time" added to it since (a new start of the clock drops it).
   */
  readonly checkInClock?: { readonly from: string; readonly basis: 'check-in' | 'acknowledgement'; readonly moreMinutes?: number };
  /** Each "I need more time", in order. */
  readonly moreTime?: readonly (Stamp & EventData<'MoreTimeTaken'>)[];
  readonly checkIns: readonly Stamp[];
  readonly alerts: readonly Alert[];
  readonly concerns: readonly (Stamp & EventData<'SafeguardingConcernRaised'>)[];
  readonly breaches: readonly (Stamp & EventData<'SafeguardingRuleBreached'>)[];
  /** The check-in reminders sent, one per due time (absent until the first, and on older streams). */
  readonly checkInReminders?: readonly (Stamp & EventData<'CheckInReminderSent'>)[];
  readonly closed?: Stamp & { outcome: EventData<'VisitClosed'>['outcome'] };
  /** The follow-up rules scheduled at closing (absent when none applied, and on older streams). */
  readonly followUps?: readonly ScheduledFollowUp[];
  readonly report?: Stamp & EventData<'ReportFiled'>;
  /** The last time the workflow lost its watch on the visit, and at which version (so it is told once per change). */
  readonly watchLost?: Stamp & EventData<'WatchLost'> & { readonly version: number };
}

export type VisitState = { readonly status: 'none'; readonly version: 0 } | Visit;

export const initialState: VisitState = { status: 'none', version: 0 };

export type { CancellationReason, RiskOutcome };

function stamp(event: VisitEvent): Stamp {
  const { actor, recordedAt, claimedAt } = event.meta;
  return claimedAt && claimedAt !== recordedAt ? { at: recordedAt, by: actor, claimedAt } : { at: recordedAt, by: actor };
}

function updateAlert(visit: Visit, alertId: string, change: (alert: Alert) => Alert): readonly Alert[] {
  return visit.alerts.map((alert) => (alert.alertId === alertId ? change(alert) : alert));
}

function updateFollowUp(visit: Visit, id: string, change: (followUp: ScheduledFollowUp) => ScheduledFollowUp): readonly ScheduledFollowUp[] {
  return (visit.followUps ?? []).map((followUp) => (followUp.id === id ? change(followUp) : followUp));
}

export function evolve(state: VisitState, event: VisitEvent, version = state.version + 1): VisitState {
  if (event.type === 'VisitRequested') {
    if (state.status !== 'none') return state;
    return {
      status: 'requested',
      visitId: event.data.visitId,
      policy: event.data.policy,
      details: event.data.details,
      version,
      lastRecordedAt: event.meta.recordedAt,
      requested: stamp(event),
      checkIns: [],
      alerts: [],
      concerns: [],
      breaches: [],
    };
  }
  if (state.status === 'none') return state;
  const at = event.meta.recordedAt;
  const visit: Visit = { ...state, version, lastRecordedAt: latest(state.lastRecordedAt, at) };
  switch (event.type) {
    case 'VisitAuthorised':
      return { ...visit, status: 'authorised', authorised: { ...stamp(event), ...event.data } };
    case 'VisitDeclined':
      return { ...visit, status: 'ended', declined: { ...stamp(event), ...event.data } };
    case 'VisitRescheduled': {
      const details = { ...visit.details, ...event.data.changes };
      const withdrawn = event.data.reauthorise && visit.authorised ? { withdrawn: { at: visit.authorised.at, by: visit.authorised.by } } : {};
      const rescheduled = [...(visit.rescheduled ?? []), { ...stamp(event), ...event.data, ...withdrawn }];
      if (!event.data.reauthorise) return { ...visit, details, rescheduled };
      // Back to be authorised again: the authorisation and the risk assessment made on it no longer stand.
      const { authorised: _authorised, risk: _risk, ...rest } = visit;
      return { ...rest, status: 'requested', details, rescheduled };
    }
    case 'RiskAssessed':
      return { ...visit, status: 'ready', risk: { ...stamp(event), ...event.data } };
    case 'Departed':
      // Leaving for the visit is the "check in before" of every seed policy.
      return { ...visit, status: 'travelling', departed: stamp(event), checkInClock: { from: at, basis: 'check-in' } };
    case 'ParentReportedLate':
      return { ...visit, lateNotice: { ...stamp(event), ...event.data } };
    case 'MoreTimeTaken': {
      const clock = visit.checkInClock;
      return {
        ...visit,
        moreTime: [...(visit.moreTime ?? []), { ...stamp(event), ...event.data }],
        checkInClock: event.data.moves === 'check-in' && clock ? { ...clock, moreMinutes: (clock.moreMinutes ?? 0) + event.data.minutes } : clock,
      };
    }
    case 'Arrived':
      return { ...visit, status: 'at-door', arrived: stamp(event) };
    case 'FamilyCameToDoor':
      return { ...visit, familyAtDoor: { ...stamp(event), ...event.data } };
    case 'Entered':
      return { ...visit, status: 'in-home', entered: { ...stamp(event), ...event.data } };
    case 'CheckedIn':
      return {
        ...visit,
        checkIns: [...visit.checkIns, stamp(event)],
        checkInClock: { from: at, basis: 'check-in' },
        alerts: event.data.duress ? [...visit.alerts, { alertId: event.data.duress.alertId, kind: 'duress', raisedAt: at, level: 0 }] : visit.alerts,
      };
    case 'LeftHome':
      return { ...visit, status: 'returning', left: { ...stamp(event), ...event.data } };
    case 'ReturnedSafely':
      return { ...visit, status: 'returned', returned: stamp(event) };
    case 'VisitCancelled':
      return {
        ...visit,
        status: event.data.staffOut ? 'returning' : 'ended',
        cancelled: { ...stamp(event), ...event.data },
        left: event.data.staffOut && !visit.left ? stamp(event) : visit.left,
      };
    case 'CheckInOverdue':
      return {
        ...visit,
        alerts: [
          ...visit.alerts,
          { alertId: event.data.alertId, kind: event.data.kind, raisedAt: at, dueAt: event.data.dueAt, level: 0 },
        ],
      };
    case 'PanicRaised':
      return { ...visit, alerts: [...visit.alerts, { alertId: event.data.alertId, kind: 'panic', raisedAt: at, level: 0 }] };
    case 'DuressRaised':
      return { ...visit, alerts: [...visit.alerts, { alertId: event.data.alertId, kind: 'duress', raisedAt: at, level: 0 }] };
    case 'FalseAlarmCancelled':
      // Under duress the call for help is not over: it stays open beside the duress alert.
      return event.data.duress
        ? { ...visit, alerts: [...visit.alerts, { alertId: event.data.duress.alertId, kind: 'duress', raisedAt: at, level: 0 }] }
        : {
            ...visit,
            alerts: updateAlert(visit, event.data.alertId, (alert) => ({ ...alert, resolvedAt: at, resolvedBy: event.meta.actor, resolution: 'cancelled' })),
          };
    case 'AlertEscalated':
      return {
        ...visit,
        alerts: updateAlert(visit, event.data.alertId, (alert) => ({ ...alert, level: event.data.level, lastEscalatedAt: at })),
      };
    case 'AlertAcknowledged': {
      // Someone chasing a staff member re-arms their check-in clock; taking on a safeguarding concern does not.
      const concern = visit.alerts.some((alert) => alert.alertId === event.data.alertId && alert.kind === 'safeguarding-concern');
      return {
        ...visit,
        // The first to say "I have it" has it.
        alerts: updateAlert(visit, event.data.alertId, (alert) =>
          alert.acknowledgedBy ? alert : { ...alert, acknowledgedBy: event.meta.actor, acknowledgedAt: at },
        ),
        checkInClock: concern ? visit.checkInClock : visit.checkInClock && { from: at, basis: 'acknowledgement' },
      };
    }
    case 'AlertResolved':
      return {
        ...visit,
        alerts: updateAlert(visit, event.data.alertId, (alert) => ({
          ...alert,
          resolvedAt: at,
          resolvedBy: event.meta.actor,
          resolution: event.data.resolution,
          ...(event.data.reason ? { reason: event.data.reason } : {}),
        })),
      };
    case 'SafeguardingConcernRaised':
      return {
        ...visit,
        concerns: [...visit.concerns, { ...stamp(event), ...event.data }],
        // Told to the ladder's first level at once; its fallbacks follow unless someone answers.
        alerts: event.data.alertId
          ? [...visit.alerts, { alertId: event.data.alertId, kind: 'safeguarding-concern', raisedAt: at, level: 1, lastEscalatedAt: at }]
          : visit.alerts,
      };
    case 'SafeguardingRuleBreached':
      return { ...visit, breaches: [...visit.breaches, { ...stamp(event), ...event.data }] };
    case 'CheckInReminderSent':
      return { ...visit, checkInReminders: [...(visit.checkInReminders ?? []), { ...stamp(event), ...event.data }] };
    case 'VisitClosed': {
      const { followUps, ...closed } = event.data;
      return {
        ...visit,
        status: 'closed',
        closed: { ...stamp(event), ...closed },
        ...(followUps ? { followUps: followUps.map(({ id, dueAt }) => ({ id, dueAt })) } : {}),
      };
    }
    case 'FollowUpDue':
      return { ...visit, followUps: updateFollowUp(visit, event.data.followUpId, (followUp) => ({ ...followUp, due: stamp(event) })) };
    case 'FollowUpResolved':
      return {
        ...visit,
        followUps: updateFollowUp(visit, event.data.followUpId, (followUp) => ({ ...followUp, resolved: { ...stamp(event), note: event.data.note } })),
      };
    case 'ReportFiled':
      return { ...visit, status: 'filed', report: { ...stamp(event), ...event.data } };
    case 'WatchLost':
      return { ...visit, watchLost: { ...stamp(event), ...event.data, version } };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Fold a stream (in version order) into state; `asOf` stops at events recorded after that time. */
export function fold(events: readonly (VisitEvent & { version?: number })[], asOf?: string): VisitState {
  let state = initialState;
  for (const event of events) {
    if (asOf !== undefined && Date.parse(event.meta.recordedAt) > Date.parse(asOf)) break;
    state = evolve(state, event, event.version ?? state.version + 1);
  }
  return state;
}

/** Alerts not yet resolved, acknowledged or not: an answered alert is not a handled one. */
export const openAlerts = (visit: Visit): Alert[] => visit.alerts.filter((alert) => !alert.resolvedAt);

/** The scheduled follow-ups still to come: neither recorded as due nor settled. */
export const pendingFollowUps = (visit: Visit): ScheduledFollowUp[] =>
  (visit.followUps ?? []).filter((followUp) => !followUp.due && !followUp.resolved);

/**
 * The caller is one of the people on the visit, in whatever group they act (a DSL who makes the
 * visit herself is on it as much as a member of staff). Who may be sent is checked when the visit is
 * requested (policy.duties.carryOut); auditors and the workflow are never on a visit.
 */
export const isAssignedStaff = (visit: Visit, actor: Actor): boolean =>
  actor.role !== 'auditor' && actor.role !== 'system' && visit.details.staff.some((member) => member.userId === actor.userId);

/** Staff are away from school and their safety is being watched. */
export const staffAreOut = (visit: Pick<Visit, 'status'>): boolean =>
  visit.status === 'travelling' || visit.status === 'at-door' || visit.status === 'in-home' || visit.status === 'returning';

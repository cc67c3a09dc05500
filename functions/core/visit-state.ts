import type { Actor } from './actor';
import { isOverdueKind, type CancellationReason, type OverdueAlertKind, type RiskOutcome, type VisitEvent } from './events';
import { latest } from './time';
import type { Alert, Answer, ScheduledFollowUp, Stamp, Visit, VisitState } from './visit-schema';

/**
 * A visit's state, folded from its events: a union by `status`, each status with the stamp that put
 * it there (visit-schema.ts holds the shape). evolve never refuses: events are facts, decide is where
 * rules live. An event that comes in a status its rule would not allow folds as it always has.
 */

export type { Alert, AlertStage, ScheduledFollowUp, Stamp, Visit, VisitIn, VisitState, VisitStatus } from './visit-schema';

export const initialState: VisitState = { status: 'none', version: 0 };

export type { CancellationReason, RiskOutcome };

function stamp(event: VisitEvent): Stamp {
  const { actor, recordedAt, claimedAt } = event.meta;
  return claimedAt && claimedAt !== recordedAt ? { at: recordedAt, by: actor, claimedAt } : { at: recordedAt, by: actor };
}

const answer = (event: VisitEvent): Answer => ({ at: event.meta.recordedAt, by: event.meta.actor });

function updateAlert(visit: Visit, alertId: string, change: (alert: Alert) => Alert): Alert[] {
  return visit.alerts.map((alert) => (alert.alertId === alertId ? change(alert) : alert));
}

/** A call for help (panic, duress), raised open: on no ladder, level 0. */
const called = (alertId: string, kind: 'panic' | 'duress', at: string): Alert => ({ alertId, kind, raisedAt: at, level: 0, stage: 'open' });

/** The first to say "I have it" has it. One resolved before anyone had it (older streams) is acknowledged after the fact, and stays resolved. */
function acknowledged(alert: Alert, by: Answer): Alert {
  if (alert.stage === 'open') return { ...alert, stage: 'acknowledged', acknowledged: by };
  return alert.stage === 'resolved' && !alert.acknowledged ? { ...alert, acknowledged: by } : alert;
}

/** Closed, whatever stage it was in; who had it (if anyone) is kept. */
const resolved = (alert: Alert, resolution: Extract<Alert, { stage: 'resolved' }>['resolved']): Alert => ({ ...alert, stage: 'resolved', resolved: resolution });

function updateFollowUp(visit: Visit, id: string, change: (followUp: ScheduledFollowUp) => ScheduledFollowUp): ScheduledFollowUp[] {
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
        alerts: event.data.duress ? [...visit.alerts, called(event.data.duress.alertId, 'duress', at)] : visit.alerts,
      };
    case 'LeftHome':
      return { ...visit, status: 'returning', left: { ...stamp(event), ...event.data } };
    case 'ReturnedSafely':
      return { ...visit, status: 'returned', returned: stamp(event) };
    case 'VisitCancelled': {
      const cancelled = { ...stamp(event), ...event.data };
      // Staff who were out leave at the cancellation (unless they had left already), and must still return safely.
      return event.data.staffOut
        ? { ...visit, status: 'returning', cancelled, left: visit.left ?? stamp(event) }
        : { ...visit, status: 'ended', cancelled };
    }
    case 'CheckInOverdue':
      return {
        ...visit,
        alerts: [
          ...visit.alerts,
          { alertId: event.data.alertId, kind: event.data.kind, raisedAt: at, dueAt: event.data.dueAt, level: 0, stage: 'open' },
        ],
      };
    case 'PanicRaised':
      return { ...visit, alerts: [...visit.alerts, called(event.data.alertId, 'panic', at)] };
    case 'DuressRaised':
      return { ...visit, alerts: [...visit.alerts, called(event.data.alertId, 'duress', at)] };
    case 'FalseAlarmCancelled':
      // Under duress the call for help is not over: it stays open beside the duress alert.
      return event.data.duress
        ? { ...visit, alerts: [...visit.alerts, called(event.data.duress.alertId, 'duress', at)] }
        : { ...visit, alerts: updateAlert(visit, event.data.alertId, (alert) => resolved(alert, { ...answer(event), resolution: 'cancelled' })) };
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
        alerts: updateAlert(visit, event.data.alertId, (alert) => acknowledged(alert, answer(event))),
        checkInClock: concern ? visit.checkInClock : visit.checkInClock && { from: at, basis: 'acknowledgement' },
      };
    }
    case 'AlertResolved':
      return {
        ...visit,
        alerts: updateAlert(visit, event.data.alertId, (alert) =>
          resolved(alert, { ...answer(event), resolution: event.data.resolution, ...(event.data.reason ? { reason: event.data.reason } : {}) }),
        ),
      };
    case 'SafeguardingConcernRaised':
      return {
        ...visit,
        concerns: [...visit.concerns, { ...stamp(event), ...event.data }],
        // Told to the ladder's first level at once; its fallbacks follow unless someone answers.
        alerts: event.data.alertId
          ? [...visit.alerts, { alertId: event.data.alertId, kind: 'safeguarding-concern', raisedAt: at, level: 1, lastEscalatedAt: at, stage: 'open' }]
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
export const openAlerts = (visit: Pick<Visit, 'alerts'>): UnresolvedAlert[] => visit.alerts.filter((alert) => alert.stage !== 'resolved');

/** An alert still open: nobody has it yet, or someone has it but it is not resolved. */
export type UnresolvedAlert = Exclude<Alert, { stage: 'resolved' }>;

/** A missed deadline's alert, with the time that was missed. */
export type OverdueAlert = Extract<Alert, { kind: OverdueAlertKind }>;
export const isOverdue = <A extends Alert>(alert: A): alert is Extract<A, { kind: OverdueAlertKind }> => isOverdueKind(alert.kind);

/** Who said "I have it", if anyone has. */
export const acknowledgementOf = (alert: Alert): Answer | undefined => (alert.stage === 'open' ? undefined : alert.acknowledged);

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

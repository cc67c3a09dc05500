import type { CommandOf } from '../commands';
import type { Actor, HumanRole } from '../actor';
import { actedOnce, alertRaisedBy, climbsTheLadder, ladderOf, nextEscalation, runningDeadline } from '../deadlines';
import { accept, conflict, forbidden, type Decision, type Refusal } from '../decision';
import { visitEvent, type AlertResolution, type EventData } from '../events';
import type { EscalationLevel, Policy } from '../policy';
import { groupsOf, mayDo, whoMay } from '../policy-people';
import { isAtOrAfter } from '../time';
import { isAssignedStaff, openAlerts, type UnresolvedAlert, type Visit, type VisitState } from '../visit-state';
import { eventMeta, isRefusal, mintId, requireAccepted, requireVisit, requireWorkflow } from './guards';

/** Deadlines that passed, escalation, acknowledging and resolving alerts, panic and concerns: keeping staff safe. */

export function deadlinePassed(command: CommandOf<'deadline-passed'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta);
  if (refusal) return refusal;
  const { kind } = command.body;
  const deadline = runningDeadline(kind, visit, policy);
  if (!deadline) return conflict('no-such-deadline', `the visit (${visit.status}) has no ${kind} deadline running`);
  // A timer that fires early (clock skew, a stale execution) must never cancel a visit or raise a false alarm.
  if (!isAtOrAfter(command.meta.now, deadline.at)) {
    return conflict('deadline-not-reached', `the ${kind} deadline is ${deadline.at}`);
  }
  const meta = eventMeta(command.meta);
  if (kind === 'parent-arrival') {
    const late = Boolean(visit.lateNotice);
    return accept(
      visitEvent(
        'VisitCancelled',
        {
          reason: late ? 'parent-too-late' : 'parent-no-show',
          rule: deadline.rule,
          detail: late
            ? `The family were more than ${policy.arrival.maxLatenessAfterNoticeMinutes} minutes late; the visit was cancelled without entering.`
            : `Nobody came to the door within ${policy.arrival.parentNoShowMinutes} minutes of the arranged time; the visit was cancelled.`,
          staffOut: true,
        },
        meta,
      ),
    );
  }
  // The deadlines the policy names (policy.checkIns), each acting once per due time (deadlines.ts actedOnce).
  if (deadline.kind === 'check-in-reminder') {
    if (actedOnce(deadline, visit)) return conflict('reminder-already-sent', `the staff have been reminded of the check-in due at ${deadline.reminds}`);
    return accept(visitEvent('CheckInReminderSent', { dueAt: deadline.reminds, minutesBefore: policy.checkIns.reminderMinutesBefore }, meta));
  }
  const alertKind = alertRaisedBy(deadline.kind);
  if (!alertKind) return conflict('no-such-deadline', `the ${kind} deadline raises no alert`);
  if (kind === 'expected-return') {
    if (actedOnce(deadline, visit)) return conflict('alert-already-raised', `staff not back by ${deadline.at}: that alert has already been raised`);
  } else if (openAlerts(visit).some((alert) => alert.kind === alertKind && (alert.stage === 'open' || alert.dueAt === deadline.at))) {
    // One alert per missed deadline. An acknowledged one stays open until resolved, but it re-armed the
    // clock: this deadline is a new one, missed too, and raises its own alert.
    return conflict('alert-already-open', `a ${alertKind} alert is already open for this visit`);
  }
  const alertId = mintId('alert', visit);
  return accept(
    visitEvent('CheckInOverdue', { alertId, kind: alertKind, dueAt: deadline.at }, meta),
    visitEvent('AlertEscalated', escalation(alertId, policy.escalation.levels[0]!, policy), meta),
  );
}

export function escalate(command: CommandOf<'escalate'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta);
  if (refusal) return refusal;
  const alert = visit.alerts.find((candidate) => candidate.alertId === command.body.alertId);
  if (!alert) return conflict('alert-not-found', `no alert ${command.body.alertId}`);
  if (alert.stage !== 'open') return conflict('alert-answered', 'the alert has been answered');
  if (!climbsTheLadder(alert)) return conflict('not-on-the-ladder', `a ${alert.kind} alert went to everyone at once; a person answers it`);
  const next = nextEscalation(alert, policy);
  if (!next) return conflict('top-of-ladder', 'the alert is at the top of the escalation ladder');
  if (!isAtOrAfter(command.meta.now, next.at)) return conflict('escalation-not-due', `level ${next.level} is due at ${next.at}`);
  return accept(visitEvent('AlertEscalated', escalation(alert.alertId, ladderOf(alert, policy)[next.level - 1]!, policy), eventMeta(command.meta)));
}

/** A level of a ladder as the event records it: the groups delivery routes on, and the policy's ids and words. */
const escalation = (alertId: string, level: EscalationLevel, policy: Policy): EventData<'AlertEscalated'> => ({
  alertId,
  level: level.level,
  notify: groupsOf(policy, level.notify),
  recipients: level.notify,
  instruction: level.instruction,
});

/**
 * Whoever the policy says may answer an alert, and whoever an alert may reach (the ladders, panic
 * and duress), may acknowledge it and resolve it: one rule for both acts.
 */
function requireAnswerer(policy: Policy, actor: Actor, act: 'acknowledge' | 'resolve'): Refusal | undefined {
  const reached = [...policy.escalation.levels, ...policy.concerns.ladder, policy.alerts.panic, policy.alerts.duress].flatMap((level) => level.notify);
  if (mayDo(policy, 'acknowledge', actor) || groupsOf(policy, reached).includes(actor.role as HumanRole)) return undefined;
  return forbidden('acknowledger-role', `at ${policy.schoolName} only ${whoMay(policy, 'acknowledge')}, or those an alert reached, may ${act} it`);
}

/** How an alert was closed, in words after "the alert was already resolved". */
const HOW_RESOLVED: Record<AlertResolution, string> = {
  'checked-in': 'by a check-in',
  returned: 'when the staff returned',
  acknowledged: 'when it was acknowledged',
  resolved: '',
  cancelled: 'as a false alarm, by the staff with their cancel PIN',
};

/**
 * The open alert a person answers. A duress alert does not exist for the staff on the visit,
 * whatever group they act in (a DSL may make the visit herself): whoever holds their phone must not
 * learn of it by its answer, nor be able to silence it.
 */
function openAlertOf(visit: Visit, alertId: string, actor: Actor): UnresolvedAlert | Refusal {
  const alert = visit.alerts.find((candidate) => candidate.alertId === alertId);
  if (!alert || (alert.kind === 'duress' && isAssignedStaff(visit, actor))) return conflict('alert-not-found', `no alert ${alertId}`);
  if (alert.stage === 'resolved') {
    const { resolution, reason } = alert.resolved;
    const how = resolution === 'resolved' && reason ? `: ${reason}` : ` ${HOW_RESOLVED[resolution]}`;
    return conflict('alert-already-resolved', `the alert was already resolved${how.trimEnd()}`);
  }
  return alert;
}

/**
 * "I have it": the alert stops climbing its ladder (escalate refuses it, deadlines.ts times no
 * escalation for it) and a missed check-in's clock is re-armed, but it stays open, and the visit does
 * not close over it, until someone resolves it (resolve-alert). An alert answered is not an alert handled.
 */
export function acknowledge(command: CommandOf<'acknowledge'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireAnswerer(policy, command.meta.actor, 'acknowledge');
  if (refusal) return refusal;
  const alert = openAlertOf(visit, command.body.alertId, command.meta.actor);
  if (isRefusal(alert)) return alert;
  if (alert.stage === 'acknowledged') {
    const { by, at } = alert.acknowledged;
    return conflict('alert-already-acknowledged', `${by.name ?? by.userId} acknowledged the alert at ${at}; resolve it when it is handled`);
  }
  return accept(
    visitEvent('AlertAcknowledged', { alertId: alert.alertId, ...(command.body.note ? { note: command.body.note } : {}) }, eventMeta(command.meta)),
  );
}

/** The alert is handled, in the resolver's words. Resolving implies having it: an alert nobody acknowledged is acknowledged first, in the same decision. */
export function resolveAlert(command: CommandOf<'resolve-alert'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireAnswerer(policy, command.meta.actor, 'resolve');
  if (refusal) return refusal;
  const alert = openAlertOf(visit, command.body.alertId, command.meta.actor);
  if (isRefusal(alert)) return alert;
  const meta = eventMeta(command.meta);
  const resolved = visitEvent('AlertResolved', { alertId: alert.alertId, resolution: 'resolved', reason: command.body.reason }, meta);
  return alert.stage === 'acknowledged' ? accept(resolved) : accept(visitEvent('AlertAcknowledged', { alertId: alert.alertId }, meta), resolved);
}

export function panic(command: CommandOf<'panic'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  // Panic is never refused for the visit's state: staff may press it from the car park or after
  // leaving. Only someone assigned to the visit can raise it for this visit.
  if (!isAssignedStaff(visit, command.meta.actor)) return forbidden('assigned-staff-only', 'only the assigned staff may raise panic');
  return accept(visitEvent('PanicRaised', { alertId: mintId('panic', visit), ...command.body }, eventMeta(command.meta)));
}

/**
 * A call for help pressed by mistake, called off by the staff on the visit with their cancel PIN
 * (the service has checked it: `pin` is its verdict). With the duress code the answer and the events
 * the phone reads are the same, but the call for help stays open and a silent duress alert rides on it.
 */
export function cancelAlarm(command: CommandOf<'cancel-alarm'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { actor } = command.meta;
  if (!isAssignedStaff(visit, actor)) return forbidden('assigned-staff-only', 'only the staff on the visit may call off their call for help');
  const alert = openAlertOf(visit, command.body.alertId, actor);
  if (isRefusal(alert)) return alert;
  if (alert.kind !== 'panic') return conflict('not-a-call-for-help', `alert ${alert.alertId} is not a call for help: the office resolves it`);
  if (command.body.pin !== 'theirs') return conflict('cancel-pin-wrong', 'that is not your cancel PIN: the call for help stays open');
  const duress = command.body.duress ? { duress: { alertId: mintId('duress', visit) } } : {};
  return accept(visitEvent('FalseAlarmCancelled', { alertId: alert.alertId, ...duress }, eventMeta(command.meta)));
}

export function raiseConcern(command: CommandOf<'raise-concern'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { actor } = command.meta;
  // Auditors are refused before any command is decided (decide/index.ts).
  if (actor.role === 'system') return forbidden('concern-raiser-role', 'a person raises a concern, never the workflow');
  if (actor.role === 'staff' && !isAssignedStaff(visit, actor)) {
    return forbidden('assigned-staff-only', 'only the assigned staff may raise a concern from this visit');
  }
  const refusal = requireAccepted(visit, 'raise-concern', 'visit-not-started', 'raise a concern');
  if (refusal) return refusal;
  const [first, ...fallbacks] = policy.concerns.ladder;
  return accept(
    visitEvent(
      'SafeguardingConcernRaised',
      {
        concernId: mintId('concern', visit),
        summary: command.body.summary,
        reportedTo: groupsOf(policy, first!.notify),
        // A fallback needs someone to say "I have it", or it follows: the concern is an alert until answered.
        ...(fallbacks.length > 0 ? { alertId: mintId('alert', visit) } : {}),
      },
      eventMeta(command.meta),
    ),
  );
}

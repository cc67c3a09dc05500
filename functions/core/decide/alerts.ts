import type { CommandOf } from '../commands';
import type { HumanRole } from '../actor';
import { actedOnce, climbsTheLadder, ladderOf, nextEscalation, runningDeadline } from '../deadlines';
import { accept, conflict, forbidden, type Decision } from '../decision';
import { visitEvent, type EventData } from '../events';
import type { EscalationLevel, Policy } from '../policy';
import { groupsOf, mayDo, whoMay } from '../policy-people';
import { isAtOrAfter } from '../time';
import { isAssignedStaff, openAlerts, staffAreOut, type VisitState } from '../visit-state';
import { eventMeta, isRefusal, mintId, requireStatus, requireVisit, requireWorkflow } from './guards';

/** Deadlines that passed, escalation, acknowledgement, panic and concerns: keeping staff safe. */

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
  if (kind === 'check-in-reminder') {
    if (actedOnce(deadline, visit)) return conflict('reminder-already-sent', `the staff have been reminded of the check-in due at ${deadline.reminds}`);
    return accept(visitEvent('CheckInReminderSent', { dueAt: deadline.reminds!, minutesBefore: policy.checkIns.reminderMinutesBefore }, meta));
  }
  if (kind === 'expected-return') {
    if (actedOnce(deadline, visit)) return conflict('alert-already-raised', `staff not back by ${deadline.at}: that alert has already been raised`);
    const alertId = mintId('alert', visit);
    return accept(
      visitEvent('CheckInOverdue', { alertId, kind: 'return-overdue', dueAt: deadline.at }, meta),
      visitEvent('AlertEscalated', escalation(alertId, policy.escalation.levels[0]!, policy), meta),
    );
  }
  const alertKind = kind === 'check-in' ? 'check-in-overdue' : 'safe-return-overdue';
  if (openAlerts(visit).some((alert) => alert.kind === alertKind)) {
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
  if (alert.resolvedAt || alert.acknowledgedBy) return conflict('alert-answered', 'the alert has been answered');
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

export function acknowledge(command: CommandOf<'acknowledge'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { actor } = command.meta;
  // Whoever the policy says may answer, and whoever an alert may reach (the ladders, panic and duress).
  const reached = [...policy.escalation.levels, ...policy.concerns.ladder, policy.alerts.panic, policy.alerts.duress].flatMap((level) => level.notify);
  if (!mayDo(policy, 'acknowledge', actor) && !groupsOf(policy, reached).includes(actor.role as HumanRole)) {
    return forbidden('acknowledger-role', `at ${policy.schoolName} only ${whoMay(policy, 'acknowledge')}, or those an alert reached, may acknowledge it`);
  }
  const alert = visit.alerts.find((candidate) => candidate.alertId === command.body.alertId);
  if (!alert) return conflict('alert-not-found', `no alert ${command.body.alertId}`);
  if (alert.resolvedAt) return conflict('alert-already-resolved', `the alert was resolved (${alert.resolution})`);
  const meta = eventMeta(command.meta);
  return accept(
    visitEvent('AlertAcknowledged', { alertId: alert.alertId, ...(command.body.note ? { note: command.body.note } : {}) }, meta),
    visitEvent('AlertResolved', { alertId: alert.alertId, resolution: 'acknowledged' }, meta),
  );
}

export function panic(command: CommandOf<'panic'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  // Panic is never refused for the visit's state: staff may press it from the car park or after
  // leaving. Only someone assigned to the visit can raise it for this visit.
  if (!isAssignedStaff(visit, command.meta.actor)) return forbidden('assigned-staff-only', 'only the assigned staff may raise panic');
  return accept(visitEvent('PanicRaised', { alertId: mintId('panic', visit), ...command.body }, eventMeta(command.meta)));
}

export function raiseConcern(command: CommandOf<'raise-concern'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { actor } = command.meta;
  if (actor.role === 'auditor' || actor.role === 'system') return forbidden('concern-raiser-role', 'auditors only read');
  if (actor.role === 'staff' && !isAssignedStaff(visit, actor)) {
    return forbidden('assigned-staff-only', 'only the assigned staff may raise a concern from this visit');
  }
  const refusal = staffAreOut(visit) ? undefined : requireStatus(visit, ['returned', 'closed', 'filed'], 'visit-not-started', 'raise a concern');
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

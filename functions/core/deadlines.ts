import type { EscalationLevel, Policy } from './policy';
import { deadlineRuns, STATUS_TABLE, type StatusRow } from './stages';
import { addMinutes, latest } from './time';
import { openAlerts, type Alert, type Visit } from './visit-state';

/**
 * When the visit's next deadline falls, from its state and its school's policy. The workflow waits
 * for a signal until then (the guarded wait's TimeoutSecondsPath); decide re-checks it on timeout,
 * so a stale or early timer can never cancel a visit or raise a false alert.
 */

export type DeadlineKind = 'parent-arrival' | 'check-in' | 'safe-return';

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly at: string;
  /** The policy rule that sets it. */
  readonly rule: string;
}

export function doorDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  if (!visit.arrived) return undefined;
  const arranged = visit.details.appointmentAt;
  if (visit.lateNotice) {
    // Told they are late: wait until the policy's maximum lateness after the arranged time (or the notice).
    const from = arranged ?? visit.lateNotice.at;
    return { kind: 'parent-arrival', at: addMinutes(from, policy.arrival.maxLatenessAfterNoticeMinutes), rule: 'max-lateness' };
  }
  // "Not present at the arranged time: wait no longer than N minutes." Staff who arrive after the
  // arranged time still wait N minutes from arrival, so a late officer never cancels on the spot.
  const from = arranged ? latest(arranged, visit.arrived.at) : visit.arrived.at;
  return { kind: 'parent-arrival', at: addMinutes(from, policy.arrival.parentNoShowMinutes), rule: 'parent-no-show-wait' };
}

export function checkInDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  if (!visit.checkInClock) return undefined;
  const minutes =
    visit.checkInClock.basis === 'acknowledgement' ? policy.escalation.reArmAfterAcknowledgeMinutes : policy.checkIns.intervalMinutes;
  return { kind: 'check-in', at: addMinutes(visit.checkInClock.from, minutes), rule: 'check-in-interval' };
}

export function safeReturnDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  if (!visit.left) return undefined;
  // An acknowledged safe-return alert re-arms the clock like a missed check-in does.
  const from =
    visit.checkInClock?.basis === 'acknowledgement' ? latest(visit.left.at, visit.checkInClock.from) : visit.left.at;
  const minutes =
    from === visit.left.at ? policy.checkIns.returnWithinMinutes : policy.escalation.reArmAfterAcknowledgeMinutes;
  return { kind: 'safe-return', at: addMinutes(from, minutes), rule: 'safe-return' };
}

const DEADLINE_OF: Record<DeadlineKind, (visit: Visit, policy: Policy) => Deadline | undefined> = {
  'parent-arrival': doorDeadline,
  'check-in': checkInDeadline,
  'safe-return': safeReturnDeadline,
};

/** The deadline of this kind, if it runs in the visit's status (stages.ts) and has started. */
export function runningDeadline(kind: DeadlineKind, visit: Visit, policy: Policy): Deadline | undefined {
  return deadlineRuns(visit.status, kind) ? DEADLINE_OF[kind](visit, policy) : undefined;
}

/** Every deadline running in the visit's stage (the kinds its status lists in stages.ts), soonest first. */
function stageDeadlines(visit: Visit, policy: Policy): Deadline[] {
  const row: StatusRow = STATUS_TABLE[visit.status];
  return row.deadlines
    .map((kind) => runningDeadline(kind, visit, policy))
    .filter((deadline): deadline is Deadline => deadline !== undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The soonest deadline running in the visit's stage, if any. */
export function nextDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  return stageDeadlines(visit, policy)[0];
}

/**
 * The soonest deadline still ahead of the visit: one that has already raised its alert is behind
 * us (what comes next for it is the alert's escalation), and waiting on it would wake the workflow
 * again at once, for nothing, until a person answered. Another deadline of the stage (the wait for
 * the parent at the door) still counts.
 */
export function pendingDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  const alerted = new Set(openAlerts(visit).map((alert) => `${alert.kind}@${alert.dueAt}`));
  return stageDeadlines(visit, policy).find((deadline) => !alerted.has(`${ALERT_FOR[deadline.kind]}@${deadline.at}`));
}

/** The alert a missed deadline raises (a parent who does not come cancels the visit instead). */
const ALERT_FOR: Record<DeadlineKind, Alert['kind'] | undefined> = {
  'parent-arrival': undefined,
  'check-in': 'check-in-overdue',
  'safe-return': 'safe-return-overdue',
};

/** What the workflow waits for next: the pending deadline or an open alert's escalation, whichever is sooner. */
export function nextDue(visit: Visit, policy: Policy): { readonly kind: DeadlineKind | 'escalation'; readonly at: string } | undefined {
  const deadline = pendingDeadline(visit, policy);
  const escalation = escalationDue(visit, policy);
  if (escalation && (!deadline || Date.parse(escalation.at) < Date.parse(deadline.at))) return { kind: 'escalation', at: escalation.at };
  return deadline && { kind: deadline.kind, at: deadline.at };
}

/** The ladder an alert climbs: a missed deadline the escalation's, a safeguarding concern the concerns' fallbacks. */
export function ladderOf(alert: Pick<Alert, 'kind'>, policy: Policy): readonly EscalationLevel[] {
  if (alert.kind === 'safeguarding-concern') return policy.concerns.ladder;
  return alert.kind === 'check-in-overdue' || alert.kind === 'safe-return-overdue' ? policy.escalation.levels : [];
}

/** The next escalation of an open alert: its level and when it is due; none past the top of the ladder. */
export function nextEscalation(alert: Alert, policy: Policy): { level: number; at: string } | undefined {
  const next = ladderOf(alert, policy)[alert.level];
  if (!next || alert.resolvedAt) return undefined;
  return { level: next.level, at: addMinutes(alert.lastEscalatedAt ?? alert.raisedAt, next.afterMinutes) };
}

/**
 * A missed deadline climbs the escalation ladder, and a safeguarding concern its policy's ordered
 * fallbacks. Panic and duress go to everyone at level 0 at once and stay open until a person
 * answers: escalating them would send the ladder's "missed a check-in, phone them now", the one
 * thing not to do to someone under duress.
 */
export const climbsTheLadder = (alert: Alert): boolean => alert.kind !== 'panic' && alert.kind !== 'duress';

export function escalationDue(visit: Visit, policy: Policy): { alertId: string; level: number; at: string } | undefined {
  const due = openAlerts(visit)
    .filter((alert) => climbsTheLadder(alert) && !alert.acknowledgedBy)
    .map((alert) => ({ alertId: alert.alertId, ...nextEscalation(alert, policy) }))
    .filter((e): e is { alertId: string; level: number; at: string } => e.at !== undefined);
  return due.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}

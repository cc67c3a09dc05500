import type { EscalationLevel, Policy } from './policy';
import { deadlineRuns, STATUS_TABLE, type StatusRow } from './stages';
import { addMinutes, latest } from './time';
import { openAlerts, pendingFollowUps, type Alert, type Visit } from './visit-state';

/**
 * When the visit's next deadline falls, from its state and its school's policy. The workflow waits
 * for a signal until then (the guarded wait's TimeoutSecondsPath); decide re-checks it on timeout,
 * so a stale or early timer can never cancel a visit or raise a false alert.
 */

export type DeadlineKind = 'parent-arrival' | 'check-in' | 'safe-return' | 'follow-up' | 'expected-return' | 'check-in-reminder';

export interface Deadline {
  readonly kind: DeadlineKind;
  readonly at: string;
  /** The policy rule that sets it. */
  readonly rule: string;
  /** A check-in reminder's: the check-in due time it reminds staff of. */
  readonly reminds?: string;
}

export function doorDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  // Once the family has come to the door (FamilyCameToDoor) nobody is waiting for them any more.
  if (!visit.arrived || visit.familyAtDoor) return undefined;
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
  return { kind: 'check-in', at: addMinutes(visit.checkInClock.from, minutes + (visit.checkInClock.moreMinutes ?? 0)), rule: 'check-in-interval' };
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

/** The minutes "I need more time" has added to a deadline of this kind on the visit. */
export const moreMinutesFor = (visit: Pick<Visit, 'moreTime'>, moves: 'check-in' | 'expected-return'): number =>
  (visit.moreTime ?? []).filter((taken) => taken.moves === moves).reduce((sum, taken) => sum + taken.minutes, 0);

/**
 * The expected return as a deadline (policy.checkIns.expectedReturnGraceMinutes): staff still out
 * this long after the time they said they would be back are overdue, as for a missed check-in. null
 * (every format-1 policy): the expected return is the plan, not a deadline.
 */
export function expectedReturnDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  const grace = policy.checkIns.expectedReturnGraceMinutes;
  if (grace === null || grace === undefined) return undefined;
  return { kind: 'expected-return', at: addMinutes(visit.details.expectedReturnAt, grace + moreMinutesFor(visit, 'expected-return')), rule: 'expected-return-grace' };
}

/**
 * A reminder to the staff N minutes before the running check-in falls due
 * (policy.checkIns.reminderMinutesBefore; 0: none). It follows the check-in clock, so a check-in made
 * before it moves it on. None when it would fall at or before the clock's start (a reminder as long
 * as the re-armed wait after an acknowledgement): the staff have just checked in or been phoned.
 */
export function checkInReminderDeadline(visit: Visit, policy: Policy): Deadline | undefined {
  const minutes = policy.checkIns.reminderMinutesBefore ?? 0;
  const due = checkInDeadline(visit, policy);
  if (minutes <= 0 || !due || !visit.checkInClock) return undefined;
  const at = addMinutes(due.at, -minutes);
  if (Date.parse(at) <= Date.parse(visit.checkInClock.from)) return undefined;
  return { kind: 'check-in-reminder', at, rule: 'check-in-reminder', reminds: due.at };
}

/**
 * Whether a deadline that acts once per due time has acted already, whatever became of what it did:
 * a reminder was sent for this check-in due time (or that check-in's alert is already out, and a
 * reminder would come too late), or the expected return has raised its alert, answered or not. A
 * check-in or an acknowledgement that answers a return-overdue alert must not bring it straight
 * back: from then on the check-in clock (and, once they leave the home, the safe return) times them.
 */
export function actedOnce(deadline: Deadline, visit: Visit): boolean {
  if (deadline.kind === 'check-in-reminder') {
    return (
      (visit.checkInReminders ?? []).some((reminder) => reminder.dueAt === deadline.reminds) ||
      visit.alerts.some((alert) => alert.kind === 'check-in-overdue' && alert.dueAt === deadline.reminds)
    );
  }
  if (deadline.kind === 'expected-return') return visit.alerts.some((alert) => alert.kind === 'return-overdue' && alert.dueAt === deadline.at);
  return false;
}

/**
 * The soonest follow-up scheduled at closing that is neither due nor settled (its rule id is the
 * deadline's rule). From the recorded facts alone: the visit's VisitClosed says when each falls due.
 */
export function followUpDeadline(visit: Visit): Deadline | undefined {
  const [soonest] = pendingFollowUps(visit).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return soonest && { kind: 'follow-up', at: soonest.dueAt, rule: soonest.id };
}

const DEADLINE_OF: Record<DeadlineKind, (visit: Visit, policy: Policy) => Deadline | undefined> = {
  'follow-up': followUpDeadline,
  'parent-arrival': doorDeadline,
  'check-in': checkInDeadline,
  'safe-return': safeReturnDeadline,
  'expected-return': expectedReturnDeadline,
  'check-in-reminder': checkInReminderDeadline,
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
export function pendingDeadline(visit: Visit, policy: Policy, skip: readonly DeadlineKind[] = []): Deadline | undefined {
  const alerted = new Set(openAlerts(visit).map((alert) => `${alert.kind}@${alert.dueAt}`));
  return stageDeadlines(visit, policy).find(
    (deadline) => !skip.includes(deadline.kind) && !alerted.has(`${ALERT_FOR[deadline.kind]}@${deadline.at}`) && !actedOnce(deadline, visit),
  );
}

/** The alert a missed deadline raises (a parent who does not come cancels the visit instead). */
const ALERT_FOR: Record<DeadlineKind, Alert['kind'] | undefined> = {
  'follow-up': undefined,
  'parent-arrival': undefined,
  'check-in': 'check-in-overdue',
  'safe-return': 'safe-return-overdue',
  'expected-return': 'return-overdue',
  // A reminder is a message to the staff, never an alert (actedOnce keeps it to one per due time).
  'check-in-reminder': undefined,
};

/** What the workflow waits for next: the pending deadline or an open alert's escalation, whichever is sooner. */
export function nextDue(
  visit: Visit,
  policy: Policy,
  skip: readonly DeadlineKind[] = [],
): { readonly kind: DeadlineKind | 'escalation'; readonly at: string } | undefined {
  const deadline = pendingDeadline(visit, policy, skip);
  const escalation = escalationDue(visit, policy);
  if (escalation && (!deadline || Date.parse(escalation.at) < Date.parse(deadline.at))) return { kind: 'escalation', at: escalation.at };
  return deadline && { kind: deadline.kind, at: deadline.at };
}

/** The ladder an alert climbs: a missed deadline the escalation's, a safeguarding concern the concerns' fallbacks. */
export function ladderOf(alert: Pick<Alert, 'kind'>, policy: Policy): readonly EscalationLevel[] {
  if (alert.kind === 'safeguarding-concern') return policy.concerns.ladder;
  return alert.kind === 'check-in-overdue' || alert.kind === 'safe-return-overdue' || alert.kind === 'return-overdue' ? policy.escalation.levels : [];
}

/**
 * The next escalation of an open alert: its level and when it is due; none past the top of the
 * ladder, and none once someone has it (acknowledged: it stays open, but climbs no further).
 */
export function nextEscalation(alert: Alert, policy: Policy): { level: number; at: string } | undefined {
  const next = ladderOf(alert, policy)[alert.level];
  if (!next || alert.resolvedAt || alert.acknowledgedBy) return undefined;
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

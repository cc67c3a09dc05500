import type { CommandOf } from '../commands';
import { checkInDeadline, expectedReturnDeadline, moreMinutesFor } from '../deadlines';
import { accept, conflict, type Decision } from '../decision';
import { visitEvent } from '../events';
import { moreTimeRule, type Policy } from '../policy';
import { deadlineRuns } from '../stages';
import { addMinutes } from '../time';
import type { VisitState } from '../visit-state';
import { eventMeta, isRefusal, requireAccepted, requireAssignedStaff, requireVisit } from './guards';

/**
 * "I need more time": the deadline the policy's rule names (the running check-in, or the expected
 * return) moves by the minutes asked for, as long as all the minutes taken on the visit stay within
 * the rule's limit. Recorded with the reason, so the office sees it on the board and in the timeline.
 */
export function extendTime(command: CommandOf<'extend-time'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const rule = moreTimeRule(policy);
  const refusal =
    requireAssignedStaff(visit, command.meta, 'ask for more time') ??
    requireAccepted(visit, 'extend-time', rule.moves === 'check-in' ? 'no-check-in-running' : 'not-out-on-visit', 'ask for more time', (status) =>
      deadlineRuns(status, rule.moves),
    );
  if (refusal) return refusal;
  const deadline = rule.moves === 'check-in' ? checkInDeadline(visit, policy) : expectedReturnDeadline(visit, policy);
  if (!deadline) return conflict('no-such-deadline', `the visit has no ${rule.moves} deadline to move`);
  const taken = moreMinutesFor(visit, 'check-in') + moreMinutesFor(visit, 'expected-return');
  if (taken + command.body.minutes > rule.maxMinutes) {
    const left = Math.max(0, rule.maxMinutes - taken);
    return conflict(
      'more-time-limit',
      `${policy.schoolName} allows ${rule.maxMinutes} more minutes in all on a visit; ${taken} already taken, so at most ${left} more. Check in, or call the office.`,
    );
  }
  const { minutes, reason } = command.body;
  return accept(visitEvent('MoreTimeTaken', { minutes, reason, moves: rule.moves, dueAt: addMinutes(deadline.at, minutes) }, eventMeta(command.meta)));
}

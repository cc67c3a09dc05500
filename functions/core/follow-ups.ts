import type { EventData } from './events';
import type { Policy } from './policy';
import { addDays } from './calendar';
import type { Visit } from './visit-state';

/**
 * Timed rules after the visit (policy.followUps): "N days after the visit, unless resolved, tell Z /
 * prompt a follow-up visit". Which rules apply is decided once, when the visit closes, and recorded
 * in VisitClosed with when each falls due; from then on the workflow times them from the visit's
 * own facts (deadlines.ts), never by reading the policy's rules again.
 */

export type FollowUpRule = Policy['followUps'][number];

/**
 * Whether the visit took place (it closes `completed`: staff saw the family, in the home or at the
 * door, and left). A declined or cancelled visit has no "after the visit" to time from: a
 * cancellation has its own consequence (the written notice the policy names), and whether to try
 * again is the people's call, not a timer's.
 */
const visitWasMade = (visit: Visit): boolean => visit.left !== undefined && visit.cancelled === undefined && visit.declined === undefined;

/** Whether a rule's `when` holds for the visit as it closes. */
export function followUpApplies(rule: FollowUpRule, visit: Visit): boolean {
  if (!visitWasMade(visit)) return false;
  const notes = visit.left?.notes;
  switch (rule.when) {
    case 'always':
      return true;
    case 'agreements-recorded':
      return (notes?.agreements.length ?? 0) > 0;
    case 'follow-up-needed':
      return notes?.followUpNeeded === true;
    default: {
      const unreachable: never = rule.when;
      return unreachable;
    }
  }
}

/** The follow-ups to schedule when the visit closes at `closedAt`: each rule that applies, due `afterDays` later (school days where the policy gives term dates). */
export function scheduleFollowUps(visit: Visit, policy: Policy, closedAt: string): NonNullable<EventData<'VisitClosed'>['followUps']> | undefined {
  const scheduled = (policy.followUps ?? [])
    .filter((rule) => followUpApplies(rule, visit))
    .map((rule) => ({ id: rule.id, dueAt: addDays(closedAt, rule.afterDays, policy) }));
  return scheduled.length > 0 ? scheduled : undefined;
}

/** The rule behind a scheduled follow-up, from the policy version that governed the visit. */
export const followUpRule = (policy: Policy, id: string): FollowUpRule | undefined => (policy.followUps ?? []).find((rule) => rule.id === id);

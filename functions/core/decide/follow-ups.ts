import type { CommandOf } from '../commands';
import { runningDeadline } from '../deadlines';
import { accept, conflict, forbidden, type Decision } from '../decision';
import { visitEvent } from '../events';
import { followUpRule } from '../follow-ups';
import type { Policy } from '../policy';
import { groupsOf, mayDo, titlesOf } from '../policy-people';
import { isAtOrAfter } from '../time';
import { pendingFollowUps, type VisitState } from '../visit-state';
import { eventMeta, isRefusal, requireAccepted, requireVisit, requireWorkflow } from './guards';

/** Follow-ups after the visit: one falling due (the workflow's deadline), or a person settling one first. */

/**
 * The follow-up deadline passed: record every scheduled follow-up now due and still unsettled, once
 * each (a recorded one is no longer pending, so a retried or stale timer records nothing twice).
 */
export function followUpDue(command: CommandOf<'deadline-passed'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta);
  if (refusal) return refusal;
  const deadline = runningDeadline('follow-up', visit, policy);
  if (!deadline) return conflict('no-such-deadline', `the visit (${visit.status}) has no follow-up pending`);
  if (!isAtOrAfter(command.meta.now, deadline.at)) return conflict('deadline-not-reached', `the next follow-up (${deadline.rule}) is due ${deadline.at}`);
  const meta = eventMeta(command.meta);
  const due = pendingFollowUps(visit)
    .filter((followUp) => isAtOrAfter(command.meta.now, followUp.dueAt))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return accept(
    ...due.map((followUp) => {
      const rule = followUpRule(policy, followUp.id);
      // The policy version is pinned to the visit, so its rule is there; if a file was edited in
      // place, the first level of the escalation ladder still hears that something fell due.
      const recipients = rule?.notify ?? policy.escalation.levels[0]!.notify;
      return visitEvent(
        'FollowUpDue',
        {
          followUpId: followUp.id,
          dueAt: followUp.dueAt,
          action: rule?.action ?? 'notify',
          notify: groupsOf(policy, recipients),
          recipients: [...recipients],
          text: rule?.text ?? `Follow-up ${followUp.id} fell due, but policy ${policy.schoolId}@${policy.version} no longer names it.`,
        },
        meta,
      );
    }),
  );
}

/** Settle a follow-up before it falls due: whoever the policy lets acknowledge alerts or cancel visits. */
export function resolveFollowUp(command: CommandOf<'resolve-follow-up'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  if (!mayDo(policy, 'acknowledge', command.meta.actor) && !mayDo(policy, 'cancel', command.meta.actor)) {
    const who = [...new Set(titlesOf(policy, [...policy.duties.acknowledge, ...policy.duties.cancel]))].join(', ');
    return forbidden('follow-up-resolvers-only', `only ${who} may settle a follow-up`);
  }
  const gate = requireAccepted(visit, 'resolve-follow-up', 'follow-up-not-found', 'settle a follow-up');
  if (gate) return gate;
  const { followUpId } = command.body;
  const followUp = visit.followUps?.find((candidate) => candidate.id === followUpId);
  if (!followUp) return conflict('follow-up-not-found', `no follow-up ${followUpId} is scheduled for this visit`);
  if (followUp.resolved) return conflict('follow-up-already-resolved', `follow-up ${followUpId} was settled at ${followUp.resolved.at}`);
  if (followUp.due) return conflict('follow-up-already-due', `follow-up ${followUpId} fell due at ${followUp.dueAt} and has been announced`);
  return accept(visitEvent('FollowUpResolved', { followUpId, note: command.body.note }, eventMeta(command.meta)));
}

import type { Command } from '../commands';
import { READ_ONLY_REFUSAL, READS_ONLY } from '../actor';
import { forbidden, type Decision } from '../decision';
import type { Policy } from '../policy';
import { latest } from '../time';
import type { VisitState } from '../visit-state';
import { acknowledge, cancelAlarm, deadlinePassed, escalate, panic, raiseConcern, resolveAlert } from './alerts';
import { close, fileReport } from './closing';
import { followUpDue, resolveFollowUp } from './follow-ups';
import { watchLost } from './watch';
import { arrive, cancel, checkIn, depart, enter, familyAtDoor, leave, reportLate, returnSafely } from './journey';
import { assessRiskStep, authorise, decline, request } from './request';
import { reschedule } from './changes';
import { extendTime } from './more-time';

/** decide(command, state, policy) → the events to append, or a refusal naming the rule. Pure. */
export function decide(command: Command, state: VisitState, policy: Policy): Decision {
  return decideAt(notBeforeStream(command, state), state, policy);
}

/**
 * The command as of the visit's own time: its `now`, or the stream's latest recorded time if that is
 * later. A clock that is behind (a restart, a skewed host) then can neither record an event before
 * one already in the stream nor judge a deadline as not yet due that the stream has already passed.
 */
export function notBeforeStream(command: Command, state: VisitState): Command {
  if (state.status === 'none') return command;
  const now = latest(command.meta.now, state.lastRecordedAt);
  return now === command.meta.now ? command : { ...command, meta: { ...command.meta, now } };
}

function decideAt(command: Command, state: VisitState, policy: Policy): Decision {
  if (command.meta.actor.role === READS_ONLY) return forbidden(READ_ONLY_REFUSAL.rule, READ_ONLY_REFUSAL.message);
  switch (command.name) {
    case 'request':
      return request(command, state, policy);
    case 'authorise':
      return authorise(command, state, policy);
    case 'decline':
      return decline(command, state, policy);
    case 'reschedule':
      return reschedule(command, state, policy);
    case 'assess-risk':
      return assessRiskStep(command, state, policy);
    case 'depart':
      return depart(command, state);
    case 'report-late':
      return reportLate(command, state, policy);
    case 'extend-time':
      return extendTime(command, state, policy);
    case 'arrive':
      return arrive(command, state);
    case 'family-at-door':
      return familyAtDoor(command, state);
    case 'enter':
      return enter(command, state, policy);
    case 'check-in':
      return checkIn(command, state, policy);
    case 'leave':
      return leave(command, state, policy);
    case 'return':
      return returnSafely(command, state);
    case 'cancel':
      return cancel(command, state, policy);
    case 'deadline-passed':
      return command.body.kind === 'follow-up' ? followUpDue(command, state, policy) : deadlinePassed(command, state, policy);
    case 'escalate':
      return escalate(command, state, policy);
    case 'acknowledge':
      return acknowledge(command, state, policy);
    case 'resolve-alert':
      return resolveAlert(command, state, policy);
    case 'panic':
      return panic(command, state);
    case 'cancel-alarm':
      return cancelAlarm(command, state);
    case 'raise-concern':
      return raiseConcern(command, state, policy);
    case 'close':
      return close(command, state, policy);
    case 'file-report':
      return fileReport(command, state);
    case 'resolve-follow-up':
      return resolveFollowUp(command, state, policy);
    case 'watch-lost':
      return watchLost(command, state);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

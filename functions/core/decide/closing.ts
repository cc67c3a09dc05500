import type { CommandOf } from '../commands';
import { accept, conflict, type Decision } from '../decision';
import { visitEvent } from '../events';
import { scheduleFollowUps } from '../follow-ups';
import type { Policy } from '../policy';
import { openAlerts, type Visit, type VisitState } from '../visit-state';
import { eventMeta, isRefusal, requireRoutedTo, requireVisit, requireWorkflow } from './guards';

/** A visit made is completed, whether in the home or at the door (a doorstep visit: LeftHome.doorstep, the report says so). */
function outcomeOf(visit: Visit) {
  if (visit.declined) return 'declined' as const;
  if (visit.cancelled) return visit.departed ? ('cancelled' as const) : ('not-visited' as const);
  return 'completed' as const;
}

export function close(command: CommandOf<'close'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta) ?? requireRoutedTo(visit, 'close', 'staff-not-back', 'close');
  if (refusal) return refusal;
  // The end state of an unanswered alert is always loud: a visit never closes over one.
  const open = openAlerts(visit);
  if (open.length > 0) return conflict('alerts-unresolved', `${open.length} alert(s) still need a person to resolve them`);
  // The policy's follow-up rules that apply are scheduled now, in the fact itself: the workflow times them from the visit alone.
  const followUps = scheduleFollowUps(visit, policy, command.meta.now);
  return accept(visitEvent('VisitClosed', { outcome: outcomeOf(visit), ...(followUps ? { followUps } : {}) }, eventMeta(command.meta)));
}

export function fileReport(command: CommandOf<'file-report'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta) ?? requireRoutedTo(visit, 'file-report', 'visit-not-closed', 'file the report');
  if (refusal) return refusal;
  return accept(visitEvent('ReportFiled', command.body, eventMeta(command.meta)));
}

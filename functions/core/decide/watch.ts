import type { CommandOf } from '../commands';
import { accept, conflict, type Decision } from '../decision';
import { visitEvent } from '../events';
import type { VisitState } from '../visit-state';
import { eventMeta, isRefusal, requireVisit, requireWorkflow } from './guards';

/**
 * The workflow's retries are spent: nothing times the visit until the fault clears. Recorded (and
 * so told to the office) once per change of the visit: while nothing else has been recorded since
 * the last time, saying it again every pause would only bury the first message.
 */
export function watchLost(command: CommandOf<'watch-lost'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta);
  if (refusal) return refusal;
  if (visit.status === 'filed') return conflict('visit-filed', 'the visit is filed: nothing is left to watch');
  if (visit.watchLost?.version === visit.version) {
    return conflict('already-unwatched', `the office was told at ${visit.watchLost.at} and nothing has been recorded since`);
  }
  return accept(visitEvent('WatchLost', { error: command.body.error }, eventMeta(command.meta)));
}

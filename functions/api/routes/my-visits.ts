import type { Actor } from '../../core/actor';
import { boardSummary, byAppointmentNewestFirst, isMineToday, mayBeMineToday, type BoardSummary } from '../../core/board';
import { readReadableVisitEvents } from '../../core/record-damage';
import { staffRead } from '../../core/staff-view';
import { fold, isAssignedStaff } from '../../core/visit-state';
import { ANY_CALLER } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler, logRecordDamaged } from '../handler';
import { json } from '../http';
import { callerOf } from '../middleware';
import { parseOr400, queryOf } from '../request';
import { MyVisitsQuery } from '../schemas';

const ROUTE = 'GET /me/visits';

type Runtime = Pick<ApiRuntime, 'store' | 'board' | 'policies' | 'clock' | 'logger'>;

/**
 * GET /me/visits: the visits the caller is on that are active or planned for today (the API's clock,
 * the school's zone), newest appointment first. Found through the board's lines (their staff ids),
 * then each visit is read and its line built from the staff view: whoever holds the phone never
 * sees a duress alert, nor a stage, deadline or count that only a duress alert would explain.
 */
export const myVisitsRoute = (runtime: Runtime) =>
  apiHandler(runtime.logger, ROUTE, ANY_CALLER, async (event, context) => {
    const actor = callerOf(context);
    parseOr400(MyVisitsQuery, queryOf(event), 'query');
    const now = runtime.clock.now().toISOString();
    const candidates = (await runtime.board.list({ staffId: actor.userId })).filter((line) => mayBeMineToday(line, now));
    const rows = await Promise.all(candidates.map((line) => staffLine(runtime, ROUTE, line.visitId, actor)));
    const visits = rows.flatMap((row) => (row && isMineToday(row.line, now, row.timeZone) ? [row.line] : [])).sort(byAppointmentNewestFirst);
    return json(200, { visits });
  });

/**
 * The visit's line as its staff read it, if it is theirs, with the school's zone. The board line
 * only found it: it may lag the visit (a projection still to land), so everything is read afresh.
 */
export async function staffLine(
  runtime: Pick<ApiRuntime, 'store' | 'policies' | 'logger'>,
  route: string,
  visitId: string,
  actor: Actor,
): Promise<{ line: BoardSummary; timeZone: string } | undefined> {
  // A damaged record shows as far as it still reads, flagged as the office board flags it, rather
  // than take the caller's other visits down with it (a read of the visit itself still answers 409).
  const { events, damage } = await readReadableVisitEvents(runtime.store, visitId);
  if (damage) logRecordDamaged(runtime.logger, route, visitId, damage);
  const state = fold(events);
  // Taken off the visit since the line was written.
  if (state.status === 'none' || !isAssignedStaff(state, actor)) return undefined;
  const policy = runtime.policies.version(state.policy.schoolId, state.policy.version);
  if (!policy) {
    // As for GET /visits/{id}, no line can be built without the policy's deadlines; operations must load it.
    runtime.logger({ level: 'error', message: 'policy version unavailable', route, visitId, schoolId: state.policy.schoolId, version: state.policy.version });
    return undefined;
  }
  const read = staffRead(events, policy);
  if (read.state.status === 'none') return undefined;
  const line = boardSummary(read.state, policy, read.updatedAt);
  return { line: damage ? { ...line, active: true, damaged: { version: damage.version } } : line, timeZone: policy.timeZone };
}

import { BOARD_READERS } from '../access';
import { callerOf } from '../middleware';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json } from '../http';
import { parseOr400, queryOf } from '../request';
import { BoardQuery } from '../schemas';
import { staffLine } from './my-visits';

const ROUTE = 'GET /visits';

/**
 * GET /visits?status=active&school=…: the office board, from its read model (never a scan of
 * events). A reader who is on a visit (a DSL making one herself) sees that visit's line as its
 * staff do, read afresh from the staff view: no page shows its own staff a duress alert.
 */
export const boardRoute = (runtime: Pick<ApiRuntime, 'board' | 'store' | 'policies' | 'logger'>) =>
  apiHandler(runtime.logger, ROUTE, BOARD_READERS, async (event, context) => {
    const actor = callerOf(context);
    const query = parseOr400(BoardQuery, queryOf(event), 'query');
    const lines = await runtime.board.list({
      ...(query.status ? { status: query.status } : {}),
      ...(query.school ? { schoolId: query.school } : {}),
    });
    // A line of theirs that cannot be built from the staff view is left out rather than shown whole.
    const visits = await Promise.all(
      lines.map(async (line) => (line.staffIds.includes(actor.userId) ? (await staffLine(runtime, ROUTE, line.visitId, actor))?.line : line)),
    );
    return json(200, { visits: visits.filter((line) => line !== undefined) });
  });

import { BOARD_READERS } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json } from '../http';
import { parseOr400, queryOf } from '../request';
import { BoardQuery } from '../schemas';

/** GET /visits?status=active&school=…: the office board, from its read model (never a scan of events). */
export const boardRoute = (runtime: Pick<ApiRuntime, 'board' | 'logger'>) =>
  apiHandler(runtime.logger, 'GET /visits', BOARD_READERS, async (event) => {
    const query = parseOr400(BoardQuery, queryOf(event), 'query');
    const visits = await runtime.board.list({
      ...(query.status ? { status: query.status } : {}),
      ...(query.school ? { schoolId: query.school } : {}),
    });
    return json(200, { visits });
  });

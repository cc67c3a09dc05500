import { loadVisit } from '../../core/handle-command';
import { ANY_CALLER, requireVisitReader } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json, NotFoundError } from '../http';
import { callerOf } from '../middleware';
import { parseOr400, queryOf, visitIdOf } from '../request';
import { ReportQuery } from '../schemas';

/** GET /visits/{id}/report: the filed CPOMS-style report as JSON (md and pdf come later); 404 until filed. */
export const reportRoute = (runtime: Pick<ApiRuntime, 'store' | 'logger'>) =>
  apiHandler(runtime.logger, 'GET /visits/{id}/report', ANY_CALLER, async (event, context) => {
    const actor = callerOf(context);
    const visitId = visitIdOf(event);
    parseOr400(ReportQuery, queryOf(event), 'query');
    const { state } = await loadVisit(runtime.store, visitId);
    if (state.status === 'none') throw new NotFoundError('visit-not-found', 'no such visit');
    requireVisitReader(state, actor);
    if (!state.report) throw new NotFoundError('report-not-filed', 'the report is filed when the visit closes');
    const { reportId, categories, body, at } = state.report;
    return json(200, { visitId, reportId, filedAt: at, categories, body });
  });

import type { APIGatewayProxyResult } from 'aws-lambda';
import { readsAsStaff, staffRead, staffReport } from '../../core/staff-view';
import { loadVisit } from '../../core/handle-command';
import { FiledReport } from '../../core/report';
import { renderReportMarkdown } from '../../core/report-markdown';
import { ANY_CALLER, requireVisitReader } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { ConflictError, json, NotFoundError } from '../http';
import { callerOf } from '../middleware';
import { parseOr400, queryOf, visitIdOf } from '../request';
import { ReportQuery } from '../schemas';

/**
 * GET /visits/{id}/report?format=json|md|pdf: the CPOMS-style report the workflow filed when the
 * visit closed; 404 until then. One body (ReportBody), three renderings: JSON as filed, Markdown,
 * and a PDF sent base64-encoded with isBase64Encoded, as API Gateway's proxy integration expects
 * (the REST API must list application/pdf among its binary media types to send bytes on).
 */
export const reportRoute = (runtime: Pick<ApiRuntime, 'store' | 'policies' | 'logger' | 'renderPdf'>) =>
  apiHandler(runtime.logger, 'GET /visits/{id}/report', ANY_CALLER, async (event, context) => {
    const actor = callerOf(context);
    const visitId = visitIdOf(event);
    const { format } = parseOr400(ReportQuery, queryOf(event), 'query');
    const { events, state } = await loadVisit(runtime.store, visitId);
    if (state.status === 'none') throw new NotFoundError('visit-not-found', 'no such visit');
    requireVisitReader(state, actor);
    // Staff read the report on the phone someone may be holding: as with the visit, a duress alert is
    // not theirs to see, nor the later filing it caused: they read the report a twin without it has.
    const asStaff = readsAsStaff(state, actor);
    const read = asStaff ? staffRead(events, runtime.policies.version(state.policy.schoolId, state.policy.version)).state : state;
    if (read.status === 'none' || !read.report) throw new NotFoundError('report-not-filed', 'the report is filed when the visit closes');

    const { reportId, categories, body, at } = read.report;
    const parsed = FiledReport.safeParse({ visitId, reportId, filedAt: at, categories, body });
    if (!parsed.success) {
      throw new ConflictError('report-unreadable', 'the filed report does not match the report schema; read the visit\'s history instead');
    }
    const report = asStaff ? staffReport(parsed.data, read) : parsed.data;
    switch (format) {
      case 'json':
        return json(200, report);
      case 'md':
        return text(200, renderReportMarkdown(report), 'text/markdown; charset=utf-8', `${reportId}.md`);
      case 'pdf': {
        const pdf = await runtime.renderPdf(report);
        return { ...text(200, pdf.toString('base64'), 'application/pdf', `${reportId}.pdf`), isBase64Encoded: true };
      }
    }
  });

function text(statusCode: number, body: string, contentType: string, filename: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      'content-type': contentType,
      'content-disposition': `inline; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      // Personal data: never cached anywhere on the way.
      'cache-control': 'no-store',
    },
    body,
  };
}

import { reportCategories, type FiledReport } from './report';
import type { Visit } from './visit-state';

/**
 * What the member of staff reads of their own visit, on a phone someone else may be holding: all
 * of it but a duress alert, and nothing that follows from one alone. Whoever holds the phone must
 * not be able to tell a duress check-in from an ordinary one.
 */
export function staffView(visit: Visit): Visit {
  return { ...visit, alerts: visit.alerts.filter((alert) => alert.kind !== 'duress') };
}

/** The filed report as staff read it: the duress alert left out, and the categories it alone put the report in. */
export function staffReport(report: FiledReport, visit: Visit): FiledReport {
  const categories = reportCategories(staffView(visit));
  return {
    ...report,
    categories,
    body: { ...report.body, categories, alerts: report.body.alerts.filter((alert) => alert.kind !== 'duress') },
  };
}

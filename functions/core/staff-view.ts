import type { FiledReport } from './report';
import type { Visit } from './visit-state';

/**
 * What the member of staff reads of their own visit, on a phone someone else may be holding: all
 * of it but a duress alert, and nothing that follows from one alone. Whoever holds the phone must
 * not be able to tell a duress check-in from an ordinary one.
 */
export function staffView(visit: Visit): Visit {
  return { ...visit, alerts: visit.alerts.filter((alert) => alert.kind !== 'duress') };
}

/** The visit as any reader sees it: staff mobile numbers and vehicles are for responders in an alert, not for reading. */
export function withoutStaffContacts(visit: Visit): Visit {
  const staff = visit.details.staff.map(({ mobile: _mobile, vehicle: _vehicle, ...member }) => member);
  return { ...visit, details: { ...visit.details, staff } };
}

/** The filed report as staff read it: the duress alert left out, and the categories it alone put the report in. */
export function staffReport(report: FiledReport, visit: Visit): FiledReport {
  // "Staff safety" comes from an alert or a cancellation for safety (the one with a written notice):
  // with the duress alert gone, it stays only if one of those remains.
  const safety = staffView(visit).alerts.length > 0 || Boolean(report.body.cancellation?.writtenNoticeTo);
  const categories = report.categories.filter((category) => category !== 'Staff safety' || safety);
  return {
    ...report,
    categories,
    body: { ...report.body, categories, alerts: report.body.alerts.filter((alert) => alert.kind !== 'duress') },
  };
}

import type { Policy } from './policy';
import type { Visit } from './visit-state';

/**
 * The CPOMS-style report the workflow files when a visit closes. (The full report, with its
 * md/pdf renderings, grows from this body.)
 */
export function reportCategories(visit: Visit): string[] {
  const categories = new Set(['Home visit']);
  if (visit.details.purpose === 'attendance') categories.add('Attendance');
  if (visit.details.purpose === 'safeguarding' || visit.concerns.length > 0 || visit.breaches.length > 0) categories.add('Safeguarding');
  if (visit.alerts.length > 0) categories.add('Staff safety');
  return [...categories];
}

export function buildReportBody(visit: Visit, policy: Policy): Record<string, unknown> {
  const { details } = visit;
  return {
    school: policy.schoolName,
    policy: visit.policy,
    pupil: details.pupil,
    address: details.address,
    kind: details.kind,
    purpose: details.purpose,
    purposeDetail: details.purposeDetail,
    staff: details.staff,
    requested: visit.requested,
    authorised: visit.authorised,
    declined: visit.declined,
    risk: visit.risk,
    times: {
      departed: visit.departed?.at,
      arrived: visit.arrived?.at,
      entered: visit.entered?.at,
      left: visit.left?.at,
      returned: visit.returned?.at,
    },
    peoplePresent: visit.entered?.peoplePresent ?? [],
    notes: visit.left?.notes,
    checkIns: visit.checkIns.map((checkIn) => checkIn.at),
    concerns: visit.concerns.map(({ concernId, summary, reportedTo, at }) => ({ concernId, summary, reportedTo, at })),
    alerts: visit.alerts,
    cancellation: visit.cancelled,
    outcome: visit.closed?.outcome,
    followUpNeeded: visit.left?.notes?.followUpNeeded ?? false,
  };
}

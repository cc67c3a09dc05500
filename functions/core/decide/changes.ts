import type { CommandOf } from '../commands';
import { accept, conflict, forbidden, type Decision } from '../decision';
import { visitEvent, type ArrangementChange } from '../events';
import type { Policy } from '../policy';
import { mayDo, whoMay } from '../policy-people';
import { assessRisk, riskStop } from '../risk';
import type { VisitDetails } from '../visit-details';
import { isAssignedStaff, type Visit, type VisitState } from '../visit-state';
import { eventMeta, isRefusal, requireAccepted, requireVisit } from './guards';
import { staffRefusal, timingRefusal } from './request';

/**
 * Changes to the arrangement (issue 11 §11): before anyone sets out, the appointment can be moved or
 * the staff changed. The new arrangement is checked by the rules a request is (the school day, who
 * may go, the staff details the policy asks for, pairs), the change is recorded with its reason,
 * whoever the policy names is told (policy.changes.notify), and the visit goes back to be
 * authorised again where the policy asks (policy.changes.reauthorise).
 */

const TIMES = ['appointmentAt', 'plannedStartAt', 'expectedReturnAt'] as const;
const NOTES = ['loneVisitReason', 'eveningJustification'] as const;

const sameStaff = (a: VisitDetails['staff'], b: VisitDetails['staff']): boolean =>
  JSON.stringify(a) === JSON.stringify(b);
/** Who goes, and as what: a new mobile number is a change to record, not a different team. */
const team = (staff: VisitDetails['staff']): string =>
  staff
    .map((member) => `${member.userId}:${member.role ?? ''}`)
    .sort()
    .join(',');

export function reschedule(command: CommandOf<'reschedule'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { meta, body } = command;
  if (!isAssignedStaff(visit, meta.actor) && !mayDo(policy, 'request', meta.actor) && !mayDo(policy, 'cancel', meta.actor)) {
    return forbidden(
      'rescheduler-role',
      `at ${policy.schoolName} only the staff on the visit, ${whoMay(policy, 'request')}, or ${whoMay(policy, 'cancel')} may change its arrangement`,
    );
  }
  const late = requireAccepted(visit, 'reschedule', 'reschedule-before-departure', 'change the arrangement');
  if (late) return late;

  const { details } = visit;
  const changes: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  const change = <K extends keyof ArrangementChange>(key: K, value: ArrangementChange[K], was: ArrangementChange[K]) => {
    changes[key] = value;
    if (was !== undefined) previous[key] = was;
  };
  for (const key of TIMES) {
    const value = body[key];
    if (value !== undefined && (details[key] === undefined || Date.parse(value) !== Date.parse(details[key]))) change(key, value, details[key]);
  }
  if (body.staff && !sameStaff(body.staff, details.staff)) change('staff', body.staff, details.staff);
  const teamChanged = body.staff !== undefined && team(body.staff) !== team(details.staff);
  if (Object.keys(changes).length === 0) {
    return conflict('arrangement-unchanged', 'give the new appointment, planned start, expected return or staff: the ones given are as arranged');
  }
  for (const key of NOTES) {
    const value = body[key];
    if (value !== undefined && value !== details[key]) change(key, value, details[key]);
  }
  // A code word is agreed by the pair who go: a new team agrees (and says so) again.
  const safeWordAgreed = body.safeWordAgreed ?? (teamChanged ? false : details.safeWordAgreed);
  if (safeWordAgreed !== details.safeWordAgreed) change('safeWordAgreed', safeWordAgreed, details.safeWordAgreed);

  const arranged: VisitDetails = { ...details, ...(changes as ArrangementChange), safeWordAgreed };
  const refusal = staffRefusal(arranged, policy) ?? timingRefusal(arranged, policy);
  if (refusal) return refusal;

  // Only a visit already authorised has an authorisation to withdraw; a requested one still waits for its first.
  const asks = policy.changes.reauthorise === 'always' || (policy.changes.reauthorise === 'when-staff-change' && teamChanged);
  const reauthorise = asks && visit.status !== 'requested';
  if (!reauthorise && teamChanged) {
    const standing = standingAuthorisationRefusal(visit, arranged, policy);
    if (standing) return standing;
  }

  return accept(
    visitEvent(
      'VisitRescheduled',
      { changes: changes as ArrangementChange, previous: previous as ArrangementChange, reason: body.reason, reauthorise, notify: [...policy.changes.notify] },
      eventMeta(meta),
    ),
  );
}

/**
 * Where the authorisation and the risk assessment stand after a change of staff, the new team must
 * be one they would still allow: never the authoriser, and never fewer staff than they asked for.
 */
function standingAuthorisationRefusal(visit: Visit, arranged: VisitDetails, policy: Policy) {
  const authoriser = visit.authorised?.by.userId;
  if (authoriser && arranged.staff.some((member) => member.userId === authoriser)) {
    return conflict('authoriser-cannot-be-visitor', 'nobody authorises a visit they will carry out: the authoriser cannot join the visit without it being authorised again');
  }
  if (!visit.risk) return undefined;
  const assessment = assessRisk(
    { factors: arranged.riskFactors, staffCount: arranged.staff.length, pairRequired: visit.authorised?.pairRequired },
    policy,
  );
  const stop = riskStop(assessment, arranged.staff.length);
  if (!stop) return undefined;
  return conflict(stop.rule, `with these staff the visit's risk assessment would be ${assessment.outcome} (${assessment.reasons.join('; ')}): keep the staff the visit was assessed for`);
}

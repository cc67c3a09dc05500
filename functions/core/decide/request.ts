import type { CommandOf } from '../commands';
import { accept, conflict, forbidden, type Decision } from '../decision';
import { visitEvent } from '../events';
import type { Policy } from '../policy';
import { assessRisk } from '../risk';
import { localClockTime } from '../time';
import type { VisitState } from '../visit-state';
import { eventMeta, isRefusal, requireStatus, requireVisit, requireWorkflow } from './guards';

/** Request, authorisation and risk assessment: everything before anyone leaves school. */

export function request(command: CommandOf<'request'>, state: VisitState, policy: Policy): Decision {
  const { visitId, details } = command.body;
  const { meta } = command;
  if (state.status !== 'none') return conflict('visit-already-exists', `visit ${visitId} has already been requested`);
  if (!['staff', 'office', 'dsl', 'slt', 'headteacher', 'admin'].includes(meta.actor.role)) {
    return forbidden('requester-role', `a ${meta.actor.role} cannot request a visit`);
  }
  if (details.schoolId !== policy.schoolId) {
    return conflict('school-policy-mismatch', `the visit is for ${details.schoolId} but the policy is ${policy.schoolId}'s`);
  }
  if (new Set(details.staff.map((member) => member.userId)).size !== details.staff.length) {
    return conflict('staff-listed-twice', 'each member of staff may be listed once');
  }
  if (Date.parse(details.expectedReturnAt) <= Date.parse(details.plannedStartAt)) {
    return conflict('return-after-start', 'the expected return must be after the planned start');
  }
  if (details.kind === 'planned' && !details.appointmentAt) {
    return conflict('appointment-time-required', 'a planned visit needs the arranged time (appointmentAt)');
  }
  if (details.kind !== 'planned') {
    const reason = details.unannouncedReason;
    if (!reason || !policy.unannounced.allowedReasons.includes(reason)) {
      const allowed = policy.unannounced.allowedReasons;
      return conflict(
        'unannounced-visit-not-allowed',
        allowed.length === 0
          ? `${policy.schoolName} makes visits only by appointment`
          : `${policy.schoolName} allows visits without an appointment only for: ${allowed.join(', ')}`,
      );
    }
  }
  const missingChecks = (Object.keys(policy.preVisitChecks) as (keyof Policy['preVisitChecks'])[]).filter(
    (check) => policy.preVisitChecks[check] && !details.preVisitChecks[check],
  );
  if (missingChecks.length > 0) {
    return conflict('pre-visit-checks', `before this visit the policy requires: ${missingChecks.join(', ')}`);
  }
  if (policy.staffing.safeWordRequired && !details.safeWordAgreed) {
    return conflict('safe-word-required', 'agree a code word with your pair and the school before the visit');
  }
  // The visit is in the evening if staff set out, or the family are seen, from eveningFrom (school time).
  const evening = [details.plannedStartAt, details.appointmentAt]
    .filter((iso): iso is string => iso !== undefined)
    .some((iso) => localClockTime(iso, policy.timeZone) >= policy.outOfHours.eveningFrom);
  if (evening) {
    if (policy.outOfHours.evening === 'forbidden') {
      return conflict('evening-visit-forbidden', `${policy.schoolName} does not allow visits from ${policy.outOfHours.eveningFrom}`);
    }
    if (policy.outOfHours.evening === 'discouraged' && !details.eveningJustification) {
      return conflict(
        'evening-visit-discouraged',
        `evening visits (from ${policy.outOfHours.eveningFrom}) are strongly discouraged: give an eveningJustification for the authoriser`,
      );
    }
  }
  return accept(
    visitEvent('VisitRequested', { visitId, policy: { schoolId: policy.schoolId, version: policy.version }, details }, eventMeta(meta)),
  );
}

function authoriserCheck(command: CommandOf<'authorise' | 'decline'>, state: VisitState, policy: Policy) {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { actor } = command.meta;
  if (!(policy.authorisation.roles as readonly string[]).includes(actor.role)) {
    return forbidden('authoriser-role', `at ${policy.schoolName} only ${policy.authorisation.roles.join(' or ')} may authorise or decline a visit`);
  }
  if (visit.details.staff.some((member) => member.userId === actor.userId)) {
    return forbidden('authoriser-cannot-be-visitor', 'nobody authorises a visit they will carry out');
  }
  return requireStatus(visit, ['requested'], 'authorisation-already-decided', command.name) ?? visit;
}

export function authorise(command: CommandOf<'authorise'>, state: VisitState, policy: Policy): Decision {
  const visit = authoriserCheck(command, state, policy);
  if (isRefusal(visit)) return visit;
  return accept(visitEvent('VisitAuthorised', command.body, eventMeta(command.meta)));
}

export function decline(command: CommandOf<'decline'>, state: VisitState, policy: Policy): Decision {
  const visit = authoriserCheck(command, state, policy);
  if (isRefusal(visit)) return visit;
  return accept(visitEvent('VisitDeclined', command.body, eventMeta(command.meta)));
}

export function assessRiskStep(command: CommandOf<'assess-risk'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal = requireWorkflow(command.meta) ?? requireStatus(visit, ['authorised'], 'authorisation-required', 'assess risk');
  if (refusal) return refusal;
  const assessment = assessRisk({ factors: visit.details.riskFactors, staffCount: visit.details.staff.length }, policy);
  const meta = eventMeta(command.meta);
  const assessed = visitEvent('RiskAssessed', assessment, meta);
  if (assessment.outcome === 'do-not-visit' || assessment.outcome === 'invite-to-school') {
    const detail =
      assessment.outcome === 'invite-to-school'
        ? `Risk assessment: invite the family into school instead (${assessment.reasons.join('; ')})`
        : `Risk assessment: do not visit (${assessment.reasons.join('; ')})`;
    return accept(assessed, visitEvent('VisitCancelled', { reason: 'risk-assessment', detail, rule: `risk-${assessment.outcome}`, staffOut: false }, meta));
  }
  if (assessment.outcome === 'pairs-only' && visit.details.staff.length < 2) {
    return accept(
      assessed,
      visitEvent(
        'VisitCancelled',
        { reason: 'pairs-required', rule: 'pairs-required', detail: 'This visit must be made in a pair; assign a second member of staff and request it again.', staffOut: false },
        meta,
      ),
    );
  }
  return accept(assessed);
}

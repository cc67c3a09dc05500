import type { CommandOf } from '../commands';
import { outsideSchoolDay } from '../calendar';
import { accept, conflict, forbidden, type Decision, type Refusal } from '../decision';
import { visitEvent } from '../events';
import { policyRefOf, type Policy } from '../policy';
import { mayDo, whoMay } from '../policy-people';
import { assessRisk, riskPreview, riskStop } from '../risk';
import type { VisitDetails } from '../visit-details';
import type { VisitState } from '../visit-state';
import { checklistRefusal, eventMeta, isRefusal, requireAccepted, requireRoutedTo, requireVisit, requireWorkflow } from './guards';

/** Request, authorisation and risk assessment: everything before anyone leaves school. */

export function request(command: CommandOf<'request'>, state: VisitState, policy: Policy): Decision {
  const { visitId, details } = command.body;
  const { meta } = command;
  if (state.status !== 'none') return conflict('visit-already-exists', `visit ${visitId} has already been requested`);
  if (!mayDo(policy, 'request', meta.actor)) {
    return forbidden('requester-role', `at ${policy.schoolName} only ${whoMay(policy, 'request')} may request a visit`);
  }
  if (details.schoolId !== policy.schoolId) {
    return conflict('school-policy-mismatch', `the visit is for ${details.schoolId} but the policy is ${policy.schoolName}'s`);
  }
  return (
    staffRefusal(details, policy) ??
    purposeRefusal(details, policy) ??
    timingRefusal(details, policy) ??
    checklistRefusal('pre-visit-checks', 'before this visit the policy requires', policy.checklists.beforeVisit, details.preVisitChecks) ??
    checklistRefusal('things-to-carry', 'staff must take', policy.checklists.toCarry, details.carrying) ??
    accept(visitEvent('VisitRequested', { visitId, policy: policyRefOf(policy), details }, eventMeta(meta)))
  );
}

/** Who goes, and what the policy asks of them: listed once each, named staff details, pairs. */
export function staffRefusal(details: VisitDetails, policy: Policy): Refusal | undefined {
  if (new Set(details.staff.map((member) => member.userId)).size !== details.staff.length) {
    return conflict('staff-listed-twice', 'each member of staff may be listed once');
  }
  const sent = details.staff.filter((member) => !policy.duties.carryOut.includes(member.role ?? policy.duties.carryOut[0]!));
  if (sent.length > 0) {
    return conflict('carry-out-role', `at ${policy.schoolName} visits are made by ${whoMay(policy, 'carryOut')}: not ${sent.map((m) => `${m.name} as ${m.role}`).join(' or ')}`);
  }
  for (const [detail, rule] of [['mobile', 'staff-mobile-required'], ['vehicle', 'staff-vehicle-required']] as const) {
    const missing = policy.staffing[detail] === 'required' ? details.staff.filter((member) => !member[detail]) : [];
    if (missing.length > 0) {
      return conflict(rule, `${policy.schoolName} records each visitor's ${detail} for responders: give it for ${missing.map((m) => m.name).join(' and ')}`);
    }
  }
  // A pair the policy always wants is the risk assessment's to enforce (it cancels, naming the rule);
  // "where possible" is decided here, since only the requester knows why nobody else can go.
  if (details.staff.length < 2 && policy.staffing.pairs === 'where-possible' && !details.loneVisitReason) {
    return conflict('lone-visit-reason-required', `${policy.schoolName} visits in pairs where possible: say why this visit is made alone (loneVisitReason)`);
  }
  if (policy.staffing.safeWordRequired && !details.safeWordAgreed) {
    return conflict('safe-word-required', 'agree a code word with your pair and the school before the visit');
  }
  return undefined;
}

function purposeRefusal(details: VisitDetails, policy: Policy): Refusal | undefined {
  const forbidden = policy.purposes.forbidden.find((purpose) => purpose.id === details.purpose);
  if (forbidden) return conflict('purpose-forbidden', `${policy.schoolName} does not make ${forbidden.title.toLowerCase()} visits: ${forbidden.reason}`);
  if (!policy.purposes.allowed.some((purpose) => purpose.id === details.purpose)) {
    return conflict('purpose-not-listed', `${details.purpose} is not a purpose ${policy.schoolName} visits for (${policy.purposes.allowed.map((p) => p.id).join(', ')})`);
  }
  if (details.kind === 'planned' && !details.appointmentAt) {
    return conflict('appointment-time-required', 'a planned visit needs the arranged time (appointmentAt)');
  }
  if (details.kind !== 'planned') {
    const allowed = policy.unannounced.allowedReasons;
    if (!allowed.some((reason) => reason.id === details.unannouncedReason)) {
      return conflict(
        'unannounced-visit-not-allowed',
        allowed.length === 0
          ? `${policy.schoolName} makes visits only by appointment`
          : `${policy.schoolName} allows visits without an appointment only for: ${allowed.map((reason) => reason.id).join(', ')}`,
      );
    }
  }
  return undefined;
}

/** The visit must end after it starts and, whole, fit the school day (or be justified where the policy only discourages it). */
export function timingRefusal(details: VisitDetails, policy: Policy): Refusal | undefined {
  if (Date.parse(details.expectedReturnAt) <= Date.parse(details.plannedStartAt)) {
    return conflict('return-after-start', 'the expected return must be after the planned start');
  }
  const outside = outsideSchoolDay(details.plannedStartAt, details.expectedReturnAt, policy);
  if (!outside || policy.calendar.outside === 'allowed') return undefined;
  if (policy.calendar.outside === 'forbidden') {
    return conflict('outside-school-day', `${policy.schoolName} makes visits only in the school day: ${outside}`);
  }
  return details.eveningJustification
    ? undefined
    : conflict('outside-school-day-discouraged', `visits outside the school day are strongly discouraged (${outside}): give an eveningJustification for the authoriser`);
}

function authoriserCheck(command: CommandOf<'authorise' | 'decline'>, state: VisitState, policy: Policy) {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const { actor } = command.meta;
  if (!mayDo(policy, 'authorise', actor)) {
    return forbidden('authoriser-role', `at ${policy.schoolName} only ${whoMay(policy, 'authorise')} may authorise or decline a visit`);
  }
  if (visit.details.staff.some((member) => member.userId === actor.userId)) {
    return forbidden('authoriser-cannot-be-visitor', 'nobody authorises a visit they will carry out');
  }
  return requireAccepted(visit, command.name, 'authorisation-already-decided') ?? visit;
}

export function authorise(command: CommandOf<'authorise'>, state: VisitState, policy: Policy): Decision {
  const visit = authoriserCheck(command, state, policy);
  if (isRefusal(visit)) return visit;
  if (policy.staffing.pairs === 'authoriser-decides' && command.body.pairRequired === undefined) {
    return conflict('pair-decision-required', `at ${policy.schoolName} the authoriser decides whether the visit is made in a pair: say so (pairRequired)`);
  }
  // What the workflow's risk assessment will decide, decided now: an authorisation it would cancel is refused, in its words.
  const preview = riskPreview({ factors: visit.details.riskFactors, staffCount: visit.details.staff.length, pairRequired: command.body.pairRequired }, policy);
  if (preview.refused) return conflict(preview.refused.rule, `not authorised: ${preview.refused.words} (${preview.reasons.join('; ')})`);
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
  const refusal = requireWorkflow(command.meta) ?? requireRoutedTo(visit, 'assess-risk', 'authorisation-required', 'assess risk');
  if (refusal) return refusal;
  const assessment = assessRisk(
    { factors: visit.details.riskFactors, staffCount: visit.details.staff.length, pairRequired: visit.authorised?.pairRequired },
    policy,
  );
  const meta = eventMeta(command.meta);
  const assessed = visitEvent('RiskAssessed', assessment, meta);
  // The authoriser was refused for this already; the visit's arrangement may have changed since.
  const stop = riskStop(assessment, visit.details.staff.length);
  if (!stop) return accept(assessed);
  return accept(assessed, visitEvent('VisitCancelled', { reason: stop.reason, detail: stop.detail, rule: stop.rule, staffOut: false }, meta));
}

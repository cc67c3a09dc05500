import type { CommandOf } from '../commands';
import { accept, conflict, type Decision } from '../decision';
import { isOverdueKind, visitEvent, type VisitEvent } from '../events';
import type { Policy } from '../policy';
import { namedRole } from '../policy-people';
import { addMinutes } from '../time';
import { openAlerts, staffAreOut, type Visit, type VisitState, type VisitStatus } from '../visit-state';
import { answerLeaving } from './leaving';
import { eventMeta, isRefusal, mintId, requireAssignedStaff, requireAccepted, requireStaffOrOffice, requireVisit } from './guards';

/** From leaving school to returning: what staff (and the office, for a parent's phone call) report. */

/** Why a visit not yet ready cannot set out: what it still waits for. */
const DEPART_RULES: Partial<Record<VisitStatus, string>> = { requested: 'authorisation-required', authorised: 'risk-assessment-required' };

export function depart(command: CommandOf<'depart'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'depart') ??
    // Before it is ready, the rule names what the visit still waits for.
    requireAccepted(visit, 'depart', DEPART_RULES[visit.status] ?? 'not-ready-to-depart');
  if (refusal) return refusal;
  return accept(visitEvent('Departed', {}, eventMeta(command.meta)));
}

export function reportLate(command: CommandOf<'report-late'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireStaffOrOffice(visit, command.meta, 'record that the family is running late', policy) ??
    requireAccepted(visit, 'report-late', 'not-waiting-for-family', 'record lateness');
  if (refusal) return refusal;
  const meta = eventMeta(command.meta);
  const late = visitEvent('ParentReportedLate', command.body, meta);
  const arranged = visit.details.appointmentAt ?? command.meta.now;
  const latestAllowed = addMinutes(arranged, policy.arrival.maxLatenessAfterNoticeMinutes);
  if (Date.parse(command.body.expectedAt) > Date.parse(latestAllowed)) {
    return accept(
      late,
      visitEvent(
        'VisitCancelled',
        {
          reason: 'parent-too-late',
          rule: 'max-lateness',
          detail: `The family expect to be more than ${policy.arrival.maxLatenessAfterNoticeMinutes} minutes late; the visit is cancelled.`,
          staffOut: staffAreOut(visit),
        },
        meta,
      ),
    );
  }
  return accept(late);
}

export function arrive(command: CommandOf<'arrive'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'arrive') ?? requireAccepted(visit, 'arrive', 'must-depart-first');
  if (refusal) return refusal;
  return accept(visitEvent('Arrived', {}, eventMeta(command.meta)));
}

/**
 * Someone from the family came to the door: the wait for them (the no-show deadline, or the
 * lateness allowed after a notice) stops, and where the policy allows it the visit may now be made
 * at the door (`leave` with `doorstep: true`). Recorded once; who was there may be named.
 */
export function familyAtDoor(command: CommandOf<'family-at-door'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'record that the family came to the door') ??
    requireAccepted(visit, 'family-at-door', 'not-at-the-door', 'record that the family came to the door');
  if (refusal) return refusal;
  if (visit.familyAtDoor) return conflict('family-already-at-door', `the family came to the door at ${visit.familyAtDoor.at}`);
  const { peoplePresent } = command.body;
  return accept(visitEvent('FamilyCameToDoor', peoplePresent ? { peoplePresent } : {}, eventMeta(command.meta)));
}

/** The entry rules of the seed policies, each refusing with its own name; entry is refused, never half-recorded. */
export function enter(command: CommandOf<'enter'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'enter') ?? requireAccepted(visit, 'enter', 'must-arrive-first');
  if (refusal) return refusal;
  const { peoplePresent, invitedIn, animals, unsafeIndicators, staffPresent } = command.body;
  const rules = policy.entry;
  if (unsafeIndicators.length > 0) {
    return conflict('unsafe-do-not-enter', `do not enter (${unsafeIndicators.join(', ')}): leave and cancel the visit with the reason`);
  }
  // A pair visit is made by the pair: each is named at the door before either goes in.
  if (visit.risk?.outcome === 'pairs-only') {
    const absent = visit.details.staff.filter((member) => !staffPresent?.includes(member.userId));
    if (absent.length > 0) {
      return conflict('pair-not-complete', `this visit is made in a pair: wait outside until ${absent.map((member) => member.name).join(' and ')} ${absent.length > 1 ? 'are' : 'is'} at the door`);
    }
  }
  if (rules.appointmentRequired && visit.details.kind !== 'planned') {
    return conflict('appointment-required', `${policy.schoolName}: staff do not enter a home without an appointment`);
  }
  if (rules.parentPresent && !peoplePresent.some((person) => rules.parents.includes(person.relationship))) {
    return conflict('parent-must-be-present', `${policy.schoolName}: do not enter unless a parent or carer is present`);
  }
  if (rules.responsibleAdultPresent && !peoplePresent.some((person) => rules.responsibleAdults.includes(person.relationship))) {
    return conflict('adult-must-be-present', 'do not enter unless a responsible adult is present');
  }
  if (rules.invitationRequired && !invitedIn) {
    return conflict('must-be-invited-in', 'wait to be invited in by a responsible adult');
  }
  if (rules.animalsMustBeSecured && animals === 'not-secured') {
    return conflict('animals-must-be-secured', 'ask for the animals to be kept in a separate room; if the family cannot, cancel the visit');
  }
  return accept(visitEvent('Entered', { peoplePresent, ...(staffPresent ? { staffPresent } : {}) }, eventMeta(command.meta)));
}

/**
 * Overdue alerts that a sign of life from the staff member answers (a panic needs a person to acknowledge).
 * Not being back by the expected return is one of them: the alarm asks "are they safe?", and a
 * check-in from the staff themselves answers it as it answers a missed check-in. They are not
 * unwatched for it: the check-in clock restarts from the check-in (and the safe return runs once
 * they leave the home), and the expected return never raises a second alert for the same time.
 */
function resolveOverdue(visit: Visit, resolution: 'checked-in' | 'returned', command: CommandOf<'check-in' | 'return'>): VisitEvent[] {
  return openAlerts(visit)
    .filter((alert) => isOverdueKind(alert.kind))
    .map((alert) => visitEvent('AlertResolved', { alertId: alert.alertId, resolution }, eventMeta(command.meta)));
}

export function checkIn(command: CommandOf<'check-in'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'check in') ??
    requireAccepted(visit, 'check-in', 'not-out-on-visit', 'check in');
  if (refusal) return refusal;
  const { duress, code, ...checkedIn } = command.body;
  // Where the policy asks for a code, the duress code is a right one: refused or not, the two read alike.
  if (policy.checkIns.codeRequired && code !== 'theirs') {
    return code === undefined
      ? conflict('check-in-code-required', 'the school\'s policy asks for your check-in code with every check-in')
      : conflict('check-in-code-wrong', 'that is not your check-in code: type it again');
  }
  const meta = eventMeta(command.meta);
  // Under duress the check-in must read exactly like an ordinary one to whoever holds the phone: the
  // same events, so the same version and the same overdue alerts answered. The duress alert, which
  // supersedes them and stays open until a person answers it, rides on the CheckedIn event.
  const events: VisitEvent[] = [
    visitEvent('CheckedIn', duress ? { ...checkedIn, duress: { alertId: mintId('duress', visit) } } : checkedIn, meta),
    ...resolveOverdue(visit, 'checked-in', command),
  ];
  if (visit.status === 'in-home' && policy.entry.neverAloneWithPupil && command.body.adultPresent === false) {
    events.push(
      visitEvent(
        'SafeguardingRuleBreached',
        { rule: 'never-alone-with-pupil', detail: 'Staff reported being in the home with no adult present: leave the home now.' },
        meta,
      ),
    );
  }
  return accept(...events);
}

export function leave(command: CommandOf<'leave'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'leave') ?? requireAccepted(visit, 'leave', 'not-at-the-home');
  if (refusal) return refusal;
  const doorstep = command.body.doorstep === true;
  if (doorstep) {
    // A doorstep visit: the visit made with the family at the door, never going in (policy.entry.doorstepAllowed).
    if (!policy.entry.doorstepAllowed) {
      return conflict('doorstep-not-allowed', `${policy.schoolName}'s policy does not allow a visit to be completed at the door`);
    }
    if (visit.status !== 'at-door') return conflict('doorstep-after-entering', 'staff went into the home: this was not a doorstep visit (leave without doorstep)');
    if (!visit.familyAtDoor) {
      return conflict('family-not-at-door', 'a doorstep visit is made with the family at the door: record that they came to the door first (family-at-door)');
    }
  }
  // A doorstep visit is a visit made: what the policy asks to be signed on one, it asks at the door too.
  const needsSignatures =
    (visit.status === 'in-home' || doorstep) &&
    (policy.report.signatures === 'always' || (policy.report.signatures === 'when-attendance' && visit.details.purpose === 'attendance'));
  const signatures = command.body.notes?.signatures;
  if (needsSignatures && !(signatures?.parent && signatures.officer)) {
    return conflict('signatures-required', `${policy.schoolName} keeps the parent's and the officer's signatures for this visit`);
  }
  // What staff attest about their time in the home is asked once they have been in it (or in the cases an item names).
  const answered = answerLeaving(command.body, visit, policy, doorstep);
  if (isRefusal(answered)) return answered;
  const meta = eventMeta(command.meta);
  return accept(visitEvent('LeftHome', command.body, meta), ...answered.map((breach) => visitEvent('SafeguardingRuleBreached', breach, meta)));
}

export function returnSafely(command: CommandOf<'return'>, state: VisitState): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireAssignedStaff(visit, command.meta, 'report a safe return') ??
    requireAccepted(visit, 'return', 'must-leave-first');
  if (refusal) return refusal;
  return accept(visitEvent('ReturnedSafely', {}, eventMeta(command.meta)), ...resolveOverdue(visit, 'returned', command));
}

export function cancel(command: CommandOf<'cancel'>, state: VisitState, policy: Policy): Decision {
  const visit = requireVisit(state);
  if (isRefusal(visit)) return visit;
  const refusal =
    requireStaffOrOffice(visit, command.meta, 'cancel the visit', policy) ??
    requireAccepted(visit, 'cancel', 'visit-already-ended');
  if (refusal) return refusal;
  const { reason, detail, unsafeIndicators } = command.body;
  if (reason === 'unsafe' && !unsafeIndicators?.length) {
    return conflict('unsafe-indicators-required', 'say what made the visit unsafe (unsafeIndicators)');
  }
  return accept(
    visitEvent(
      'VisitCancelled',
      {
        reason,
        detail,
        ...(unsafeIndicators ? { unsafeIndicators } : {}),
        // A cancellation the policy counts as for safety goes in writing to the role it names.
        ...(policy.cancellation.safetyReasons.includes(reason) ? { writtenNoticeTo: namedRole(policy, policy.cancellation.writtenNoticeTo) } : {}),
        staffOut: staffAreOut(visit),
      },
      eventMeta(command.meta),
    ),
  );
}

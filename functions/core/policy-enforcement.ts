import type { VisitEventType } from './events';

/**
 * What enforces each rule `npm run policy -- explain` states, by the policy field the sentence rests
 * on: a refusal the core returns naming its rule (decide, HTTP 409/403), a deadline the workflow
 * waits on (deadlines.ts, by kind), an event the core records and the alerts read (events.ts), or a
 * field of the filed report (report.ts). explain writes no sentence about a field that has no entry
 * here, so it cannot claim what the system does not do; test/unit/policy-enforcement.test.ts checks
 * that every rule named here exists in the core.
 */
export type Enforcer = `refusal:${string}` | `deadline:${string}` | `event:${VisitEventType}` | `report:${string}`;

/** By policy path: a field (`section.field`) or a whole section's entries (`roles.*`, `followUps.*`). */
export const ENFORCED_BY: Readonly<Record<string, readonly Enforcer[]>> = {
  'roles.*': ['refusal:requester-role', 'refusal:authoriser-role', 'refusal:acknowledger-role'],
  // A recipient is told only through a rule that names it; the loader refuses one no rule names.
  'recipients.*': ['event:AlertEscalated', 'event:PanicRaised', 'event:SafeguardingConcernRaised'],
  'duties.request': ['refusal:requester-role'],
  'duties.authorise': ['refusal:authoriser-role', 'refusal:authoriser-cannot-be-visitor'],
  'duties.carryOut': ['refusal:carry-out-role'],
  'duties.cancel': ['refusal:staff-or-office-only'],
  'duties.acknowledge': ['refusal:acknowledger-role'],
  'calendar.days': ['refusal:outside-school-day'],
  'calendar.from': ['refusal:outside-school-day'],
  'calendar.until': ['refusal:outside-school-day'],
  'calendar.termDates': ['refusal:outside-school-day'],
  'calendar.outside': ['refusal:outside-school-day', 'refusal:outside-school-day-discouraged'],
  'purposes.allowed': ['refusal:purpose-not-listed'],
  'purposes.forbidden': ['refusal:purpose-forbidden'],
  'unannounced.allowedReasons': ['refusal:unannounced-visit-not-allowed'],
  'staffing.pairs': ['refusal:lone-visit-reason-required', 'refusal:pair-decision-required', 'refusal:pairs-required', 'refusal:pair-not-complete'],
  'staffing.safeWordRequired': ['refusal:safe-word-required'],
  'staffing.mobile': ['refusal:staff-mobile-required'],
  'staffing.vehicle': ['refusal:staff-vehicle-required'],
  'risk.weights': ['event:RiskAssessed'],
  'risk.concernsFrom': ['event:RiskAssessed'],
  'risk.highFrom': ['event:RiskAssessed'],
  'risk.pairLowersRating': ['event:RiskAssessed'],
  'risk.whenConcerns': ['refusal:pairs-required', 'refusal:risk-invite-to-school'],
  'risk.whenHigh': ['refusal:pairs-required', 'refusal:risk-invite-to-school', 'refusal:risk-do-not-visit'],
  'risk.controls': ['event:RiskAssessed'],
  'checklists.beforeVisit': ['refusal:pre-visit-checks'],
  'checklists.toCarry': ['refusal:things-to-carry'],
  'checklists.onLeaving': ['refusal:leaving-attestations', 'refusal:leaving-record-required', 'event:SafeguardingRuleBreached'],
  'arrival.parentNoShowMinutes': ['deadline:parent-arrival'],
  'arrival.maxLatenessAfterNoticeMinutes': ['deadline:parent-arrival'],
  'entry.appointmentRequired': ['refusal:appointment-required'],
  'entry.parentPresent': ['refusal:parent-must-be-present'],
  'entry.responsibleAdultPresent': ['refusal:adult-must-be-present'],
  'entry.invitationRequired': ['refusal:must-be-invited-in'],
  'entry.neverAloneWithPupil': ['event:SafeguardingRuleBreached'],
  'entry.parents': ['refusal:parent-must-be-present'],
  'entry.responsibleAdults': ['refusal:adult-must-be-present'],
  'entry.unsafeIndicators': ['refusal:unsafe-do-not-enter'],
  'entry.animalsMustBeSecured': ['refusal:animals-must-be-secured'],
  'entry.doorstepAllowed': ['refusal:doorstep-not-allowed'],
  'checkIns.intervalMinutes': ['deadline:check-in'],
  // Whom staff check in with: words on every risk assessment's controls.
  'checkIns.to': ['event:RiskAssessed'],
  // Leaving school is recorded (nobody can arrive before it) and the return is chased by its deadline.
  'checkIns.beforeAndAfter': ['refusal:must-depart-first', 'deadline:safe-return'],
  'checkIns.codeRequired': ['refusal:check-in-code-required', 'refusal:check-in-code-wrong'],
  'checkIns.returnWithinMinutes': ['deadline:safe-return'],
  'checkIns.reminderMinutesBefore': ['deadline:check-in-reminder'],
  'checkIns.expectedReturnGraceMinutes': ['deadline:expected-return'],
  'checkIns.moreTime': ['event:MoreTimeTaken'],
  'movements.depart': ['event:Departed'],
  'movements.arrive': ['event:Arrived'],
  'movements.leave': ['event:LeftHome'],
  'movements.return': ['event:ReturnedSafely'],
  'report.system': ['report:recordSystem'],
  'report.signatures': ['refusal:signatures-required'],
  'report.agreementsRecorded': ['report:agreementsRecorded'],
  'report.followUpWhenAgreementsBroken': ['report:whenAgreementsBroken'],
  'followUps.*': ['deadline:follow-up'],
  'changes.notify': ['event:VisitRescheduled'],
  'changes.reauthorise': ['event:VisitRescheduled'],
  'alerts.panic': ['event:PanicRaised'],
  'alerts.duress': ['event:DuressRaised'],
  'escalation.levels': ['event:AlertEscalated'],
  'escalation.reArmAfterAcknowledgeMinutes': ['deadline:check-in'],
  'concerns.ladder': ['event:SafeguardingConcernRaised', 'event:AlertEscalated'],
  'cancellation.writtenNoticeTo': ['event:VisitCancelled'],
  'cancellation.safetyReasons': ['event:VisitCancelled'],
};

/** What enforces the rule at `path` (`roles.dsl` falls back to `roles.*`); empty: nothing does. */
export function enforcersOf(path: string): readonly Enforcer[] {
  return ENFORCED_BY[path] ?? ENFORCED_BY[`${path.split('.')[0]}.*`] ?? [];
}

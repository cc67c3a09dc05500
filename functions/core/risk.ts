import type { RiskOutcome } from './events';
import type { Policy } from './policy';
import type { RiskFactors } from './visit-details';

/**
 * The pre-visit risk assessment (BCHS appendix 1, Harrogate §2.2, WNA "Risk Assessment"):
 * known risks from records, agencies, previous incidents, animals and staffing → rating, controls
 * and an outcome the workflow acts on.
 */

export interface RiskInput {
  readonly factors: RiskFactors;
  readonly staffCount: number;
  /** The authoriser said the visit must be made in a pair (where the policy leaves it to them). */
  readonly pairRequired?: boolean;
}

export interface RiskAssessment {
  readonly rating: 'low' | 'medium' | 'high';
  readonly outcome: RiskOutcome;
  readonly reasons: string[];
  readonly controls: string[];
}

const RATINGS = ['low', 'medium', 'high'] as const;

/** The school's risk table (policy.risk): its weights, its thresholds and what each rating leads to. */
export function assessRisk({ factors, staffCount, pairRequired }: RiskInput, policy: Policy): RiskAssessment {
  const { weights } = policy.risk;
  const reasons: string[] = [];
  let score = 0;
  const weigh = (present: boolean, weight: number, reason: string) => {
    if (!present || weight === 0) return;
    score += weight;
    reasons.push(reason);
  };
  weigh(factors.knownRisksInRecords, weights.knownRisksInRecords, 'records flag a risk to staff at this address');
  weigh(factors.previousIncidents, weights.previousIncidents, 'previous challenging behaviour towards staff');
  weigh(factors.agencyConcernsForStaff, weights.agencyConcernsForStaff, 'other agencies report concerns for staff safety');
  weigh(factors.animals === 'dangerous', weights.dangerousAnimals, 'potentially dangerous animals in the home');
  let step = score >= policy.risk.highFrom ? 2 : score >= policy.risk.concernsFrom ? 1 : 0;
  if (step > 0 && policy.risk.pairLowersRating && staffCount >= 2) {
    step -= 1;
    reasons.push('another member of staff goes, which the school\'s risk table counts as lowering the risk');
  }
  const rating = RATINGS[step]!;

  const controls = [...policy.risk.controls, `Check in with ${policy.checkIns.to} every ${policy.checkIns.intervalMinutes} minutes`];
  if (factors.animals !== 'none') controls.push('Ask for animals to be kept in a separate room before entering');
  if (policy.staffing.safeWordRequired) controls.push('Agree the code word with your pair and the school');

  let outcome: RiskOutcome;
  if (factors.unmitigatedConcerns) {
    reasons.push('the requester has concerns that cannot be mitigated');
    outcome = 'do-not-visit';
  } else if (rating === 'high') {
    outcome = policy.risk.whenHigh;
  } else if (rating === 'medium') {
    outcome = policy.risk.whenConcerns;
  } else {
    outcome = 'proceed';
  }
  if (outcome === 'proceed' && policy.staffing.pairs === 'always') {
    reasons.push('the school requires every visit to be made in a pair');
    outcome = 'pairs-only';
  }
  if (outcome === 'proceed' && pairRequired) {
    reasons.push('the authoriser decided this visit is made in a pair');
    outcome = 'pairs-only';
  }
  if (outcome === 'pairs-only') controls.push('Visit in a pair; wait outside until both staff have arrived');
  if (outcome === 'invite-to-school') controls.push('Contact the family by phone or post and invite them into school');
  if (outcome === 'pairs-only' && staffCount < 2) reasons.push(`only ${staffCount} member of staff is assigned`);
  return { rating, outcome, reasons, controls };
}

/** Why an assessed visit may not go ahead as arranged: the rule the workflow cancels it under, and its words. */
export interface RiskStop {
  readonly rule: 'risk-do-not-visit' | 'risk-invite-to-school' | 'pairs-required';
  readonly reason: 'risk-assessment' | 'pairs-required';
  readonly detail: string;
}

/**
 * The one reading of an assessment: whether the visit goes ahead with `staffCount` staff. The
 * workflow cancels on it (assess-risk), and the authoriser and a change of staff are refused on it
 * before that, so nobody is told "authorised" about a visit the workflow would then call off.
 */
export function riskStop(assessment: RiskAssessment, staffCount: number): RiskStop | undefined {
  const why = assessment.reasons.join('; ');
  switch (assessment.outcome) {
    case 'proceed':
      return undefined;
    case 'pairs-only':
      return staffCount >= 2
        ? undefined
        : { rule: 'pairs-required', reason: 'pairs-required', detail: 'This visit must be made in a pair; assign a second member of staff and request it again.' };
    case 'invite-to-school':
      return { rule: 'risk-invite-to-school', reason: 'risk-assessment', detail: `Risk assessment: invite the family into school instead (${why})` };
    case 'do-not-visit':
      return { rule: 'risk-do-not-visit', reason: 'risk-assessment', detail: `Risk assessment: do not visit (${why})` };
  }
}

/** What the authoriser is told instead of "authorised", by the rule the workflow would cancel under. */
export const AUTHORISER_WORDS: Record<RiskStop['rule'], string> = {
  'pairs-required': 'this visit must be made in a pair; add a second member of staff (reschedule) and authorise it then, or decline it',
  'risk-invite-to-school': 'the risk assessment says to invite the family into school instead; decline the visit and invite them',
  'risk-do-not-visit': 'the risk assessment says not to visit; decline the visit',
};

/** What the risk assessment will make of a visit waiting for authorisation, for the authoriser to read before deciding. */
export interface RiskPreview extends RiskAssessment {
  /** Authorising would be refused (and the workflow would cancel): the rule and what to do instead. */
  readonly refused?: { readonly rule: RiskStop['rule']; readonly words: string };
}

export function riskPreview(input: RiskInput, policy: Policy): RiskPreview {
  const assessment = assessRisk(input, policy);
  const stop = riskStop(assessment, input.staffCount);
  return stop ? { ...assessment, refused: { rule: stop.rule, words: AUTHORISER_WORDS[stop.rule] } } : assessment;
}

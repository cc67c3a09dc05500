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
}

export interface RiskAssessment {
  readonly rating: 'low' | 'medium' | 'high';
  readonly outcome: RiskOutcome;
  readonly reasons: string[];
  readonly controls: string[];
}

export function assessRisk({ factors, staffCount }: RiskInput, policy: Policy): RiskAssessment {
  const reasons: string[] = [];
  let score = 0;
  const weigh = (present: boolean, weight: number, reason: string) => {
    if (!present) return;
    score += weight;
    reasons.push(reason);
  };
  weigh(factors.knownRisksInRecords, 2, 'records flag a risk to staff at this address');
  weigh(factors.previousIncidents, 2, 'previous challenging behaviour towards staff');
  weigh(factors.agencyConcernsForStaff, 2, 'other agencies report concerns for staff safety');
  weigh(factors.animals === 'dangerous', 1, 'potentially dangerous animals in the home');
  const rating = score >= 4 ? 'high' : score >= 2 ? 'medium' : 'low';
  const concerns = score >= 2;

  const controls = [
    'Carry a charged mobile phone; the office holds the number',
    'Wear school ID on the outside of clothing',
    `Check in with ${policy.checkIns.to} every ${policy.checkIns.intervalMinutes} minutes`,
  ];
  if (factors.animals !== 'none') controls.push('Ask for animals to be kept in a separate room before entering');
  if (policy.staffing.safeWordRequired) controls.push('Agree the code word with your pair and the school');

  let outcome: RiskOutcome;
  if (factors.unmitigatedConcerns) {
    reasons.push('the requester has concerns that cannot be mitigated');
    outcome = 'do-not-visit';
  } else if (rating === 'high') {
    outcome = policy.risk.whenHigh;
  } else if (concerns) {
    outcome = policy.risk.whenConcerns;
  } else {
    outcome = 'proceed';
  }
  if (outcome === 'proceed' && policy.staffing.pairs === 'always') {
    reasons.push('the school requires every visit to be made in a pair');
    outcome = 'pairs-only';
  }
  if (outcome === 'pairs-only') controls.push('Visit in a pair; wait outside until both staff have arrived');
  if (outcome === 'invite-to-school') controls.push('Contact the family by phone or post and invite them into school');
  if (outcome === 'pairs-only' && staffCount < 2) reasons.push(`only ${staffCount} member of staff is assigned`);
  return { rating, outcome, reasons, controls };
}

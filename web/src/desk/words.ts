import type { Policy, Visit, VisitView } from '../shared/api';
import { whoWords } from '../../../functions/core/narrate-words';

/** The desk's words: a visit request as the person authorising it reads it. */

type Details = Visit['details'];
type Actor = Visit['requested']['by'];
type StaffMember = Details['staff'][number];

export const actorWords = (actor: Actor): string => whoWords({ actor: actor.userId, actorName: actor.name, role: actor.role });

/** The school's title for the role a member of staff goes as. */
export function staffRoleTitle(member: StaffMember, policy: Policy | null): string | undefined {
  const role = member.role ?? policy?.duties.carryOut[0];
  return role ? (policy?.roles[role]?.title ?? role) : undefined;
}

/** The risk questions the requester answered (functions/core/visit-details.ts RiskFactors), in words. */
export function riskQuestions(policy: Policy | null): Array<{ key: Exclude<keyof Details['riskFactors'], 'animals'>; text: string }> {
  const records = policy?.report.system ?? 'the school’s records';
  return [
    { key: 'knownRisksInRecords', text: `Records (${records}) flag a risk to staff at this address` },
    { key: 'previousIncidents', text: 'Aggressive or challenging behaviour towards staff before' },
    { key: 'agenciesInvolved', text: 'Other agencies are involved with the family' },
    { key: 'agencyConcernsForStaff', text: 'Those agencies report concerns for staff safety' },
    { key: 'unmitigatedConcerns', text: 'The requester has concerns that cannot be mitigated' },
  ];
}

export const ANIMAL_WORDS: Record<string, string> = {
  none: 'No animals',
  present: 'Animals at the home',
  dangerous: 'Dangerous animals at the home',
};

/** How the policy pairs staff (policy.staffing.pairs), said to the authoriser. */
export const PAIRS_WORDS: Record<Policy['staffing']['pairs'], string> = {
  always: 'This school never makes a visit alone: always in a pair.',
  'when-risk': 'Visits are made in a pair when the risk assessment asks for one.',
  'where-possible': 'Visits are made in a pair where possible; a lone visit needs a recorded reason.',
  'authoriser-decides': 'You decide whether this visit must be made in a pair.',
};

export function kindWords(details: Details, policy: Policy | null): string {
  switch (details.kind) {
    case 'planned':
      return 'Planned, by appointment';
    case 'unannounced':
    case 'emergency': {
      const reason = policy?.unannounced.allowedReasons.find((item) => item.id === details.unannouncedReason)?.title ?? details.unannouncedReason;
      return `${details.kind === 'emergency' ? 'Emergency' : 'Unannounced'}${reason ? `: ${reason}` : ''}`;
    }
    default:
      return details.kind;
  }
}

export function purposeWords(details: Details, policy: Policy | null): string {
  return policy?.purposes.allowed.find((purpose) => purpose.id === details.purpose)?.title ?? details.purpose;
}

type RiskPreview = NonNullable<VisitView['riskPreview']>;

export const RATING_WORDS: Record<RiskPreview['rating'], string> = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' };

export const OUTCOME_WORDS: Record<RiskPreview['outcome'], string> = {
  proceed: 'the visit can go ahead',
  'pairs-only': 'the visit must be made in a pair',
  'invite-to-school': 'invite the family into school instead',
  'do-not-visit': 'do not visit',
};

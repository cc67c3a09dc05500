import type { VisitView } from '../shared/api';

/**
 * The desk's words: a visit request as the person authorising it reads it. The visit arrives as the
 * API folds it (`VisitView.visit`, untyped in the API's schema), so its shape is declared here and
 * every field is read as possibly absent.
 */

export type Policy = NonNullable<VisitView['policy']>;

export interface ActorShown {
  readonly userId: string;
  readonly role: string;
  readonly name?: string;
}

export interface StaffShown {
  readonly userId: string;
  readonly name: string;
  /** The school's role they go as (policy.roles); absent: the first role the policy sends. */
  readonly role?: string;
}

export interface RiskFactorsShown {
  readonly knownRisksInRecords?: boolean;
  readonly previousIncidents?: boolean;
  readonly agenciesInvolved?: boolean;
  readonly agencyConcernsForStaff?: boolean;
  readonly animals?: 'none' | 'present' | 'dangerous';
  readonly unmitigatedConcerns?: boolean;
}

export interface RequestShown {
  readonly kind?: 'planned' | 'unannounced' | 'emergency';
  readonly unannouncedReason?: string;
  readonly purpose?: string;
  readonly purposeDetail?: string;
  readonly pupil?: { readonly id: string; readonly name: string };
  readonly address?: string;
  readonly appointmentAt?: string;
  readonly plannedStartAt?: string;
  readonly expectedReturnAt?: string;
  readonly staff?: readonly StaffShown[];
  readonly preVisitChecks?: readonly string[];
  readonly riskFactors?: RiskFactorsShown;
  readonly carrying?: readonly string[];
  readonly loneVisitReason?: string;
  readonly safeWordAgreed?: boolean;
  readonly eveningJustification?: string;
}

export interface VisitShown {
  readonly status?: string;
  readonly details?: RequestShown;
  readonly requested?: { readonly at: string; readonly by: ActorShown };
  readonly rescheduled?: ReadonlyArray<{ readonly at: string; readonly by: ActorShown; readonly reason: string; readonly reauthorise: boolean }>;
}

/** The folded visit of a VisitView, as the desk reads it. */
export const visitOf = (view: VisitView): VisitShown => view.visit as VisitShown;

/** The identity groups in words (who did something, when the policy has no school title at hand). */
export const GROUP_WORDS: Record<string, string> = {
  staff: 'staff',
  office: 'office',
  dsl: 'safeguarding lead',
  slt: 'senior leader',
  headteacher: 'headteacher',
  auditor: 'auditor',
  admin: 'administrator',
  system: 'the workflow',
};

export function actorWords(actor: ActorShown | undefined): string {
  if (!actor) return 'someone';
  if (actor.role === 'system') return 'The workflow';
  return `${actor.name ?? actor.userId} (${GROUP_WORDS[actor.role] ?? actor.role})`;
}

/** The school's title for the role a member of staff goes as. */
export function staffRoleTitle(member: StaffShown, policy: Policy | null): string | undefined {
  const role = member.role ?? policy?.duties.carryOut[0];
  return role ? (policy?.roles[role]?.title ?? role) : undefined;
}

/** The risk questions the requester answered (functions/core/visit-details.ts RiskFactors), in words. */
export function riskQuestions(policy: Policy | null): Array<{ key: Exclude<keyof RiskFactorsShown, 'animals'>; text: string }> {
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

export function kindWords(details: RequestShown, policy: Policy | null): string {
  switch (details.kind) {
    case 'planned':
      return 'Planned, by appointment';
    case 'unannounced':
    case 'emergency': {
      const reason = policy?.unannounced.allowedReasons.find((item) => item.id === details.unannouncedReason)?.title ?? details.unannouncedReason;
      return `${details.kind === 'emergency' ? 'Emergency' : 'Unannounced'}${reason ? `: ${reason}` : ''}`;
    }
    default:
      return details.kind ?? 'Not given';
  }
}

export function purposeWords(details: RequestShown, policy: Policy | null): string {
  return policy?.purposes.allowed.find((purpose) => purpose.id === details.purpose)?.title ?? details.purpose ?? 'Not given';
}

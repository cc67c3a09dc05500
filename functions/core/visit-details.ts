import * as z from 'zod';
import { IsoTime } from './event-store';
import { Slug } from './policy';

/** What a visit request says about the visit itself: the facts the policy rules are checked against. */

export const VisitKind = z.enum(['planned', 'unannounced', 'emergency']);
export type VisitKind = z.infer<typeof VisitKind>;

/** One of the purposes the school's policy allows (policy.purposes). */
export const VisitPurpose = Slug;
export type VisitPurpose = z.infer<typeof VisitPurpose>;

export const StaffMember = z
  .object({
    userId: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    /** The school's role they go as (policy.duties.carryOut). @default the first role the policy sends */
    role: Slug.optional(),
    /** Where the policy asks (policy.staffing): shown to responders in alerts, never on the board, the staff page or the report. */
    mobile: z.string().regex(/^\+?[0-9 ]{7,20}$/, 'a phone number, e.g. 07700 900123').optional(),
    vehicle: z.string().min(1).max(100).optional(),
  })
  .strict();
export type StaffMember = z.infer<typeof StaffMember>;

/** The requester's answers to the risk questions (BCHS appendix 1, Harrogate §2.2, WNA risk assessment). */
export const RiskFactors = z
  .object({
    /** Records (CPOMS) flag a risk to staff at this address. */
    knownRisksInRecords: z.boolean(),
    /** Previous aggressive or challenging behaviour towards staff. */
    previousIncidents: z.boolean(),
    /** Other agencies are involved with the family. */
    agenciesInvolved: z.boolean(),
    /** Those agencies report concerns for staff safety. */
    agencyConcernsForStaff: z.boolean(),
    animals: z.enum(['none', 'present', 'dangerous']),
    /** The requester has concerns that cannot be mitigated (BCHS final note). */
    unmitigatedConcerns: z.boolean(),
  })
  .strict();
export type RiskFactors = z.infer<typeof RiskFactors>;

/** Format-1 requests named three fixed checks; they still parse, as the ids of the checks done. */
const FixedChecks = z
  .object({ recordsChecked: z.boolean(), otherAgenciesConsulted: z.boolean(), lineManagerInformed: z.boolean() })
  .strict()
  .transform((checks) =>
    (
      [
        ['records-checked', checks.recordsChecked],
        ['other-agencies-consulted', checks.otherAgenciesConsulted],
        ['line-manager-informed', checks.lineManagerInformed],
      ] as const
    )
      .filter(([, done]) => done)
      .map(([id]) => id as string),
  );

/** The ids of the policy's before-visit checks (policy.checklists.beforeVisit) that were done. */
export const PreVisitChecks = z
  .union([z.array(Slug).max(50), FixedChecks])
  // What either reading yields, so the API's document describes the checks as the ids they are once parsed.
  .pipe(z.array(z.string()));
export type PreVisitChecks = z.infer<typeof PreVisitChecks>;

export const VisitDetails = z
  .object({
    schoolId: z.string().min(1).max(64),
    kind: VisitKind,
    unannouncedReason: Slug.optional(),
    purpose: VisitPurpose,
    /** Why this visit, in a sentence: shown to the authoriser. */
    purposeDetail: z.string().min(1).max(2000),
    pupil: z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) }).strict(),
    address: z.string().min(1).max(500),
    /** The arranged time, for a planned visit. */
    appointmentAt: IsoTime.optional(),
    plannedStartAt: IsoTime,
    expectedReturnAt: IsoTime,
    staff: z.array(StaffMember).min(1).max(4),
    preVisitChecks: PreVisitChecks,
    riskFactors: RiskFactors,
    /** The things to carry (policy.checklists.toCarry) that staff will take. */
    carrying: z.array(Slug).max(50).default([]),
    /** Why one member of staff goes alone, where the policy pairs staff "where possible". */
    loneVisitReason: z.string().min(1).max(2000).optional(),
    /** The pair agreed a code word (never the word itself). */
    safeWordAgreed: z.boolean().default(false),
    /** Why a visit outside the school day cannot wait, where the policy discourages one. */
    eveningJustification: z.string().min(1).max(2000).optional(),
  })
  .strict();
export type VisitDetails = z.infer<typeof VisitDetails>;

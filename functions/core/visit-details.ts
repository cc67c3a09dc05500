import * as z from 'zod';
import { IsoTime } from './event-store';
import { UnannouncedReason } from './policy';

/** What a visit request says about the visit itself: the facts the policy rules are checked against. */

export const VisitKind = z.enum(['planned', 'unannounced', 'emergency']);
export type VisitKind = z.infer<typeof VisitKind>;

export const VisitPurpose = z.enum(['attendance', 'welfare', 'safeguarding', 'support', 'schoolwork', 'other']);
export type VisitPurpose = z.infer<typeof VisitPurpose>;

export const StaffMember = z.object({ userId: z.string().min(1).max(128), name: z.string().min(1).max(200) }).strict();
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

export const PreVisitChecks = z
  .object({
    recordsChecked: z.boolean(),
    otherAgenciesConsulted: z.boolean(),
    lineManagerInformed: z.boolean(),
  })
  .strict();
export type PreVisitChecks = z.infer<typeof PreVisitChecks>;

export const VisitDetails = z
  .object({
    schoolId: z.string().min(1).max(64),
    kind: VisitKind,
    unannouncedReason: UnannouncedReason.optional(),
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
    /** The pair agreed a code word (never the word itself). */
    safeWordAgreed: z.boolean().default(false),
    /** Why an evening visit cannot wait, where the policy discourages one. */
    eveningJustification: z.string().min(1).max(2000).optional(),
  })
  .strict();
export type VisitDetails = z.infer<typeof VisitDetails>;

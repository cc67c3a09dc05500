import * as z from 'zod';
import { HumanRole } from './actor';

/**
 * A school's home-visit policy as data: everything its written policy says that a machine can check.
 * Resolved per school when a visit starts, carried in the execution input and recorded in the
 * visit's history (schoolId + version), never baked into the state machine.
 *
 * Every leaf value must be cited (`citations`): the seed clause it encodes, or "trust default: …"
 * where the school's policy is silent and the trust chose a value. An uncited value is an error.
 */

const Minutes = z.number().int().min(1).max(24 * 60);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');

export const UnannouncedReason = z.enum([
  'attendance-concern',
  'safeguarding-concern',
  'welfare-check',
  'no-contact',
]);
export type UnannouncedReason = z.infer<typeof UnannouncedReason>;

export const UnsafeIndicator = z.enum([
  'unexpected-adults',
  'alcohol',
  'illegal-drugs',
  'intoxication',
  'threatening-behaviour',
  'feels-unsafe',
]);
export type UnsafeIndicator = z.infer<typeof UnsafeIndicator>;

/** A role that receives something in writing, with the title the school's policy uses for it. */
const NamedRole = z.object({ role: HumanRole, title: z.string().min(1) }).strict();

const EscalationLevel = z
  .object({
    level: z.number().int().min(1),
    /** Minutes after the previous level (level 1: after the missed deadline). */
    afterMinutes: z.number().int().min(0).max(240),
    notify: z.array(HumanRole).min(1),
    /** What the people notified must do, said in the alert. */
    instruction: z.string().min(1),
  })
  .strict();

export const Policy = z
  .object({
    schoolId: z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case slug'),
    schoolName: z.string().min(1),
    /** Which edition of the policy this is; recorded with every visit it governs. */
    version: z.string().min(1),
    source: z.object({ seed: z.string().min(1), title: z.string().min(1), reviewed: z.string().min(1) }).strict(),
    timeZone: z.string().min(1),
    authorisation: z
      .object({
        /** Roles that may authorise a visit. Nobody authorises a visit they will carry out (always). */
        roles: z.array(HumanRole).min(1),
      })
      .strict(),
    staffing: z
      .object({
        /** always: never a lone visit; when-risk: pairs when the risk assessment asks; optional. */
        pairs: z.enum(['always', 'when-risk', 'optional']),
        /** A pair agrees a code word before leaving (recorded as agreed; the word itself is never stored). */
        safeWordRequired: z.boolean(),
      })
      .strict(),
    risk: z
      .object({
        /** What a known concern (records, agencies, previous incidents) leads to. */
        whenConcerns: z.enum(['pairs-only', 'invite-to-school']),
        /** What a high rating leads to. */
        whenHigh: z.enum(['pairs-only', 'invite-to-school', 'do-not-visit']),
      })
      .strict(),
    unannounced: z
      .object({
        /** Reasons for which a visit may be made without an appointment; empty: never. */
        allowedReasons: z.array(UnannouncedReason),
      })
      .strict(),
    arrival: z
      .object({
        /** Wait for an absent parent at most this long after the arranged time, then cancel. */
        parentNoShowMinutes: Minutes,
        /** After notice of lateness, cancel once the parent is more than this late. */
        maxLatenessAfterNoticeMinutes: Minutes,
      })
      .strict(),
    entry: z
      .object({
        appointmentRequired: z.boolean(),
        parentPresent: z.boolean(),
        responsibleAdultPresent: z.boolean(),
        invitationRequired: z.boolean(),
        neverAloneWithPupil: z.boolean(),
        /** Any of these observed at the door: do not enter; cancel with the reason in writing. */
        unsafeIndicators: z.array(UnsafeIndicator).min(1),
        /** Dangerous animals must be kept in a separate room; refusal cancels the visit. */
        animalsMustBeSecured: z.boolean(),
      })
      .strict(),
    checkIns: z
      .object({
        intervalMinutes: Minutes,
        /** Check in with the office when leaving for the visit and after it (depart / return). */
        beforeAndAfter: z.boolean(),
        /** After leaving the home, safe return (or the after-visit check-in) is due within this. */
        returnWithinMinutes: Minutes,
        /** Who receives check-ins, in the policy's words. */
        to: z.string().min(1),
      })
      .strict(),
    outOfHours: z
      .object({
        /** discouraged: allowed only with a written justification; forbidden: refused. */
        evening: z.enum(['allowed', 'discouraged', 'forbidden']),
        eveningFrom: ClockTime,
      })
      .strict(),
    cancellation: z
      .object({
        /** A cancellation for safety (unsafe, animals) goes in writing to this role. */
        writtenNoticeTo: NamedRole,
      })
      .strict(),
    preVisitChecks: z
      .object({
        recordsChecked: z.boolean(),
        otherAgenciesConsulted: z.boolean(),
        lineManagerInformed: z.boolean(),
      })
      .strict(),
    concerns: z
      .object({
        reportTo: z.array(HumanRole).min(1),
        fallback: z.array(HumanRole),
      })
      .strict(),
    report: z
      .object({
        system: z.literal('CPOMS'),
        /** Signatures of the parent/carer and the officer: never, when the visit is about attendance, always. */
        signatures: z.enum(['never', 'when-attendance', 'always']),
        agreementsRecorded: z.boolean(),
        followUpWhenAgreementsBroken: z.boolean(),
      })
      .strict(),
    escalation: z
      .object({
        levels: z.array(EscalationLevel).min(1).max(5),
        /** After an acknowledgement, the next check-in is due this soon: someone is chasing it. */
        reArmAfterAcknowledgeMinutes: Minutes,
      })
      .strict(),
    citations: z.record(z.string(), z.string().min(1)),
  })
  .strict()
  .superRefine((policy, ctx) => {
    policy.escalation.levels.forEach((level, index) => {
      if (level.level !== index + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['escalation', 'levels', index, 'level'],
          message: `levels must be numbered 1, 2, 3… in order; found ${level.level} at position ${index + 1}`,
        });
      }
    });
    const leaves = new Set(policyLeafPaths(policy));
    for (const path of leaves) {
      if (!(path in policy.citations)) {
        ctx.addIssue({ code: 'custom', path: ['citations'], message: `no citation for ${path}` });
      }
    }
    for (const cited of Object.keys(policy.citations)) {
      if (!leaves.has(cited)) {
        ctx.addIssue({ code: 'custom', path: ['citations', cited], message: `cites ${cited}, which is not a policy field` });
      }
    }
  });
export type Policy = z.infer<typeof Policy>;

/** The rule-bearing fields (`section.field`) that need a citation; identity and source do not. */
export function policyLeafPaths(policy: Record<string, unknown>): string[] {
  const skip = new Set(['schoolId', 'schoolName', 'version', 'source', 'timeZone', 'citations']);
  return Object.entries(policy)
    .filter(([section]) => !skip.has(section))
    .flatMap(([section, fields]) =>
      fields !== null && typeof fields === 'object' ? Object.keys(fields).map((field) => `${section}.${field}`) : [section],
    );
}

/** Which policy governed a visit: recorded in VisitRequested. */
export const PolicyRef = z.object({ schoolId: z.string(), version: z.string() }).strict();
export type PolicyRef = z.infer<typeof PolicyRef>;

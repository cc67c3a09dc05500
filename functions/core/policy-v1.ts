import * as z from 'zod';
import { HumanRole } from './actor';
import { policyLeafPaths } from './policy-citations';

/**
 * Format 1 of the policy file (before roles, recipients, calendars and checklists were data): still
 * read, because a visit that began under it carries it in its execution input, and a trust may
 * still hold such files. `upgradePolicyV1` says it in format 2 with today's fixed values as the
 * trust defaults; the format-2 schema (policy.ts) then checks the result like any other file.
 */

/**
 * The format-1 schema, built when a format-1 policy first turns up rather than when the module
 * loads: no deployed policy is format 1, and building it was about 8 ms of every Lambda's cold start.
 */
function buildPolicyV1Schema() {
  const Minutes = z.number().int().min(1).max(24 * 60);
  const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');

  const UnannouncedReason = z.enum([
    'attendance-concern',
    'safeguarding-concern',
    'welfare-check',
    'no-contact',
  ]);

  const UnsafeIndicator = z.enum([
    'unexpected-adults',
    'alcohol',
    'illegal-drugs',
    'intoxication',
    'threatening-behaviour',
    'feels-unsafe',
  ]);

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

  return z
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
}

let policyV1Schema: ReturnType<typeof buildPolicyV1Schema> | undefined;
const PolicyV1 = () => (policyV1Schema ??= buildPolicyV1Schema());
export type PolicyV1 = z.infer<ReturnType<typeof buildPolicyV1Schema>>;


/** A format-1 file or input: format 2 says `"format": 2`; format 1 has no such field. */
export const isPolicyV1 = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && !('format' in input) && 'authorisation' in input;

const ROLE_TITLES: Record<Exclude<HumanRole, 'auditor'>, string> = {
  staff: 'Member of staff',
  office: 'School office',
  dsl: 'Designated Safeguarding Lead',
  slt: 'Senior leadership team',
  headteacher: 'Headteacher',
  admin: 'Trust administrator',
};

const PURPOSES = [
  ['attendance', 'Attendance', ['Home visit', 'Attendance']],
  ['welfare', 'Welfare', ['Home visit']],
  ['safeguarding', 'Safeguarding', ['Home visit', 'Safeguarding']],
  ['support', 'Family support', ['Home visit']],
  ['schoolwork', 'Schoolwork', ['Home visit']],
  ['other', 'Other', ['Home visit']],
] as const;

const title = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1).replaceAll('-', ' ');
const UPGRADED = 'trust default: a format-1 policy says nothing here; the value keeps what format 1 did';

/**
 * The same policy in format 2: what format 1 fixed in code (seven roles, who may request or cancel,
 * the risk weights, "call 999", which cancellations are for safety) becomes the data it now is, with
 * the same values. Two rules keep their format-1 behaviour on purpose, so a visit already running
 * under the policy is not changed mid-visit: the expected return is not a deadline and there is no
 * check-in reminder. Citations carry over where the rule did; the rest say they are the upgrade's.
 */
export function upgradePolicyV1(
  input: unknown,
): { ok: true; policy: Record<string, unknown> } | { ok: false; issues: readonly z.core.$ZodIssue[] } {
  const parsed = PolicyV1().safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  const v1 = parsed.data;
  const ladderRoles = [...new Set(v1.escalation.levels.flatMap((level) => level.notify))];
  const everyone = [...new Set(['office' as const, ...ladderRoles])];
  const roles = Object.fromEntries(
    (Object.keys(ROLE_TITLES) as (keyof typeof ROLE_TITLES)[]).map((role) => [
      role,
      { title: v1.cancellation.writtenNoticeTo.role === role ? v1.cancellation.writtenNoticeTo.title : ROLE_TITLES[role], groups: [role] },
    ]),
  );
  const checks = [
    ['records-checked', 'Records (CPOMS) checked for risks to staff', v1.preVisitChecks.recordsChecked],
    ['other-agencies-consulted', 'Other agencies involved with the family consulted', v1.preVisitChecks.otherAgenciesConsulted],
    ['line-manager-informed', 'Line manager told of the visit', v1.preVisitChecks.lineManagerInformed],
  ] as const;
  const v2 = {
    format: 2,
    schoolId: v1.schoolId,
    schoolName: v1.schoolName,
    version: v1.version,
    source: v1.source,
    timeZone: v1.timeZone,
    roles,
    recipients: {},
    duties: {
      request: ['staff', 'office', 'dsl', 'slt', 'headteacher', 'admin'],
      authorise: v1.authorisation.roles,
      carryOut: ['staff'],
      cancel: ['office', 'dsl', 'slt', 'headteacher', 'admin'],
      acknowledge: [...new Set(['office', 'dsl', 'slt', 'headteacher', ...ladderRoles])],
    },
    calendar: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', until: v1.outOfHours.eveningFrom, outside: v1.outOfHours.evening },
    purposes: {
      allowed: PURPOSES.map(([id, name, reportCategories]) => ({ id, title: name, reportCategories: [...reportCategories] })),
      forbidden: [],
    },
    unannounced: { allowedReasons: v1.unannounced.allowedReasons.map((id) => ({ id, title: title(id) })) },
    staffing: { ...v1.staffing, mobile: 'optional', vehicle: 'not-asked' },
    risk: {
      weights: { knownRisksInRecords: 2, previousIncidents: 2, agencyConcernsForStaff: 2, dangerousAnimals: 1 },
      concernsFrom: 2,
      highFrom: 4,
      pairLowersRating: false,
      ...v1.risk,
      controls: ['Carry a charged mobile phone; the office holds the number', 'Wear school ID on the outside of clothing'],
    },
    checklists: {
      beforeVisit: checks.map(([id, text, required]) => ({ id, text, required })),
      toCarry: [],
      onLeaving: [],
    },
    arrival: v1.arrival,
    entry: {
      ...v1.entry,
      parents: ['parent', 'carer'],
      responsibleAdults: ['parent', 'carer', 'responsible-adult'],
      unsafeIndicators: v1.entry.unsafeIndicators.map((id) => ({ id, title: title(id) })),
      doorstepAllowed: false,
    },
    checkIns: { ...v1.checkIns, expectedReturnGraceMinutes: null, reminderMinutesBefore: 0 },
    movements: { depart: [], arrive: [], leave: [], return: [] },
    cancellation: { writtenNoticeTo: v1.cancellation.writtenNoticeTo.role, safetyReasons: ['unsafe', 'animals-not-secured'] },
    changes: { notify: [], reauthorise: 'always' },
    concerns: {
      ladder: [
        {
          level: 1,
          afterMinutes: 0,
          notify: [...new Set([...v1.concerns.reportTo, ...v1.concerns.fallback])],
          instruction: 'Read the concern in the visit record and act on it.',
        },
      ],
    },
    alerts: {
      panic: { notify: everyone, instruction: 'Phone them now; if there is no answer call 999 and give this address.' },
      duress: { notify: everyone, instruction: 'They may be with someone listening: do not phone them openly. Call 999 and give this address.' },
    },
    escalation: v1.escalation,
    report: v1.report,
    followUps: [],
  };
  const carried: Record<string, string | undefined> = {
    ...v1.citations,
    'duties.authorise': v1.citations['authorisation.roles'],
    'calendar.outside': v1.citations['outOfHours.evening'],
    'calendar.until': v1.citations['outOfHours.eveningFrom'],
    'checklists.beforeVisit': Object.entries(v1.citations)
      .filter(([path]) => path.startsWith('preVisitChecks.'))
      .map(([, citation]) => citation)
      .join('; '),
    'concerns.ladder': `${v1.citations['concerns.reportTo']}; ${v1.citations['concerns.fallback']}`,
  };
  const citations = Object.fromEntries(policyLeafPaths(v2).map((path) => [path, carried[path] || UPGRADED]));
  return { ok: true, policy: { ...v2, citations } };
}

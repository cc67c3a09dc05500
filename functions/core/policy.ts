import * as z from 'zod';
import { HumanRole } from './actor';
import { policyLeafPaths } from './policy-citations';
import { enforcersOf } from './policy-enforcement';
import { isPolicyV1, upgradePolicyV1 } from './policy-v1';

export { policyLeafPaths };

/**
 * A school's home-visit policy as data (format 2): everything its written policy says that a
 * machine can check, in the school's own words. Resolved per school when a visit starts, carried in
 * the execution input and recorded in the visit's history (schoolId + version), never baked into
 * the state machine.
 *
 * The school names its own roles (mapped to the trust's identity groups) and the people outside it
 * (police, the local authority); every list of "who" below names those ids, in order where order
 * matters (a fallback). Every rule-bearing field must be cited (`citations`): the clause it encodes,
 * or "trust default: …" where the school's policy is silent. An uncited value is an error, and so is
 * an unknown field.
 *
 * A format-1 policy (no `format`) still parses: it is upgraded on the way in (policy-v1.ts), so a
 * visit recorded under one runs on (its execution's input names the policy's school and version,
 * never its rules: each step looks it up in its bundle).
 */

const Minutes = z.number().int().min(1).max(24 * 60);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');
/** A school's own name for a thing: lower-case words joined by hyphens. */
export const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens, e.g. deputy-head');
const Text = z.string().min(1).max(2000);
const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected YYYY-MM-DD');
/** A run of whole days, first and last included (school time). */
const DateRange = z
  .object({ start: IsoDate, end: IsoDate })
  .strict()
  .refine((range) => range.start <= range.end, { message: 'a range must end on or after its start', path: ['end'] });

/**
 * The school's term dates: its terms (a day outside every term is a holiday), or its holidays (every
 * other day is in term), or both. Absent: DEFAULT_TERM_DATES, every day the school day names.
 */
export const TermDates = z
  .object({ terms: z.array(DateRange).min(1).optional(), holidays: z.array(DateRange).min(1).optional() })
  .strict()
  .refine((dates) => dates.terms !== undefined || dates.holidays !== undefined, { message: 'give the terms, the holidays, or both' });
export type TermDates = z.infer<typeof TermDates>;

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Day = z.enum(DAYS);
export type Day = z.infer<typeof Day>;

/** Who a person is to the pupil, as staff name them at the door. */
export const Relationship = z.enum(['parent', 'carer', 'responsible-adult', 'pupil', 'sibling', 'other-adult', 'other-child', 'staff']);
export type Relationship = z.infer<typeof Relationship>;

export const CancellationReason = z.enum([
  'parent-no-show',
  'parent-too-late',
  'unsafe',
  'animals-not-secured',
  'no-adult-present',
  'family-declined',
  'pairs-required',
  'risk-assessment',
  'staff-unavailable',
  'other',
]);
export type CancellationReason = z.infer<typeof CancellationReason>;

/** A role the school names (e.g. "Pastoral Leader"), and the identity groups whose members hold it. */
export const SchoolRole = z.object({ title: z.string().min(1).max(120), groups: z.array(HumanRole).min(1) }).strict();
export type SchoolRole = z.infer<typeof SchoolRole>;

/** Someone outside the school who is told: how to reach them, and what the alert asks of whoever does. */
export const Recipient = z
  .object({
    title: z.string().min(1).max(120),
    channel: z.enum(['phone', 'email', 'sms']),
    contact: z.string().min(1).max(200),
    /** What the alert tells the person who reads it to do about this recipient. */
    instruction: Text,
  })
  .strict();
export type Recipient = z.infer<typeof Recipient>;

/** One thing to check, carry or attest; `required` ones must be ticked. */
export const ChecklistItem = z.object({ id: Slug, text: z.string().min(1).max(300), required: z.boolean() }).strict();
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/**
 * What staff attest on leaving the home. Today's item must be answered yes; one with `ifNo` may be
 * answered no (a member of staff did go into a bedroom): the leave is recorded with the breach and
 * those named are told, rather than refused. `appliesWhen` limits it to some visits (by purpose; by
 * where it was made: in the home, the default, or on the doorstep). `requires` is the record staff
 * must give with it before the visit can close (in the leave's notes: what was agreed, the facts,
 * the professional opinion such as a plan).
 */
export const LeavingItem = ChecklistItem.extend({
  ifNo: z.object({ notify: z.array(Slug).min(1) }).strict().optional(),
  appliesWhen: z.object({ purposes: z.array(Slug).min(1).optional(), place: z.enum(['in-home', 'doorstep']).optional() }).strict().optional(),
  requires: z.enum(['facts', 'agreements', 'professionalOpinion']).optional(),
}).strict();
export type LeavingItem = z.infer<typeof LeavingItem>;

/** Something named on a school's list (a purpose, a reason, a sign of danger), with its words. */
export const ListItem = z.object({ id: Slug, title: z.string().min(1).max(200) }).strict();
export type ListItem = z.infer<typeof ListItem>;

/** Who is told (role or recipient ids) and what the alert asks of them. */
const Notice = z.object({ notify: z.array(Slug).min(1), instruction: Text }).strict();

const EscalationLevel = z
  .object({
    level: z.number().int().min(1),
    /** Minutes after the previous level (level 1: after the missed deadline). */
    afterMinutes: z.number().int().min(0).max(240),
    notify: z.array(Slug).min(1),
    /** What the people notified must do, said in the alert. */
    instruction: Text,
  })
  .strict();
export type EscalationLevel = z.infer<typeof EscalationLevel>;

const PolicyV2Shape = z
  .object({
    format: z.literal(2),
    schoolId: z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case slug'),
    schoolName: z.string().min(1),
    /** Which edition of the policy this is; recorded with every visit it governs. */
    version: z.string().min(1),
    source: z.object({ seed: z.string().min(1), title: z.string().min(1), reviewed: z.string().min(1) }).strict(),
    timeZone: z.string().min(1),

    /** The school's roles, by its own names; each maps to the identity groups that hold it. */
    roles: z.record(Slug, SchoolRole),
    /** People outside the school who are told: police, the local authority, social care. */
    recipients: z.record(Slug, Recipient),
    /** Who may do what, by role id. Nobody authorises a visit they will carry out (always). */
    duties: z
      .object({
        request: z.array(Slug).min(1),
        /** Any of these roles may authorise, at once: nobody is asked in turn, so the order means nothing to the core. */
        authorise: z.array(Slug).min(1),
        /** Who may be sent on a visit (some schools send the DSL or SLT themselves). */
        carryOut: z.array(Slug).min(1),
        /** Who besides the staff on the visit may cancel it. */
        cancel: z.array(Slug).min(1),
        /** Who may answer an alert ("I have it") and resolve it, besides whoever it reached. */
        acknowledge: z.array(Slug).min(1),
      })
      .strict(),

    /** Before the visit. */
    calendar: z
      .object({
        /** The school day: the whole visit, from setting out to the expected return, must fit in it. */
        days: z.array(Day).min(1),
        from: ClockTime,
        until: ClockTime,
        /** Outside it: allowed, discouraged (a written justification for the authoriser) or forbidden. */
        outside: z.enum(['allowed', 'discouraged', 'forbidden']),
        /** Which dates are school days at all (terms, holidays). Absent: DEFAULT_TERM_DATES. */
        termDates: TermDates.optional(),
      })
      .strict(),
    purposes: z
      .object({
        /** What a visit may be for, each with the report's categories when it is filed. */
        allowed: z.array(ListItem.extend({ reportCategories: z.array(z.string().min(1)).min(1) }).strict()).min(1),
        /** What a visit may never be for, and why (e.g. a social visit). */
        forbidden: z.array(ListItem.extend({ reason: Text }).strict()),
      })
      .strict(),
    unannounced: z
      .object({
        /** Reasons for which a visit may be made without an appointment; empty: never. */
        allowedReasons: z.array(ListItem),
      })
      .strict(),
    staffing: z
      .object({
        /**
         * always: never a lone visit; when-risk: pairs when the risk assessment asks; where-possible:
         * a lone visit needs a recorded reason; authoriser-decides: said when the visit is authorised.
         */
        pairs: z.enum(['always', 'when-risk', 'where-possible', 'authoriser-decides']),
        /** A pair agrees a code word before leaving (recorded as agreed; the word itself is never stored). */
        safeWordRequired: z.boolean(),
        /** What staff must give for the visit: shown to responders in alerts, nowhere else. */
        mobile: z.enum(['required', 'optional', 'not-asked']),
        vehicle: z.enum(['required', 'optional', 'not-asked']),
      })
      .strict(),
    risk: z
      .object({
        /** Points each known risk adds to the rating. */
        weights: z
          .object({
            knownRisksInRecords: z.number().int().min(0).max(10),
            previousIncidents: z.number().int().min(0).max(10),
            agencyConcernsForStaff: z.number().int().min(0).max(10),
            dangerousAnimals: z.number().int().min(0).max(10),
          })
          .strict(),
        /** From this many points the visit has known concerns (medium); from `highFrom`, high. */
        concernsFrom: z.number().int().min(1).max(40),
        highFrom: z.number().int().min(1).max(40),
        /** A second member of staff going lowers the rating one step (a school's table: "low when another member of staff goes"). */
        pairLowersRating: z.boolean(),
        /** What a known concern (medium) leads to. */
        whenConcerns: z.enum(['proceed', 'pairs-only', 'invite-to-school']),
        /** What a high rating leads to. */
        whenHigh: z.enum(['pairs-only', 'invite-to-school', 'do-not-visit']),
        /** Controls every visit's assessment lists. */
        controls: z.array(z.string().min(1).max(300)),
      })
      .strict(),
    checklists: z
      .object({
        /** Done before the visit is requested (records checked, agencies consulted, parent phoned…). */
        beforeVisit: z.array(ChecklistItem),
        /** Things staff take with them. */
        toCarry: z.array(ChecklistItem),
        /** What staff attest when they leave the home (rooms used, hospitality declined…). */
        onLeaving: z.array(LeavingItem),
      })
      .strict(),

    /** At the door. */
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
        /** Who counts as a parent, and as a responsible adult, when staff name the people present. */
        parents: z.array(Relationship).min(1),
        responsibleAdults: z.array(Relationship).min(1),
        /** Any of these observed at the door: do not enter; cancel with the reason in writing. */
        unsafeIndicators: z.array(ListItem).min(1),
        /** Dangerous animals must be kept in a separate room; refusal cancels the visit. */
        animalsMustBeSecured: z.boolean(),
        /** A visit may be completed at the door, without going in. */
        doorstepAllowed: z.boolean(),
      })
      .strict(),

    /** In the home and out of school. */
    checkIns: z
      .object({
        intervalMinutes: Minutes,
        /** Check in with the office when leaving for the visit and after it (depart / return). */
        beforeAndAfter: z.boolean(),
        /** After leaving the home, safe return (or the after-visit check-in) is due within this. */
        returnWithinMinutes: Minutes,
        /** Staff not back this long after their expected return: overdue, as a missed check-in is. */
        /** null: the expected return is the plan, not a deadline (how a format-1 policy ran). */
        expectedReturnGraceMinutes: z.number().int().min(0).max(240).nullable(),
        /** Remind staff this many minutes before a check-in falls due; 0: no reminder. */
        reminderMinutesBefore: z.number().int().min(0).max(60),
        /** Who receives check-ins, in the policy's words. */
        to: z.string().min(1),
        /**
         * Every check-in carries the member of staff's own check-in code: blank or wrong is refused, and
         * their duress code is taken as the right one (and raises the silent alert), so typing a code is
         * the same act either way. Absent or false: a code is optional, and only a duress code counts.
         */
        codeRequired: z.boolean().optional(),
        /**
         * "I need more time": how many minutes in all staff may add on one visit, and the deadline that
         * moves (the check-in running, or the expected return). Absent: DEFAULT_MORE_TIME.
         */
        moreTime: z.object({ maxMinutes: z.number().int().min(5).max(120), moves: z.enum(['check-in', 'expected-return']) }).strict().optional(),
      })
      .strict(),
    /** Who is told when staff leave school, reach the home, leave it and are back (role or recipient ids). */
    movements: z
      .object({ depart: z.array(Slug), arrive: z.array(Slug), leave: z.array(Slug), return: z.array(Slug) })
      .strict(),

    /** After, and when things go wrong. */
    cancellation: z
      .object({
        /** A cancellation for safety goes in writing to this role. */
        writtenNoticeTo: Slug,
        /** Which cancellations are for safety. */
        safetyReasons: z.array(CancellationReason).min(1),
      })
      .strict(),
    changes: z
      .object({
        /** Who is told when the appointment or the staff change. */
        notify: z.array(Slug),
        /** Whether a change sends the visit back for authorisation. */
        reauthorise: z.enum(['always', 'when-staff-change', 'never']),
      })
      .strict(),
    concerns: z
      .object({
        /** Who hears a safeguarding concern, in order: the next is told only if nobody answered the last in time. */
        ladder: z.array(EscalationLevel).min(1).max(5),
      })
      .strict(),
    alerts: z.object({ panic: Notice, duress: Notice }).strict(),
    escalation: z
      .object({
        levels: z.array(EscalationLevel).min(1).max(5),
        /** After an acknowledgement, the next check-in is due this soon: someone is chasing it. */
        reArmAfterAcknowledgeMinutes: Minutes,
      })
      .strict(),
    report: z
      .object({
        /** Where the record is filed: CPOMS, MyConcern, the school's MIS… */
        system: z.string().min(1).max(80),
        /** Signatures of the parent/carer and the officer: never, when the visit is about attendance, always. */
        signatures: z.enum(['never', 'when-attendance', 'always']),
        agreementsRecorded: z.boolean(),
        followUpWhenAgreementsBroken: z.boolean(),
      })
      .strict(),
    /** Timed rules after the visit: "N days after it closed (school days, where term dates are given), unless resolved, tell Z / prompt a follow-up visit". */
    followUps: z.array(
      z
        .object({
          id: Slug,
          afterDays: z.number().int().min(1).max(365),
          /** always, or only when agreements were recorded, or when staff said a follow-up is needed. */
          when: z.enum(['always', 'agreements-recorded', 'follow-up-needed']),
          action: z.enum(['notify', 'prompt-visit']),
          notify: z.array(Slug).min(1),
          text: Text,
        })
        .strict(),
    ),
    /**
     * The clause each rule encodes. Required in a file (policies/load.ts); the deployed runtime
     * carries the rules without them (they are for the people who write and sign off the file, and
     * they are half a policy's size), so where present they must be complete, and may be absent.
     */
    citations: z.record(z.string(), z.string().min(1)).optional(),
  })
  .strict();

export const PolicyV2 = PolicyV2Shape.superRefine((policy, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const [section, ladder] of [['escalation', policy.escalation.levels], ['concerns', policy.concerns.ladder]] as const) {
      ladder.forEach((level, index) => {
        if (level.level !== index + 1) {
          issue([section, section === 'escalation' ? 'levels' : 'ladder', index, 'level'], `levels must be numbered 1, 2, 3… in order; found ${level.level} at position ${index + 1}`);
        }
      });
    }
    // Every "who" names a role or recipient the policy defines, and the duties name roles.
    const roleIds = new Set(Object.keys(policy.roles));
    const whoIds = new Set([...roleIds, ...Object.keys(policy.recipients)]);
    for (const id of Object.keys(policy.recipients)) {
      if (roleIds.has(id)) issue(['recipients', id], `${id} is both a role and a recipient`);
    }
    const mustName = (path: (string | number)[], ids: readonly string[], allowed: Set<string>, what: string) =>
      ids.forEach((id, index) => {
        if (!allowed.has(id)) issue([...path, index], `${id} is not ${what} this policy defines`);
      });
    for (const duty of Object.keys(policy.duties) as (keyof Policy['duties'])[]) mustName(['duties', duty], policy.duties[duty], roleIds, 'a role');
    mustName(['cancellation', 'writtenNoticeTo'], [policy.cancellation.writtenNoticeTo], roleIds, 'a role');
    policy.escalation.levels.forEach((level, index) => mustName(['escalation', 'levels', index, 'notify'], level.notify, whoIds, 'a role or recipient'));
    policy.concerns.ladder.forEach((level, index) => mustName(['concerns', 'ladder', index, 'notify'], level.notify, whoIds, 'a role or recipient'));
    for (const kind of ['panic', 'duress'] as const) mustName(['alerts', kind, 'notify'], policy.alerts[kind].notify, whoIds, 'a role or recipient');
    for (const move of ['depart', 'arrive', 'leave', 'return'] as const) mustName(['movements', move], policy.movements[move], whoIds, 'a role or recipient');
    mustName(['changes', 'notify'], policy.changes.notify, whoIds, 'a role or recipient');
    policy.followUps.forEach((rule, index) => mustName(['followUps', index, 'notify'], rule.notify, whoIds, 'a role or recipient'));
    const purposeIds = new Set(policy.purposes.allowed.map((purpose) => purpose.id));
    policy.checklists.onLeaving.forEach((item, index) => {
      if (item.ifNo) mustName(['checklists', 'onLeaving', index, 'ifNo', 'notify'], item.ifNo.notify, whoIds, 'a role or recipient');
      mustName(['checklists', 'onLeaving', index, 'appliesWhen', 'purposes'], item.appliesWhen?.purposes ?? [], purposeIds, 'a purpose');
    });
    // A recipient is told only through a rule that names it: one no rule names would be listed as told, and never be.
    const told = new Set(notifiedIds(policy));
    for (const id of Object.keys(policy.recipients)) {
      if (!told.has(id)) issue(['recipients', id], `${id} is told by no rule: name it in an alert, a ladder, a movement, a change or a follow-up, or remove it`);
    }
    // A field no rule in the core enforces would be a promise the system does not keep (policy-enforcement.ts).
    for (const path of policyLeafPaths(policy)) {
      if (enforcersOf(path).length === 0) issue(path.split('.'), `${path} affects nothing: no rule in the core enforces it`);
    }
    if (!policy.checkIns.beforeAndAfter) {
      issue(['checkIns', 'beforeAndAfter'], 'false affects nothing: staff always record leaving school before reaching the home, and being back after it');
    }
    if (policy.risk.highFrom < policy.risk.concernsFrom) issue(['risk', 'highFrom'], 'a high rating cannot start below the concerns rating');
    if (policy.calendar.until <= policy.calendar.from) issue(['calendar', 'until'], `the school day must end after it starts (${policy.calendar.from})`);
    const allowed = new Set(policy.purposes.allowed.map((purpose) => purpose.id));
    for (const [index, purpose] of policy.purposes.forbidden.entries()) {
      if (allowed.has(purpose.id)) issue(['purposes', 'forbidden', index, 'id'], `${purpose.id} is both allowed and forbidden`);
    }
    for (const [path, items] of [
      [['checklists', 'beforeVisit'], policy.checklists.beforeVisit],
      [['checklists', 'toCarry'], policy.checklists.toCarry],
      [['checklists', 'onLeaving'], policy.checklists.onLeaving],
      [['purposes', 'allowed'], policy.purposes.allowed],
      [['entry', 'unsafeIndicators'], policy.entry.unsafeIndicators],
      [['unannounced', 'allowedReasons'], policy.unannounced.allowedReasons],
      [['followUps'], policy.followUps],
    ] as const) {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.id)) issue([...path, index, 'id'], `${item.id} is listed twice`);
        seen.add(item.id);
      });
    }
    const { citations } = policy;
    if (!citations) return;
    const leaves = new Set(policyLeafPaths(policy));
    for (const path of leaves) {
      if (!(path in citations)) issue(['citations'], `no citation for ${path}`);
    }
    for (const cited of Object.keys(citations)) {
      if (!leaves.has(cited)) issue(['citations', cited], `cites ${cited}, which is not a policy field`);
    }
  });

/** Every role or recipient id a rule of the policy tells. */
function notifiedIds(policy: z.infer<typeof PolicyV2Shape>): string[] {
  return [
    ...policy.escalation.levels.flatMap((level) => level.notify),
    ...policy.concerns.ladder.flatMap((level) => level.notify),
    ...policy.alerts.panic.notify,
    ...policy.alerts.duress.notify,
    ...Object.values(policy.movements).flat(),
    ...policy.changes.notify,
    ...policy.followUps.flatMap((rule) => rule.notify),
    ...policy.checklists.onLeaving.flatMap((item) => item.ifNo?.notify ?? []),
  ];
}

/** A policy as the core uses it: format 2, a format-1 one upgraded on the way in. */
// Pure: a bundle that never parses a format-1 policy (the API's: its policies are built at synth) leaves the upgrade out.
export const Policy = /* @__PURE__ */ z.preprocess((input, ctx) => {
  if (!isPolicyV1(input)) return input;
  const upgraded = upgradePolicyV1(input);
  // A broken format-1 file is named in its own terms, not in the format it would have become.
  if (!upgraded.ok) for (const issue of upgraded.issues) ctx.addIssue({ code: 'custom', path: issue.path as PropertyKey[], message: issue.message, input });
  return upgraded.ok ? upgraded.policy : input;
}, PolicyV2);
export type Policy = z.infer<typeof PolicyV2>;

/** Which policy governed a visit: recorded in VisitRequested. */
export const PolicyRef = z.object({ schoolId: z.string(), version: z.string() }).strict();
export type PolicyRef = z.infer<typeof PolicyRef>;

/** The reference to `policy` that a visit's request records and its execution's input carries. */
export const policyRefOf = ({ schoolId, version }: Pick<Policy, 'schoolId' | 'version'>): PolicyRef => ({ schoolId, version });

/**
 * "I need more time" where a school's policy says nothing of it: one extension, or several, of 30
 * minutes in all, moving the check-in that is running. Not from any school's document: the product's
 * own default (README, "The phone keeps the person informed"), kept small so that staff who say
 * nothing are still chased; a school that writes its own rule (checkIns.moreTime) replaces it.
 */
export const DEFAULT_MORE_TIME = { maxMinutes: 30, moves: 'check-in', citation: 'home-visits default: 30 minutes in all, moving the running check-in' } as const;

/**
 * Where a school's policy gives no term dates: every day its school day names (calendar.days) is a
 * school day, holidays included, as before term dates could be given. The product's default, said so
 * by explain; a school that lists its terms or holidays (calendar.termDates) replaces it.
 */
export const DEFAULT_TERM_DATES = { citation: 'home-visits default: no term dates given, so every day the school day names is a school day, holidays included' } as const;

/** The more-time rule a visit runs under: the school's, or the product's default. */
export const moreTimeRule = (policy: Policy): { readonly maxMinutes: number; readonly moves: 'check-in' | 'expected-return' } =>
  policy.checkIns.moreTime ?? DEFAULT_MORE_TIME;

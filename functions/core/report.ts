import * as z from 'zod';
import { Actor, HumanRole } from './actor';
import { IsoTime } from './event-store';
import { localTime } from './local-time';
import { AlertKind, AlertResolution, ArrangementChange, CancellationReason, Person, RiskOutcome } from './events';
import { ladderOf } from './deadlines';
import { followUpRule } from './follow-ups';
import { Slug, type ChecklistItem, type Policy } from './policy';
import { groupsOf, titlesOf } from './policy-people';
import { PreVisitChecks, StaffMember, VisitKind, VisitPurpose } from './visit-details';
import { acknowledgementOf, isOverdue, type Alert, type Stamp, type Visit, type VisitIn } from './visit-state';

/**
 * The CPOMS-style report the workflow files when a visit closes (ReportFiled.body), built from the
 * folded visit and its policy. Pure. One zod schema, ReportBody, is shared by the step that files
 * it, the API that serves it and the renderers (report-document.ts → Markdown, adapters/report-pdf.ts).
 *
 * What the seed policies ask a report to hold: time, location, pupil, people present, what was
 * discussed and agreed (facts kept apart from professional opinion), concerns and to whom they
 * went, signatures where the policy asks, follow-up when agreements are not kept; and what keeps
 * staff safe: authorisation, the risk assessment, check-ins, alerts and how each was answered,
 * cancellations and who was told in writing.
 */

export const REPORT_SCHEMA_VERSION = 1;

/** A thing that happened: when it was recorded, who did it, and when they say it happened if that differs. */
export const ReportStamp = z.object({ at: IsoTime, by: Actor, claimedAt: IsoTime.optional() }).strict();
export type ReportStamp = z.infer<typeof ReportStamp>;

const Authorisation = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('authorised'), at: IsoTime, by: Actor, note: z.string().optional() }).strict(),
  z.object({ decision: z.literal('declined'), at: IsoTime, by: Actor, reason: z.string() }).strict(),
  /** Cancelled before anyone authorised or declined it. */
  z.object({ decision: z.literal('none') }).strict(),
]);

const Tick = z.object({ id: z.string(), text: z.string(), required: z.boolean(), done: z.boolean() }).strict();

const ReportAlert = z
  .object({
    alertId: z.string(),
    kind: AlertKind,
    raisedAt: IsoTime,
    /** The deadline that was missed (overdue alerts). */
    dueAt: IsoTime.optional(),
    /** The highest escalation level reached (0: never escalated). */
    levelReached: z.number().int().min(0),
    /** Everyone the policy's ladder notified up to that level. */
    notified: z.array(HumanRole),
    /** Who said "I have it", and when (reports filed before the two acts were apart have no time). */
    acknowledgedBy: Actor.optional(),
    acknowledgedAt: IsoTime.optional(),
    resolution: AlertResolution.optional(),
    resolvedAt: IsoTime.optional(),
    /** Who resolved it, and (resolve-alert) in their words why. */
    resolvedBy: Actor.optional(),
    reason: z.string().optional(),
  })
  .strict();
export type ReportAlert = z.infer<typeof ReportAlert>;

export const ReportBody = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    visitId: z.string(),
    school: z.object({ id: z.string(), name: z.string() }).strict(),
    /** The policy that governed the visit, as recorded when it was requested. */
    policy: z.object({ schoolId: z.string(), version: z.string(), title: z.string() }).strict(),
    /** Times in the report are ISO instants; renderers show them in this zone (the school's). */
    timeZone: z.string(),
    /** The visit's date in the school's zone (departure, else the planned start): YYYY-MM-DD. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    pupil: z.object({ id: z.string(), name: z.string() }).strict(),
    address: z.string(),
    visit: z
      .object({
        kind: VisitKind,
        unannouncedReason: Slug.optional(),
        purpose: VisitPurpose,
        purposeDetail: z.string(),
        appointmentAt: IsoTime.optional(),
        plannedStartAt: IsoTime,
        expectedReturnAt: IsoTime,
        eveningJustification: z.string().optional(),
      })
      .strict(),
    requested: ReportStamp,
    authorisation: Authorisation,
    /** Each change to the arrangement before anyone set out (reports filed before reschedules have none). */
    changes: z
      .array(
        z
          .object({
            at: IsoTime,
            by: Actor,
            changes: ArrangementChange,
            previous: ArrangementChange,
            reason: z.string(),
            reauthorise: z.boolean(),
            /** The authorisation the change withdrew, where it needed authorising again. */
            withdrawn: z.object({ at: IsoTime, by: Actor }).strict().optional(),
            /** The policy's roles and recipients told, by the school's titles. */
            told: z.array(z.string()),
          })
          .strict(),
      )
      .optional(),
    preVisitChecks: PreVisitChecks,
    /** Each of the policy's lists, item by item: what it says, whether it was required, whether it was done (reports filed before format 2 have none). */
    checklists: z
      .object({ beforeVisit: z.array(Tick), toCarry: z.array(Tick), onLeaving: z.array(Tick) })
      .strict()
      .optional(),
    /** Where the record is filed (the policy's record system); reports filed before format 2: CPOMS. */
    recordSystem: z.string().default('CPOMS'),
    riskAssessment: z
      .object({
        at: IsoTime,
        rating: z.enum(['low', 'medium', 'high']),
        outcome: RiskOutcome,
        reasons: z.array(z.string()),
        controls: z.array(z.string()),
      })
      .strict()
      .nullable(),
    staff: z.array(StaffMember),
    /** A pair's code word was agreed before leaving (never the word itself). */
    safeWordAgreed: z.boolean(),
    times: z
      .object({
        departed: ReportStamp.optional(),
        arrived: ReportStamp.optional(),
        entered: ReportStamp.optional(),
        left: ReportStamp.optional(),
        returned: ReportStamp.optional(),
      })
      .strict(),
    parentReportedLate: ReportStamp.extend({ expectedAt: IsoTime }).strict().optional(),
    checkIns: z.array(ReportStamp),
    peoplePresent: z.array(Person),
    /** What was discussed and agreed. Facts and agreements are kept apart from professional opinion. */
    discussion: z
      .object({
        facts: z.array(z.string()),
        agreements: z.array(z.string()),
        professionalOpinion: z.string().optional(),
      })
      .strict(),
    concerns: z.array(
      z.object({ concernId: z.string(), summary: z.string(), reportedTo: z.array(HumanRole), at: IsoTime, by: Actor }).strict(),
    ),
    ruleBreaches: z.array(z.object({ rule: z.string(), detail: z.string(), at: IsoTime }).strict()),
    alerts: z.array(ReportAlert),
    cancellation: z
      .object({
        reason: CancellationReason,
        detail: z.string(),
        rule: z.string().optional(),
        unsafeIndicators: z.array(Slug).optional(),
        at: IsoTime,
        by: Actor,
        staffWereOut: z.boolean(),
        /** Who received the reason in writing (the policy's named role and its title), where the reason requires it. */
        writtenNoticeTo: z.object({ role: z.string(), title: z.string() }).strict().nullable(),
      })
      .strict()
      .nullable(),
    signatures: z
      .object({
        /** The policy's rule. */
        policy: z.enum(['never', 'when-attendance', 'always']),
        /** Whether the rule asked for them on this visit (only once staff were in the home, or made a doorstep visit). */
        required: z.boolean(),
        parent: z.boolean().optional(),
        officer: z.boolean().optional(),
      })
      .strict(),
    followUp: z
      .object({
        /** The member of staff said a follow-up is needed. */
        needed: z.boolean(),
        /** The policy asks for agreements to be recorded. */
        agreementsRecorded: z.boolean(),
        /** The policy's rule: a follow-up visit when agreements are not kept; applies when agreements were made. */
        whenAgreementsBroken: z.boolean(),
        ruleApplies: z.boolean(),
        /** The policy's timed follow-ups scheduled when the visit closed, each with when it falls due (absent when none applied). */
        scheduled: z
          .array(z.object({ id: Slug, dueAt: IsoTime, action: z.enum(['notify', 'prompt-visit']), notify: z.array(z.string()) }).strict())
          .optional(),
      })
      .strict(),
    outcome: z.enum(['completed', 'cancelled', 'declined', 'not-visited']),
    /** Completed at the door with the family, never going in (a doorstep visit, where the policy allows one). */
    doorstep: z.boolean().optional(),
    closedAt: IsoTime,
    /** CPOMS categories to file it under. */
    categories: z.array(z.string()).min(1),
  })
  .strict();
export type ReportBody = z.infer<typeof ReportBody>;

/** A filed report as the API serves it: the ReportFiled event's id, time and body. */
export const FiledReport = z
  .object({
    visitId: z.string(),
    reportId: z.string(),
    filedAt: IsoTime,
    categories: z.array(z.string()),
    body: ReportBody,
  })
  .strict();
export type FiledReport = z.infer<typeof FiledReport>;

/** The record system's categories for the visit: its purpose's (the policy's list), then what happened. */
export function reportCategories(visit: Visit, policy: Policy): string[] {
  const purpose = policy.purposes.allowed.find((candidate) => candidate.id === visit.details.purpose);
  const categories = new Set(purpose?.reportCategories ?? ['Home visit']);
  if (visit.concerns.length > 0 || visit.breaches.length > 0) categories.add('Safeguarding');
  if (visit.alerts.length > 0 || (visit.cancelled && policy.cancellation.safetyReasons.includes(visit.cancelled.reason))) categories.add('Staff safety');
  return [...categories];
}

const ticks = (items: readonly ChecklistItem[], done: readonly string[]) =>
  items.map(({ id, text, required }) => ({ id, text, required, done: done.includes(id) }));

const stampOf = (stamp: Stamp | undefined): ReportStamp | undefined =>
  stamp && { at: stamp.at, by: stamp.by, ...(stamp.claimedAt ? { claimedAt: stamp.claimedAt } : {}) };

function authorisationOf(visit: Visit): z.infer<typeof Authorisation> {
  if (visit.authorised) {
    const { at, by, note } = visit.authorised;
    return { decision: 'authorised', at, by, ...(note ? { note } : {}) };
  }
  if (visit.declined) return { decision: 'declined', at: visit.declined.at, by: visit.declined.by, reason: visit.declined.reason };
  return { decision: 'none' };
}

/** A change to the arrangement, staff contact details left out as everywhere in the record. */
function changeOf(change: NonNullable<Visit['rescheduled']>[number], policy: Policy): NonNullable<ReportBody['changes']>[number] {
  const withoutContacts = (arrangement: ArrangementChange): ArrangementChange => {
    const { staff, ...rest } = arrangement;
    return { ...rest, ...(staff ? { staff: staff.map(({ userId, name, role }) => ({ userId, name, ...(role ? { role } : {}) })) } : {}) };
  };
  return {
    at: change.at,
    by: change.by,
    changes: withoutContacts(change.changes),
    previous: withoutContacts(change.previous),
    reason: change.reason,
    reauthorise: change.reauthorise,
    ...(change.withdrawn ? { withdrawn: { at: change.withdrawn.at, by: change.withdrawn.by } } : {}),
    told: titlesOf(policy, change.notify),
  };
}

function alertOf(alert: Alert, policy: Policy): ReportAlert {
  const notified = groupsOf(policy, ladderOf(alert, policy).filter((level) => level.level <= alert.level).flatMap((level) => level.notify));
  const acknowledged = acknowledgementOf(alert);
  const resolved = alert.stage === 'resolved' ? alert.resolved : undefined;
  return {
    alertId: alert.alertId,
    kind: alert.kind,
    raisedAt: alert.raisedAt,
    ...(isOverdue(alert) ? { dueAt: alert.dueAt } : {}),
    levelReached: alert.level,
    notified,
    ...(acknowledged ? { acknowledgedBy: acknowledged.by, acknowledgedAt: acknowledged.at } : {}),
    ...(resolved
      ? { resolution: resolved.resolution, resolvedAt: resolved.at, resolvedBy: resolved.by, ...(resolved.reason ? { reason: resolved.reason } : {}) }
      : {}),
  };
}

function cancellationOf(cancelled: NonNullable<Visit['cancelled']>): NonNullable<ReportBody['cancellation']> {
  const { reason, detail, rule, unsafeIndicators, at, by, staffOut, writtenNoticeTo } = cancelled;
  return {
    reason,
    detail,
    ...(rule ? { rule } : {}),
    ...(unsafeIndicators?.length ? { unsafeIndicators } : {}),
    at,
    by,
    staffWereOut: staffOut,
    writtenNoticeTo: writtenNoticeTo ?? null,
  };
}

/** The report body for a closed visit: a report is filed only then. */
export function buildReportBody(visit: VisitIn<'closed'>, policy: Policy): ReportBody {
  const { details } = visit;
  const notes = visit.left?.notes;
  const inHome = Boolean(visit.entered);
  const doorstep = !inHome && !visit.cancelled && visit.left?.doorstep === true;
  const signaturesRequired =
    (inHome || doorstep) && (policy.report.signatures === 'always' || (policy.report.signatures === 'when-attendance' && details.purpose === 'attendance'));
  const agreements = notes?.agreements ?? [];
  const times = {
    departed: stampOf(visit.departed),
    arrived: stampOf(visit.arrived),
    entered: stampOf(visit.entered),
    // Staff who cancel while out leave at the cancellation: the time they left the address.
    left: stampOf(visit.left),
    returned: stampOf(visit.returned),
  };

  return ReportBody.parse({
    schemaVersion: REPORT_SCHEMA_VERSION,
    visitId: visit.visitId,
    school: { id: policy.schoolId, name: policy.schoolName },
    policy: { schoolId: visit.policy.schoolId, version: visit.policy.version, title: policy.source.title },
    timeZone: policy.timeZone,
    date: localTime(policy.timeZone).dateOf(visit.departed?.at ?? details.plannedStartAt),
    pupil: details.pupil,
    address: details.address,
    visit: {
      kind: details.kind,
      ...(details.unannouncedReason ? { unannouncedReason: details.unannouncedReason } : {}),
      purpose: details.purpose,
      purposeDetail: details.purposeDetail,
      ...(details.appointmentAt ? { appointmentAt: details.appointmentAt } : {}),
      plannedStartAt: details.plannedStartAt,
      expectedReturnAt: details.expectedReturnAt,
      ...(details.eveningJustification ? { eveningJustification: details.eveningJustification } : {}),
    },
    requested: stampOf(visit.requested),
    authorisation: authorisationOf(visit),
    ...(visit.rescheduled?.length ? { changes: visit.rescheduled.map((change) => changeOf(change, policy)) } : {}),
    preVisitChecks: details.preVisitChecks,
    checklists: {
      beforeVisit: ticks(policy.checklists.beforeVisit, details.preVisitChecks),
      toCarry: ticks(policy.checklists.toCarry, details.carrying),
      onLeaving: ticks(policy.checklists.onLeaving, visit.left?.attestations ?? []),
    },
    recordSystem: policy.report.system,
    riskAssessment: visit.risk
      ? { at: visit.risk.at, rating: visit.risk.rating, outcome: visit.risk.outcome, reasons: visit.risk.reasons, controls: visit.risk.controls }
      : null,
    // Staff contact details are for responders in an alert, never the record.
    staff: details.staff.map(({ userId, name, role }) => ({ userId, name, ...(role ? { role } : {}) })),
    safeWordAgreed: details.safeWordAgreed,
    times: Object.fromEntries(Object.entries(times).filter(([, stamp]) => stamp !== undefined)),
    ...(visit.lateNotice ? { parentReportedLate: { ...stampOf(visit.lateNotice), expectedAt: visit.lateNotice.expectedAt } } : {}),
    checkIns: visit.checkIns.map(stampOf),
    // Staff who never went in name who came to the door, if they did (family-at-door).
    peoplePresent: visit.entered?.peoplePresent ?? visit.familyAtDoor?.peoplePresent ?? [],
    discussion: {
      facts: notes?.facts ?? [],
      agreements,
      ...(notes?.professionalOpinion ? { professionalOpinion: notes.professionalOpinion } : {}),
    },
    concerns: visit.concerns.map(({ concernId, summary, reportedTo, at, by }) => ({ concernId, summary, reportedTo, at, by })),
    ruleBreaches: visit.breaches.map(({ rule, detail, at }) => ({ rule, detail, at })),
    alerts: visit.alerts.map((alert) => alertOf(alert, policy)),
    cancellation: visit.cancelled ? cancellationOf(visit.cancelled) : null,
    signatures: {
      policy: policy.report.signatures,
      required: signaturesRequired,
      ...(notes?.signatures ? { parent: notes.signatures.parent, officer: notes.signatures.officer } : {}),
    },
    followUp: {
      needed: notes?.followUpNeeded ?? false,
      agreementsRecorded: policy.report.agreementsRecorded,
      whenAgreementsBroken: policy.report.followUpWhenAgreementsBroken,
      ruleApplies: policy.report.followUpWhenAgreementsBroken && agreements.length > 0,
      ...(visit.followUps?.length
        ? {
            scheduled: visit.followUps.map(({ id, dueAt }) => {
              const rule = followUpRule(policy, id);
              return { id, dueAt, action: rule?.action ?? 'notify', notify: titlesOf(policy, rule?.notify ?? []) };
            }),
          }
        : {}),
    },
    outcome: visit.closed.outcome,
    ...(doorstep ? { doorstep: true } : {}),
    closedAt: visit.closed.at,
    categories: reportCategories(visit, policy),
  });
}

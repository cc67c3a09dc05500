import * as z from 'zod';
import { EventMeta, IsoTime, type NewEvent, type StoredEvent } from './event-store';
import { HumanRole } from './actor';
import { CancellationReason, PolicyRef, Relationship, Slug } from './policy';
import { StaffMember, VisitDetails } from './visit-details';

/**
 * Every fact a visit's stream can hold, one zod schema each, named in the past tense.
 * Who and when live in the envelope's meta (actor, recordedAt, claimedAt); `data` holds the what and why.
 */

export const RiskOutcome = z.enum(['proceed', 'pairs-only', 'invite-to-school', 'do-not-visit']);
export type RiskOutcome = z.infer<typeof RiskOutcome>;

export { CancellationReason };

/**
 * The alerts a missed deadline raises (CheckInOverdue), each with the time that was missed; answered by
 * a sign of life from the staff, and climbing the escalation ladder until someone has it.
 * `return-overdue`: staff not back by the expected return plus the policy's grace (policy.checkIns.expectedReturnGraceMinutes).
 */
export const OVERDUE_ALERT_KINDS = ['check-in-overdue', 'safe-return-overdue', 'return-overdue'] as const;
export const OverdueAlertKind = z.enum(OVERDUE_ALERT_KINDS);
export type OverdueAlertKind = z.infer<typeof OverdueAlertKind>;

/** The calls for help (panic, duress) and a safeguarding concern with a fallback: raised by a person, never by a clock. */
export const RAISED_ALERT_KINDS = ['panic', 'duress', 'safeguarding-concern'] as const;
export const RaisedAlertKind = z.enum(RAISED_ALERT_KINDS);
export type RaisedAlertKind = z.infer<typeof RaisedAlertKind>;

export const AlertKind = z.enum([...OVERDUE_ALERT_KINDS, ...RAISED_ALERT_KINDS]);
export type AlertKind = z.infer<typeof AlertKind>;

const OVERDUE: ReadonlySet<AlertKind> = new Set(OVERDUE_ALERT_KINDS);
export const isOverdueKind = (kind: AlertKind): kind is OverdueAlertKind => OVERDUE.has(kind);

/**
 * How an alert was closed: `checked-in` / `returned`, a sign of life from the staff answered it;
 * `resolved`, a person closed it with a reason (POST /visits/{id}/resolve-alert). `acknowledged` is
 * only read, never written: streams from before acknowledging and resolving became two acts, when an
 * acknowledgement closed the alert too. It still folds as resolved.
 */
export const AlertResolution = z.enum(['checked-in', 'returned', 'resolved', 'acknowledged', 'cancelled']);
export type AlertResolution = z.infer<typeof AlertResolution>;

export const Person = z
  .object({
    name: z.string().min(1).max(200),
    relationship: Relationship,
  })
  .strict();
export type Person = z.infer<typeof Person>;

/** What was discussed and agreed, facts kept apart from opinion (CPOMS practice). */
export const VisitNotes = z
  .object({
    facts: z.array(z.string().min(1).max(2000)).max(50).default([]),
    agreements: z.array(z.string().min(1).max(2000)).max(50).default([]),
    professionalOpinion: z.string().max(4000).optional(),
    followUpNeeded: z.boolean().default(false),
    signatures: z.object({ parent: z.boolean(), officer: z.boolean() }).strict().optional(),
  })
  .strict();
export type VisitNotes = z.infer<typeof VisitNotes>;

/** The parts of a visit's arrangement a reschedule may change (VisitRescheduled). */
export const ArrangementChange = z
  .object({
    appointmentAt: IsoTime.optional(),
    plannedStartAt: IsoTime.optional(),
    expectedReturnAt: IsoTime.optional(),
    staff: z.array(StaffMember).min(1).max(4).optional(),
    /** Why one member of staff now goes alone, where the policy pairs staff "where possible". */
    loneVisitReason: z.string().min(1).max(2000).optional(),
    /** Why the new time, outside the school day, cannot wait, where the policy discourages it. */
    eveningJustification: z.string().min(1).max(2000).optional(),
    /** A new pair agreed a code word (never the word itself): asked again when the staff change. */
    safeWordAgreed: z.boolean().optional(),
  })
  .strict();
export type ArrangementChange = z.infer<typeof ArrangementChange>;

const schemas = {
  VisitRequested: z.object({ visitId: z.string(), policy: PolicyRef, details: VisitDetails }).strict(),
  VisitAuthorised: z.object({ note: z.string().max(2000).optional(), pairRequired: z.boolean().optional() }).strict(),
  VisitDeclined: z.object({ reason: z.string().min(1).max(2000) }).strict(),
  /**
   * The arrangement changed before anyone set out: `changes` holds the new values (only those that
   * changed), `previous` what they replace. `reauthorise`: the authorisation (and the risk assessment
   * made on it) no longer stands, and the visit goes back to be authorised again. `notify`: the
   * policy's roles and recipients told of the change (policy.changes.notify).
   */
  VisitRescheduled: z
    .object({
      changes: ArrangementChange,
      previous: ArrangementChange,
      reason: z.string().min(1).max(2000),
      reauthorise: z.boolean(),
      notify: z.array(z.string()),
    })
    .strict(),
  RiskAssessed: z
    .object({
      rating: z.enum(['low', 'medium', 'high']),
      outcome: RiskOutcome,
      reasons: z.array(z.string()),
      controls: z.array(z.string()),
    })
    .strict(),
  Departed: z.object({}).strict(),
  ParentReportedLate: z.object({ expectedAt: IsoTime }).strict(),
  /** "I need more time": the deadline the policy's rule names (`moves`) now falls at `dueAt`. */
  MoreTimeTaken: z
    .object({ minutes: z.number().int().min(1), reason: z.string().min(1).max(500), moves: z.enum(['check-in', 'expected-return']), dueAt: IsoTime })
    .strict(),
  Arrived: z.object({}).strict(),
  /** A parent or someone from the family came to the door: the wait for them (the no-show deadline) is over. */
  FamilyCameToDoor: z.object({ peoplePresent: z.array(Person).min(1).optional() }).strict(),
  Entered: z.object({ peoplePresent: z.array(Person).min(1), staffPresent: z.array(z.string()).optional() }).strict(),
  CheckedIn: z
    .object({
      note: z.string().max(500).optional(),
      adultPresent: z.boolean().optional(),
      /**
       * Made with the duress code: the silent alert rides on the check-in itself, so the stream moves
       * by exactly the events an ordinary check-in writes (whoever holds the phone sees its version).
       */
      duress: z.object({ alertId: z.string() }).strict().optional(),
    })
    .strict(),
  LeftHome: z
    .object({ notes: VisitNotes.optional(), attestations: z.array(Slug).optional(), answeredNo: z.array(Slug).optional(), doorstep: z.boolean().optional() })
    .strict(),
  ReturnedSafely: z.object({}).strict(),
  VisitCancelled: z
    .object({
      reason: CancellationReason,
      detail: z.string().min(1).max(2000),
      /** The rule that made the cancellation necessary, where one did. */
      rule: z.string().optional(),
      /** Whom the reason goes to in writing, where the policy asks. */
      /** The policy's role id (format 1: the identity group) and the school's title for it. */
      writtenNoticeTo: z.object({ role: z.string(), title: z.string() }).strict().optional(),
      unsafeIndicators: z.array(Slug).optional(),
      /** Staff were already out: they must still return safely before the visit closes. */
      staffOut: z.boolean(),
    })
    .strict(),
  CheckInOverdue: z
    .object({ alertId: z.string(), kind: OverdueAlertKind, dueAt: IsoTime })
    .strict(),
  AlertEscalated: z
    .object({
      alertId: z.string(),
      level: z.number().int().min(1),
      /** The identity groups the alert goes to (what delivery routes on). */
      notify: z.array(HumanRole),
      /** The policy's roles and recipients at this level, by id (format-1 streams have only `notify`). */
      recipients: z.array(z.string()).optional(),
      instruction: z.string(),
    })
    .strict(),
  AlertAcknowledged: z.object({ alertId: z.string(), note: z.string().max(500).optional() }).strict(),
  /**
   * The alert is closed. `resolution` says how; `reason` is the resolver's own words (resolve-alert).
   * Acknowledging (AlertAcknowledged, "I have it") no longer resolves: see AlertResolution.
   */
  AlertResolved: z
    .object({ alertId: z.string(), resolution: AlertResolution, reason: z.string().min(1).max(2000).optional() })
    .strict(),
  PanicRaised: z.object({ alertId: z.string(), note: z.string().max(500).optional() }).strict(),
  /**
   * The staff called off their call for help with their cancel PIN: it is resolved as a false alarm.
   * Made with the duress code, it reads the same to whoever holds the phone, but the call for help
   * stays open and the silent duress alert rides on this event (as on CheckedIn).
   */
  FalseAlarmCancelled: z.object({ alertId: z.string(), duress: z.object({ alertId: z.string() }).strict().optional() }).strict(),
  /** Streams recorded before duress rode on CheckedIn: still read and folded, no longer written. */
  DuressRaised: z.object({ alertId: z.string() }).strict(),
  SafeguardingConcernRaised: z
    .object({
      concernId: z.string(),
      summary: z.string().min(1).max(4000),
      reportedTo: z.array(HumanRole).min(1),
      /** Where the policy names a fallback: the alert that climbs to it unless someone answers first. */
      alertId: z.string().optional(),
    })
    .strict(),
  /** `notify`: whom the policy names for this breach (a leaving item answered no); absent, the first rung of the concerns ladder. */
  SafeguardingRuleBreached: z.object({ rule: z.string(), detail: z.string(), notify: z.array(Slug).optional() }).strict(),
  /**
   * The workflow reminded the staff that a check-in falls due at `dueAt` (policy.checkIns.reminderMinutesBefore):
   * a message to them, never an alert anyone answers. Once per due time.
   */
  CheckInReminderSent: z.object({ dueAt: IsoTime, minutesBefore: z.number().int().min(1) }).strict(),
  VisitClosed: z
    .object({
      outcome: z.enum(['completed', 'cancelled', 'declined', 'not-visited']),
      /**
       * The policy's follow-up rules that apply to this visit, each with when it falls due (closing
       * time + the rule's afterDays): the workflow times them from this, not from the policy. Absent
       * when none applies (and on every stream recorded before follow-ups existed).
       */
      followUps: z.array(z.object({ id: Slug, dueAt: IsoTime }).strict()).min(1).optional(),
    })
    .strict(),
  /** A scheduled follow-up fell due unresolved: whoever its rule names is told (once per rule). */
  FollowUpDue: z
    .object({
      followUpId: Slug,
      dueAt: IsoTime,
      action: z.enum(['notify', 'prompt-visit']),
      /** The identity groups the notice goes to (what delivery routes on). */
      notify: z.array(HumanRole),
      /** The policy's roles and recipients the rule names, by id. */
      recipients: z.array(z.string()).min(1),
      text: z.string().min(1),
    })
    .strict(),
  /** Someone the policy lets acknowledge or cancel settled a scheduled follow-up before it fell due: it is never announced. */
  FollowUpResolved: z.object({ followUpId: Slug, note: z.string().min(1).max(2000) }).strict(),
  ReportFiled: z.object({ reportId: z.string(), categories: z.array(z.string()), body: z.record(z.string(), z.unknown()) }).strict(),
  /**
   * The workflow could not take its next step even after its retries (a table, Lambda or Step Functions
   * down for longer than they cover): nothing times this visit until it recovers. The office is told,
   * and the workflow tries again from Plan after a pause. `error` is the failure's name, never its text.
   */
  WatchLost: z.object({ error: z.string().min(1).max(200) }).strict(),
} as const;

export type VisitEventType = keyof typeof schemas;
export const VISIT_EVENT_TYPES = Object.keys(schemas) as VisitEventType[];

/** Each visit event type's payload schema, by type (parseVisitEvent applies them; tests count their parses; the visit's state and the API's history are built from them). */
export const VISIT_EVENT_SCHEMAS: Readonly<typeof schemas> = schemas;

export type EventData<T extends VisitEventType> = z.infer<(typeof schemas)[T]>;

/** A visit event: its type, its payload and the envelope's meta. The union lets `switch` narrow `data`. */
export type VisitEvent = {
  [T in VisitEventType]: { readonly type: T; readonly data: EventData<T>; readonly meta: EventMeta };
}[VisitEventType];

export type StoredVisitEvent = VisitEvent & Pick<StoredEvent, 'streamId' | 'version' | 'prevHash' | 'hash'>;

export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

/**
 * Parse what the store returns: an event of an unknown type or a malformed payload is an error, never skipped.
 * Only the payload is parsed here, by its type's schema: the store has parsed the envelope, meta
 * included, on the way out (a StoredEvent is that parse's result), so each part of an event is
 * parsed once per read (issue 12, "parse once"; test/integration/parse-once.test.ts counts it).
 */
export function parseVisitEvent(stored: StoredEvent): StoredVisitEvent {
  const schema = payloadSchemaOf(stored.type);
  if (!schema) throw new UnknownEventError(`version ${stored.version}: unknown event type ${stored.type}`);
  return { ...stored, data: schema.parse(stored.data) } as StoredVisitEvent;
}

const payloadSchemaOf = (type: string): z.ZodType | undefined => (Object.hasOwn(schemas, type) ? schemas[type as VisitEventType] : undefined);

/** Build an event, checking its payload against its schema (the core never emits an invalid event). */
export function visitEvent<T extends VisitEventType>(type: T, data: EventData<T>, meta: EventMeta): VisitEvent & NewEvent {
  return { type, data: schemas[type].parse(data), meta } as VisitEvent & NewEvent;
}

/** Why a stored event is not a visit event: its type is unknown, or its payload fails its type's schema. (Its meta is the envelope's: the store's parse.) */
export type VisitEventProblem = 'unknown-event-type' | 'data-invalid';

export type VisitEventParse =
  | { readonly ok: true; readonly event: StoredVisitEvent }
  | { readonly ok: false; readonly problem: VisitEventProblem; readonly detail: string; readonly error: Error };

/**
 * parseVisitEvent that answers instead of throwing, for the readers that must go on past an event
 * that no longer parses (quarantine, history). `detail` names the fields and the rules they break,
 * never their values, so it may be logged.
 *
 * @example
 * const parsed = safeParseVisitEvent(stored);
 * if (!parsed.ok) console.log(`version ${stored.version}: ${parsed.problem} (${parsed.detail})`);
 */
export function safeParseVisitEvent(stored: StoredEvent): VisitEventParse {
  const schema = payloadSchemaOf(stored.type);
  if (!schema) {
    return { ok: false, problem: 'unknown-event-type', detail: 'unknown event type', error: new UnknownEventError(`version ${stored.version}: unknown event type`) };
  }
  const data = schema.safeParse(stored.data);
  if (!data.success) return { ok: false, problem: 'data-invalid', detail: issueSummary(data.error), error: data.error };
  return { ok: true, event: { ...stored, data: data.data } as StoredVisitEvent };
}

/** Paths and messages of a zod error, short, for a log line: zod's messages name the rule, not the value. */
export function issueSummary(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 300);
}

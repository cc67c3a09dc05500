import * as z from 'zod';
import { Actor } from './actor';
import { DeadlineKind } from './deadlines';
import { IsoTime } from './event-store';
import { ArrangementChange, CancellationReason, Person, VisitNotes } from './events';
import { Slug } from './policy';
import { VisitDetails } from './visit-details';

/**
 * What people and the workflow ask of a visit. Bodies are zod schemas so the API validates them
 * (and documents them) from the same source. `meta.now` is the clock port's time: the core never
 * reads a clock.
 */

export const CommandMeta = z
  .object({
    commandId: z.string().min(1).max(200),
    actor: Actor,
    now: IsoTime,
    claimedAt: IsoTime.optional(),
  })
  .strict();
export type CommandMeta = z.infer<typeof CommandMeta>;

const empty = z.object({}).strict();

/** Bodies of the actions people take (POST /visits and POST /visits/{id}/{action}). */
export const ActionBodies = {
  request: z
    .object({
      // `--` is kept for the names of a long visit's later executions (`<visitId>--1`), so no new visit's id can equal one.
      visitId: z.string().regex(/^[A-Za-z0-9_-]{6,80}$/).refine((id) => !id.includes('--'), 'must not contain "--"'),
      details: VisitDetails,
    })
    .strict(),
  authorise: z
    .object({
      note: z.string().max(2000).optional(),
      /** Whether the visit must be made in a pair, where the policy leaves that to the authoriser. */
      pairRequired: z.boolean().optional(),
    })
    .strict(),
  decline: z.object({ reason: z.string().min(1).max(2000) }).strict(),
  /**
   * Change the arrangement before anyone sets out: the time, the staff (the whole new list), or both.
   * Checked as a request is (the school day, who may go, pairs); re-authorised where the policy asks.
   */
  reschedule: ArrangementChange.extend({
    /** Why the arrangement changed: recorded, and told to whoever the policy names. */
    reason: z.string().min(1).max(2000),
  }).strict(),
  depart: empty,
  'report-late': z.object({ expectedAt: IsoTime }).strict(),
  arrive: empty,
  /** A parent or someone from the family came to the door: the wait for them stops (and a doorstep visit may complete). */
  'family-at-door': z.object({ peoplePresent: z.array(Person).min(1).max(20).optional() }).strict(),
  enter: z
    .object({
      peoplePresent: z.array(Person).min(1).max(20),
      invitedIn: z.boolean(),
      animals: z.enum(['none', 'secured', 'not-secured']),
      unsafeIndicators: z.array(Slug).max(10).default([]),
      /** The staff at the door, by user id: a pair visit goes in only when both are named. */
      staffPresent: z.array(z.string().min(1).max(128)).max(4).optional(),
    })
    .strict(),
  'check-in': z
    .object({
      note: z.string().max(500).optional(),
      adultPresent: z.boolean().optional(),
      /**
       * The staff member's check-in code. Their duress code here raises a silent alert; neither is ever
       * stored. Where the policy asks for a code (checkIns.codeRequired) it must be one of theirs.
       */
      code: z.string().min(1).max(32).optional(),
    })
    .strict(),
  leave: z
    .object({
      notes: VisitNotes.optional(),
      /** The policy's leaving attestations (policy.checklists.onLeaving) staff affirm, by id. */
      attestations: z.array(Slug).max(50).optional(),
      /** Leaving attestations staff answer no (a breach to record), where the policy's item allows it (ifNo). */
      answeredNo: z.array(Slug).max(50).optional(),
      /** Completed at the door without going in, where the policy allows a doorstep visit. */
      doorstep: z.boolean().optional(),
    })
    .strict(),
  return: empty,
  cancel: z
    .object({
      reason: CancellationReason.exclude(['parent-no-show', 'pairs-required', 'risk-assessment']),
      detail: z.string().min(1).max(2000),
      unsafeIndicators: z.array(Slug).max(10).optional(),
    })
    .strict(),
  'raise-concern': z.object({ summary: z.string().min(1).max(4000) }).strict(),
  /** "I need more time": the deadline the policy names moves by `minutes`, within the policy's limit, and the office sees why. */
  'extend-time': z.object({ minutes: z.number().int().min(1).max(120), reason: z.string().min(1).max(500) }).strict(),
  panic: z.object({ note: z.string().max(500).optional() }).strict(),
  /**
   * A call for help pressed by mistake, called off by the staff on the visit with their cancel PIN
   * (their check-in code): recorded, and the office told. Their duress code here is taken like the
   * PIN, and raises a silent duress alert instead; neither is ever stored.
   */
  'cancel-alarm': z.object({ alertId: z.string().min(1).max(100), pin: z.string().min(1).max(32) }).strict(),
  /** "I have it": the alert stops climbing its ladder, and stays open until someone resolves it. */
  acknowledge: z.object({ alertId: z.string().min(1).max(100), note: z.string().max(500).optional() }).strict(),
  /** The alert is handled, and why (acknowledging it first, if nobody had): a visit closes only once every alert is resolved. */
  'resolve-alert': z.object({ alertId: z.string().min(1).max(100), reason: z.string().min(1).max(2000) }).strict(),
  /** Settle a scheduled follow-up before it falls due (the agreement was kept, the meeting happened): it is never announced. */
  'resolve-follow-up': z.object({ followUpId: Slug, note: z.string().min(1).max(2000) }).strict(),
} as const;

/** Steps the workflow (never a person) takes. */
export const WorkflowBodies = {
  'assess-risk': empty,
  /** A guarded wait's deadline passed with no signal. */
  'deadline-passed': z.object({ kind: DeadlineKind }).strict(),
  escalate: z.object({ alertId: z.string().min(1) }).strict(),
  close: empty,
  'file-report': z
    .object({ reportId: z.string().min(1), categories: z.array(z.string()), body: z.record(z.string(), z.unknown()) })
    .strict(),
  /** The workflow's retries are spent: record that nothing is watching the visit until it recovers. */
  'watch-lost': z.object({ error: z.string().min(1).max(200) }).strict(),
} as const;

export type ActionName = keyof typeof ActionBodies;

/** One action as a person asks it: its name, and its body parsed by its own schema. */
const asked = <A extends ActionName>(name: A) => z.object({ name: z.literal(name), body: ActionBodies[name] }).strict();

/**
 * What a person asks of a visit, parsed at the edge (the API's routes, and any other way in): the
 * action's name selects its body's schema, so the parsed value is typed per action and becomes a
 * Command without a cast. Every action is listed once here (test/unit/commands-schema.test.ts).
 */
export const ActionInput = z.discriminatedUnion('name', [
  asked('request'),
  asked('authorise'),
  asked('decline'),
  asked('reschedule'),
  asked('depart'),
  asked('report-late'),
  asked('arrive'),
  asked('family-at-door'),
  asked('enter'),
  asked('check-in'),
  asked('leave'),
  asked('return'),
  asked('cancel'),
  asked('raise-concern'),
  asked('extend-time'),
  asked('panic'),
  asked('cancel-alarm'),
  asked('acknowledge'),
  asked('resolve-alert'),
  asked('resolve-follow-up'),
]);
export type ActionInput = z.infer<typeof ActionInput>;
export type ActionInputOf<A extends ActionName> = Extract<ActionInput, { name: A }>;
export type WorkflowStepName = keyof typeof WorkflowBodies;
export type CommandName = ActionName | WorkflowStepName;
export const ACTION_NAMES = Object.keys(ActionBodies) as ActionName[];

/**
 * What the core sees of a check-in: the code already checked by the service, only its verdict left.
 * `code`: whether one was typed and was the member of staff's own (their duress code counts as their
 * own: `duress` says which); absent when none was typed.
 */
export const CheckInCommandBody = ActionBodies['check-in']
  .omit({ code: true })
  .extend({ duress: z.boolean().optional(), code: z.enum(['theirs', 'not-theirs']).optional() });

/** What the core sees of a cancel: as for a check-in's code, only the service's verdict on the PIN. */
export const CancelAlarmCommandBody = ActionBodies['cancel-alarm']
  .omit({ pin: true })
  .extend({ pin: z.enum(['theirs', 'not-theirs']), duress: z.boolean().optional() });

type Bodies = { [K in Exclude<ActionName, 'check-in' | 'cancel-alarm'>]: z.infer<(typeof ActionBodies)[K]> } & {
  'check-in': z.infer<typeof CheckInCommandBody>;
  'cancel-alarm': z.infer<typeof CancelAlarmCommandBody>;
} & {
  [K in WorkflowStepName]: z.infer<(typeof WorkflowBodies)[K]>;
};

/** A command before its meta: which, and its body as the core decides it (any code already reduced to the service's verdict). */
export type CommandInput = { [K in CommandName]: { readonly name: K; readonly body: Bodies[K] } }[CommandName];
/** A person's action as the core decides it. */
export type ActionCommandInput = Extract<CommandInput, { name: ActionName }>;

export type Command = { [K in CommandName]: { readonly name: K; readonly body: Bodies[K]; readonly meta: CommandMeta } }[CommandName];
export type CommandOf<K extends CommandName> = Extract<Command, { name: K }>;

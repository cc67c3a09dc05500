import * as z from 'zod';
import { Role } from '../core/actor';
import { BoardSummary, VISIT_STATUSES } from '../core/board';
import { ACTION_NAMES, type ActionName } from '../core/commands';
import { IsoTime } from '../core/event-store';
import { RiskOutcome } from '../core/events';
import { PolicyV2 } from '../core/policy';
import { FiledReport } from '../core/report';
import { Responder } from '../core/responder';
import { Visit, VisitState } from '../core/visit-schema';
import { PASS_ACTIONS } from './visit-pass';

/**
 * What the API answers, as zod schemas: the handlers build these shapes and the OpenAPI document
 * is generated from them, so the two cannot drift apart.
 */

/** Every action but `request`, which is POST /visits. */
export const VISIT_ACTIONS = ACTION_NAMES.filter((name): name is Exclude<ActionName, 'request'> => name !== 'request');
export const VisitAction = z.enum(VISIT_ACTIONS as [Exclude<ActionName, 'request'>, ...Exclude<ActionName, 'request'>[]]);

/** What a visit pass carries (visit-pass.ts): the actions a lapsed sign-in must never stop. */
export const PassAction = z.enum(PASS_ACTIONS);

/** POST /me/visits/{id}/pass: the pass, for `Authorization: VisitPass <pass>` on POST /pass/visits/{id}/{action}. */
export const VisitPass = z.object({
  pass: z.string(),
  visitId: z.string(),
  actions: z.array(PassAction),
  expiresAt: IsoTime,
});

const VisitStatus = z.enum(VISIT_STATUSES);

export const ActionResult = z.object({
  visitId: z.string(),
  version: z.number().int(),
  status: VisitStatus,
  /** Types of the events this request appended (or appended the first time, for a retry). */
  events: z.array(z.string()),
});

export const FieldIssue = z.object({ path: z.string(), message: z.string() });

export const InvalidRequest = z.object({ error: z.literal('invalid-request'), issues: z.array(FieldIssue) });

export const Unauthenticated = z.object({ error: z.literal('unauthenticated'), message: z.string() });

export const Refusal = z.object({ error: z.enum(['forbidden', 'not-found', 'conflict', 'unprocessable']), rule: z.string(), message: z.string() });

/** A panic on a visit whose record no longer parses: the office was alerted, the call kept in the visit's help stream (issue 20, item 9). */
export const HelpKeptApartResult = z.object({
  visitId: z.string(),
  officeAlerted: z.literal(true),
  /** The stream it is kept in (`help:<visitId>`) and its version there. */
  keptIn: z.string(),
  version: z.number().int(),
  /** The first version of the visit's own record that no longer parses. */
  recordUnreadableFrom: z.number().int(),
  message: z.string(),
});

/** The fact was recorded, but the workflow stage that would have taken it had already timed out or moved on. */
export const LateSignal = ActionResult.extend({
  error: z.literal('conflict'),
  rule: z.literal('wait-already-ended'),
  recorded: z.literal(true),
  message: z.string(),
});

export const Board = z.object({ visits: z.array(BoardSummary) });

/**
 * GET /me/visits: the caller's own visits, active or planned for today (in the school's zone), newest
 * appointment first. Each line is built as its staff read the visit: never a duress alert, nor
 * anything that follows from one alone.
 */
export const MyVisits = z.object({ visits: z.array(BoardSummary) });

export const MyVisitsQuery = z.object({}).strict();

export const RiskPreview = z.object({
  rating: z.enum(['low', 'medium', 'high']),
  outcome: RiskOutcome,
  reasons: z.array(z.string()),
  controls: z.array(z.string()),
  refused: z.object({ rule: z.enum(['pairs-required', 'risk-invite-to-school', 'risk-do-not-visit']), words: z.string() }).optional(),
});

export const VisitView = z.object({
  visitId: z.string(),
  version: z.number().int(),
  status: VisitStatus,
  summary: BoardSummary.optional(),
  /** The visit's state folded from its events (as its staff read it, for them), by status: the core's own schema. */
  visit: Visit,
  /**
   * The school's policy (format 2) in force for this visit: the version it recorded when requested,
   * without its citations. What the pages draw their forms from (roles, checklists, unsafe signs,
   * cancellation reasons, check-ins, concerns, report categories). Not personal data, so every
   * reader of the visit gets it. null if this trust no longer holds that version.
   */
  policy: PolicyV2.nullable(),
  /**
   * For the office's roles only (never auditors, never the staff on the visit): the address, the
   * staff with their mobiles and vehicles, and each open alert with the policy's instruction and
   * whom to call. Absent for everyone else, and if this trust no longer holds the visit's policy.
   */
  responder: Responder.optional(),
  /**
   * While the visit waits for authorisation, for everyone but its staff: what the workflow's risk
   * assessment will make of it under the school's table (functions/core/risk.ts `riskPreview`), and
   * whether authorising it would be refused, with what to do instead.
   */
  riskPreview: RiskPreview.optional(),
});

export const Integrity = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), headVersion: z.number().int(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    version: z.number().int(),
    reason: z.enum(['version-gap', 'prev-hash-mismatch', 'hash-mismatch']),
    detail: z.string(),
  }),
]);

export const HistoryEvent = z.object({
  version: z.number().int(),
  type: z.string(),
  actor: z.string(),
  /** The person's name, where their identity gave one (it is part of the hashed meta). */
  actorName: z.string().optional(),
  role: Role,
  recordedAt: IsoTime,
  claimedAt: IsoTime.optional(),
  commandId: z.string(),
  /** SHA-256 of the request a client's Idempotency-Key was first used for (it is hashed into the chain). */
  requestHash: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

export const History = z.object({
  visitId: z.string(),
  asOf: IsoTime.optional(),
  /** verifyChain over the events returned (from version 1, so the first link is checked too). */
  integrity: Integrity,
  /** With asOf: verifyChain over the whole stream as it is now, so a later alteration is not hidden. */
  streamIntegrity: Integrity.optional(),
  events: z.array(HistoryEvent),
  /** Whether every event still parses as the event it says it is (quarantine): the first version that does not, and why. */
  readable: z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), version: z.number().int(), reason: z.string(), detail: z.string() })]),
  /** Entries that cannot be parsed even as an event envelope, verbatim. */
  unreadable: z.array(z.object({ version: z.number().int(), reason: z.string(), detail: z.string(), stored: z.string() })).optional(),
  /** The state folded from those events (`none` before the visit was requested); null when an event no longer parses. */
  state: VisitState.nullable(),
  /** The policy that governed the visit (the version recorded when it was requested); null if this trust no longer holds it. */
  policy: PolicyV2.nullable(),
  /** This read, as recorded in the visit's audit stream (`audit:<visitId>`). */
  recordedRead: z.object({ version: z.number().int(), recordedAt: IsoTime }),
  /** With include=reads: every recorded read of this history (HistoryRead events), with that stream's own verdict. */
  reads: z.object({ integrity: Integrity, events: z.array(HistoryEvent) }).optional(),
  /**
   * Calls for help made while the record did not parse, kept in the visit's help stream
   * (`help:<visitId>`), with that stream's own verdict; absent when there were none.
   */
  callsForHelp: z.object({ integrity: Integrity, events: z.array(HistoryEvent) }).optional(),
});

/** The filed report (format=json); md and pdf render the same body. */
export const Report = FiledReport;

export const Health = z.object({
  status: z.literal('ok'),
  /** The server's clock: locally it may run faster than real time (`npm start -- --time-scale 60`). */
  now: IsoTime,
  /** How many times faster than real time that clock runs; 1 on AWS. */
  timeScale: z.number().positive(),
});

export const BoardQuery = z
  .object({ status: z.union([z.literal('active'), VisitStatus]).optional(), school: z.string().min(1).max(64).optional() })
  .strict();

export const HistoryQuery = z.object({ asOf: IsoTime.optional(), include: z.enum(['reads']).optional() }).strict();

export const ReportFormat = z.enum(['json', 'md', 'pdf']);
export const ReportQuery = z.object({ format: ReportFormat.default('json') }).strict();


import { createHash } from 'node:crypto';
import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import type { ActionCommandInput, ActionInput, ActionInputOf, ActionName, Command, CommandMeta } from '../core/commands';
import type { EventStore } from '../core/event-store';
import { catchUp, COMMUTATIVE, handleCommand, loadVisit, type Handled } from '../core/handle-command';
import { canonicalJson } from '../core/hash-chain';
import { policyRefOf, type Policy } from '../core/policy';
import type { PolicyRegistry } from './policy-registry';
import { STAGES } from '../core/stages';
import { visitLanes } from './visit-lanes';
import { createHelpOnDamage, type HelpKeptApart, type HelpRefused } from './help-on-damage';
import { RecordUnreadableError } from '../core/record-damage';
import type { DuressCodes } from '../adapters/duress-codes';
import { decide } from '../core/decide';
import { hasDuressCheckIn, readsAsStaff, staffRead } from '../core/staff-view';
import type { TaskTokenStore } from '../adapters/task-tokens';
import { TaskNotWaitingError, type TaskSignals, type WorkflowStarter } from '../adapters/task-signals';

/**
 * What people do to visits, as the API (and the CLI, and the tests) call it: record the fact first,
 * tell whoever must hear about it, then wake the workflow's waiting stage.
 */

export interface VisitServiceDeps {
  readonly store: EventStore;
  readonly tokens: TaskTokenStore;
  readonly signals: TaskSignals;
  readonly starter: WorkflowStarter;
  readonly duress: DuressCodes;
  readonly clock: Clock;
  /** The policy a school's visits are governed by, by school and version. */
  readonly policies: PolicyRegistry;
}

/** The fact is recorded but its waiting stage could not be woken: the caller retries under the same key. */
export class SignalFailedError extends Error {
  override readonly name = 'SignalFailedError';
  constructor(options: { cause: unknown }) {
    super('recorded, but the workflow could not be signalled', options);
  }
}

/** Three tries, 50 then 100 ms apart: long enough for a throttle to pass, short enough for a person waiting. */
async function withRetries(send: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (error instanceof TaskNotWaitingError || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * delivered: the waiting stage woke; pending: the workflow is between stages and reads it when it
 * next waits (the await-signal step wakes itself for anything newer than its plan); not-waiting:
 * the stage that would have taken it had already timed out or moved on (the fact stands, the
 * caller hears 409); not-needed: nothing waits for it.
 */
export type SignalOutcome = 'delivered' | 'pending' | 'not-waiting' | 'not-needed';

/** How long a request looks for the workflow's next wait after its signal found the task gone (real time). */
const TAKE_OVER_MS = 1_000;

export type ActResult =
  | (Extract<Handled, { ok: true }> & {
      readonly signal: SignalOutcome;
    })
  | (Extract<Handled, { ok: false }>)
  | { readonly ok: false; readonly kind: 'not-found'; readonly rule: string; readonly message: string };

/** What an action on a visit comes to: as any command, or, for a panic on a damaged record, kept in the visit's help stream. */
export type ActOutcome = ActResult | HelpKeptApart | HelpRefused;

/** An action on a visit: what was asked, already parsed at the edge (commands.ts ActionInput), by whom, under which command id, and when they say it happened. */
export interface ActRequest<A extends ActionInput = ActionInput> {
  readonly asked: A;
  readonly actor: Actor;
  readonly commandId: string;
  readonly claimedAt?: string;
}

/** Actions that some stage waits for: the others are recorded without touching the workflow. */
const SIGNALLED = new Set<string>(Object.values(STAGES).flatMap((stage) => stage.accepts));

export function createVisitService(deps: VisitServiceDeps) {
  /** This process's writers to one visit take turns (visit-lanes.ts). */
  const lanes = visitLanes();
  const help = createHelpOnDamage(deps);
  const command = (input: ActionCommandInput, asking: Omit<ActRequest, 'asked'>): Command => {
    const meta: CommandMeta = {
      commandId: asking.commandId,
      actor: asking.actor,
      now: deps.clock.now().toISOString(),
      ...(asking.claimedAt ? { claimedAt: asking.claimedAt } : {}),
    };
    return { ...input, meta };
  };

  /**
   * Signal, then delete: the token is removed only once the stage has woken, so a signal that fails
   * leaves it for the next attempt (this request retried under its key, or the next action) instead
   * of a stage that sleeps until its deadline, a week when it awaits authorisation.
   */
  async function signal(visitId: string, action: ActionName, version: number): Promise<SignalOutcome> {
    if (!SIGNALLED.has(action)) return 'not-needed';
    let waiting = await deps.tokens.get(visitId);
    for (let attempt = 1; ; attempt += 1) {
      // No entry: the last signal took it and the next wait has not stored its token yet. An entry
      // that does not take this action was left by a stage the visit has moved past (a signal
      // deletes its entry only once the stage woke). Either way the next wait's own check picks
      // the action up.
      if (!waiting || !waiting.accepts.includes(action)) return 'pending';
      try {
        const { token, stage } = waiting;
        await withRetries(() => deps.signals.success(token, { signal: action, version, stage }));
      } catch (error) {
        if (!(error instanceof TaskNotWaitingError)) throw new SignalFailedError({ cause: error });
        // Another request woke the stage first, or its deadline ended the wait: a workflow that
        // moves on stores its next wait's token within a moment. Wake that one (or, if it woke
        // itself first, its own check has our event); a wait nobody takes over came too late for
        // a step of the journey, never for a safety fact (Plan folds it whenever it lands).
        // So a safety fact does not look for the next wait at all: that wait's own check finds
        // our event (newer than its plan, or already in it), and fifty check-ins each polling the
        // token table for a second were what slowed a panic down beside them (issue 20, item 8).
        if (attempt > 1 || COMMUTATIVE.has(action)) return 'pending';
        const next = await nextWait(visitId, waiting.token);
        if (next === 'unchanged') return 'not-waiting';
        waiting = next;
        continue;
      }
      await deps.tokens.take(visitId, waiting.token);
      return 'delivered';
    }
  }

  /**
   * The entry that replaced a wait whose token failed (undefined: taken, nothing stored yet), or
   * 'unchanged' if none did within a moment: a workflow moving on after a timeout, or waking
   * itself, takes a few steps. A bounded look, only on this rare path.
   */
  async function nextWait(visitId: string, token: string): Promise<Awaited<ReturnType<TaskTokenStore['get']>> | 'unchanged'> {
    for (const giveUpAt = Date.now() + TAKE_OVER_MS; ; ) {
      const entry = await deps.tokens.get(visitId);
      if (entry?.token !== token) return entry;
      if (Date.now() >= giveUpAt) return 'unchanged';
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The same request sent again under another command id: the visit it asked for exists as asked, so answer as a duplicate. */
  async function sameRequestAgain(
    body: { visitId: string; details: unknown },
    refusal: Extract<Handled, { ok: false }>,
  ): Promise<Extract<Handled, { ok: true }> | Extract<Handled, { ok: false }>> {
    if (refusal.rule !== 'visit-already-exists') return refusal;
    const stream = await loadVisit(deps.store, body.visitId);
    const requested = stream.events.find((event) => event.type === 'VisitRequested');
    if (!requested || canonicalJson(requested.data.details) !== canonicalJson(body.details)) return refusal;
    return { ok: true, events: [requested], state: stream.state, duplicate: true, stream };
  }

  /**
   * A check-in's code, and a cancel's PIN, are checked here and dropped: the core (and so every event)
   * sees only the verdict, and decides with the policy whether a code was needed. The duress code is
   * the member of staff's own.
   */
  async function withoutCodes({ asked, actor }: ActRequest): Promise<ActionCommandInput> {
    if (asked.name === 'cancel-alarm') {
      // The cancel PIN is the check-in code (no store of its own); the duress code counts as theirs, and says so.
      const { pin, ...body } = asked.body;
      const verdict = await deps.duress.check(actor.userId, pin);
      return { name: asked.name, body: { ...body, pin: verdict === 'neither' ? 'not-theirs' : 'theirs', ...(verdict === 'duress' ? { duress: true } : {}) } };
    }
    if (asked.name !== 'check-in') return asked;
    const { code, ...body } = asked.body;
    if (code === undefined) return { name: asked.name, body };
    const verdict = await deps.duress.check(actor.userId, code);
    if (verdict === 'duress') return { name: asked.name, body: { ...body, duress: true, code: 'theirs' } };
    return { name: asked.name, body: { ...body, code: verdict === 'ordinary' ? 'theirs' : 'not-theirs' } };
  }

  /**
   * Read, decide and append in the visit's lane (a call for help first); see act. Staff on a visit
   * checked in under duress act on it as they read it (staff-view.ts): what a twin without the duress
   * check-in would refuse is refused with the twin's rule, and an alert is named by the id they read.
   * A retry is the first request's answer, whatever the visit is now.
   */
  function inLane(visitId: string, request: ActRequest, decided: ActionCommandInput) {
    type Turn = { readonly handled: Handled; readonly policy: Policy; readonly seenByStaff: boolean } | Extract<ActResult, { ok: false }>;
    return lanes.run<Turn>(visitId, decided.name === 'panic', async (kept) => {
      const loaded = kept ? await catchUp(deps.store, visitId, kept) : await loadVisit(deps.store, visitId);
      const { state } = loaded;
      if (state.status === 'none') return { result: { ok: false, kind: 'not-found', rule: 'visit-not-found', message: `no visit ${visitId}` } };
      const policy = deps.policies.version(state.policy.schoolId, state.policy.version);
      if (!policy) {
        return { result: { ok: false, kind: 'conflict', rule: 'policy-version-unavailable', message: `policy ${state.policy.schoolId}@${state.policy.version} is not loaded`, state } };
      }
      let input = decided;
      const seenByStaff = readsAsStaff(state, request.actor) && hasDuressCheckIn(loaded.events);
      if (seenByStaff && !loaded.events.some((event) => event.meta.commandId === request.commandId)) {
        const read = staffRead(loaded.events, policy);
        const decision = decide(command(input, request), read.state, policy);
        if (!decision.ok) return { result: { ...decision, state: read.state }, stream: loaded };
        input = withRealAlertId(input, read.realIds);
      }
      // The command is made in its turn, so its `now` is never before an event its lane wrote ahead of it.
      const handled = await handleCommand(deps.store, visitId, command(input, request), policy, { loaded, requestHash: hashOf(input) });
      return { result: { handled, policy, seenByStaff }, stream: handled.ok ? handled.stream : loaded };
    });
  }

  return {
    /** POST /visits: record the request under the school's current policy, then start its execution (name = visit id). */
    async request(request: ActRequest<ActionInputOf<'request'>>): Promise<ActResult> {
      const { body } = request.asked;
      const policy = deps.policies.current(body.details.schoolId);
      if (!policy) return { ok: false, kind: 'not-found', rule: 'unknown-school', message: `no policy for school ${body.details.schoolId}` };
      const handled = await handleCommand(deps.store, body.visitId, command(request.asked, request), policy);
      const result = handled.ok ? handled : await sameRequestAgain(body, handled);
      if (!result.ok) return result;
      // The table's stream puts the visit's line on the board whatever happens to this request: its
      // open index is where the reconciler (functions/reconcile) finds a visit whose start never
      // happened. Starting is idempotent by name, so a retried request, or the reconciler racing
      // this one, converges on one execution.
      await deps.starter.start(body.visitId, { visitId: body.visitId, policy: policyRefOf(policy) });
      return { ...result, signal: 'not-needed' };
    },

    /**
     * POST /visits/{id}/{action}, what was asked already parsed at the edge (commands.ts ActionInput).
     * The read, the decision and the append take their turn in the visit's lane (a call for help
     * first); the signal follows outside it, so the next writer need not wait for it (the alerts and
     * the board follow from the table's stream).
     */
    async act(visitId: string, request: ActRequest): Promise<ActOutcome> {
      const decided = await withoutCodes(request);
      let turn;
      try {
        turn = await inLane(visitId, request, decided);
      } catch (error) {
        // A call for help is never lost to a damaged record: it goes to the office and is kept apart.
        if (!(error instanceof RecordUnreadableError) || decided.name !== 'panic') throw error;
        const { note } = decided.body;
        const requestHash = hashOf(decided);
        return help.panic(visitId, { actor: request.actor, commandId: request.commandId, requestHash, ...(note ? { note } : {}), ...(request.claimedAt ? { claimedAt: request.claimedAt } : {}) }, error);
      }
      if (!('handled' in turn)) return turn;
      const { handled, policy, seenByStaff } = turn;
      if (!handled.ok) return handled;
      // Signalled on a retry too: if the first attempt died between append and signal, this wakes the stage.
      const signalled = await signal(visitId, decided.name, handled.state.version);
      // The staff's reading of the stream this command left (handled.stream), not a second read of it.
      const answered = seenByStaff ? { ...handled, state: staffRead(handled.stream.events, policy).state } : handled;
      return { ...answered, signal: signalled };
    },
  };
}

export type VisitService = ReturnType<typeof createVisitService>;

/** What an Idempotency-Key stands for: a replay must be this very request (the code already reduced to its verdict). */
const hashOf = ({ name, body }: ActionCommandInput): string => createHash('sha256').update(canonicalJson({ action: name, body })).digest('hex');

/** An answer to an alert (acknowledge, resolve-alert, cancel-alarm) with the alert's real id for the one its staff read. */
function withRealAlertId(input: ActionCommandInput, realIds: ReadonlyMap<string, string>): ActionCommandInput {
  const real = (alertId: string) => realIds.get(alertId) ?? alertId;
  switch (input.name) {
    case 'acknowledge':
      return { name: input.name, body: { ...input.body, alertId: real(input.body.alertId) } };
    case 'resolve-alert':
      return { name: input.name, body: { ...input.body, alertId: real(input.body.alertId) } };
    case 'cancel-alarm':
      return { name: input.name, body: { ...input.body, alertId: real(input.body.alertId) } };
    default:
      return input;
  }
}

import * as z from 'zod';
import { WORKFLOW_ACTOR } from '../core/actor';
import type { Clock } from '../core/clock';
import type { CommandInput } from '../core/commands';
import { escalationDue, nextDue, pendingDeadline } from '../core/deadlines';
import type { EventStore } from '../core/event-store';
import { handleCommand, loadVisit, type Handled, type LoadedVisit } from '../core/handle-command';
import type { Policy } from '../core/policy';
import type { PolicyRegistry } from '../app/policy-registry';
import { executionNameOf } from '../core/execution-names';
import { buildReportBody, reportCategories } from '../core/report';
import { ROUTES, routeOf, STAGE_NAMES, STAGES, type Route as RouteName, type StageName } from '../core/stages';
import type { Visit } from '../core/visit-state';
import type { TaskTokenStore } from '../adapters/task-tokens';
import { TaskNotWaitingError, type TaskSignals } from '../adapters/task-signal-port';
import type { Log } from '../app/log';

/**
 * The workflow's task handlers, as plain functions over injected ports. The Lambda entry points
 * (functions/steps/lambda/*) and the local runtime wrap the same functions.
 */

export interface StepDeps {
  readonly store: EventStore;
  readonly tokens: TaskTokenStore;
  /** To wake a wait whose stage moved on before its token was stored. */
  readonly signals: TaskSignals;
  readonly clock: Clock;
  /**
   * The policies built into the bundle, by school and version: a step looks up the one its input
   * names, as the API does for a request, so no execution input carries a policy's rules.
   */
  readonly policies: Pick<PolicyRegistry, 'version'>;
  /** What operations count, apart from the record. @default none (the local runtime has no CloudWatch: the office alert says it) */
  readonly metrics?: WorkflowMetrics;
  /** Where a step's failure is logged (its name and visit, never a payload). @default Powertools Logger */
  readonly log?: Log;
}

/** Counts for operations' alarms (on AWS, CloudWatch metrics: see watch-metric.ts). */
export interface WorkflowMetrics {
  /** The workflow lost its watch on a visit: its retries are spent and nothing times the visit. */
  visitUnwatched(visitId: string, error: string): void;
}

/** A human wait with no policy deadline still wakes weekly, so every execution keeps moving. */
export const IDLE_WAIT_SECONDS = 7 * 24 * 3600;
/**
 * After this many passes through Plan an execution hands the visit to a new one (route `continue`),
 * well before Step Functions' cap of 25,000 history events, at which the execution would fail.
 * Counted from the documented event types, a pass writes about 13 events (Plan's task and the
 * Choice, then a guarded wait signalled), 18 when the wait times out (its timeout, then OnDeadline's
 * task): 1,000 passes is at most about 18,000 events, leaving some 7,000 for retries, WatchLost
 * detours and the hand-over itself.
 */
export const CONTINUE_AFTER_PASSES = 1000;
/**
 * What one lost watch counts for against CONTINUE_AFTER_PASSES. A pass of the fault loop is far
 * longer than an ordinary one: the failing task's nine attempts (three events each), WatchLost's own
 * task, possibly with retries of its own, the pause and the choice after it come to about 65 events,
 * so it counts as four passes (at most about 16 events each, under the 18 an ordinary pass is
 * budgeted). Counted at one, a persistent fault (a policy version a deploy dropped) would fill the
 * history in a day or two without ever handing over.
 */
export const WATCH_LOST_PASSES = 4;
/**
 * Step Functions ends a standard execution after a year (it times out, failing the visit's watch).
 * A visit filed with a follow-up up to 365 days out outlives that, so no wait runs past this age of
 * its execution, and once this old the execution hands the visit to a new one (route `continue`),
 * with a month to spare for pauses and retries.
 */
export const MAX_EXECUTION_AGE_SECONDS = 330 * 24 * 3600;

export const Route = z.enum(ROUTES as [RouteName, ...RouteName[]]);
export type Route = z.infer<typeof Route>;

/**
 * The routes of the definitions deployed before each named its own (issue 21): what Plan may
 * give an execution whose input says nothing. Frozen: a route added since is not among them.
 */
export const ROUTES_OF_UNNAMED_DEFINITIONS: readonly string[] = [
  'awaiting-authorisation', 'awaiting-departure', 'travelling', 'at-the-door', 'in-home', 'returning-safely',
  'awaiting-acknowledgement', 'awaiting-follow-up', 'assess-risk', 'close', 'file-report', 'done', 'continue',
];
/**
 * Which routes the running definition's Route choice knows. An execution keeps the definition it
 * started with for months while every deploy brings new step code; a route added since would end
 * it in UnknownRoute. Plan hands such a visit to a new execution (`continue`, which every
 * definition knows) instead: that one runs today's definition, which knows today's routes.
 */
const KnownRoutes = z.array(z.string().min(1)).optional();

/**
 * Which policy governs the visit (the one its request recorded), not the policy itself: a 14 KB
 * policy in the input was copied into every state's data and parsed by every step (issue 12).
 * Executions started with the whole policy, before that, still parse: only these two fields are read.
 */
const PolicyInInput = z.object({ schoolId: z.string().min(1), version: z.string().min(1) });
const VisitInput = z.object({ visitId: z.string().min(1), policy: PolicyInInput });
/**
 * What Plan reads of its execution's input (`$$.Execution.Input`) besides the visit and its policy:
 * which execution of the visit this is (0, the one the API started, named by the visit id; n, the
 * n-th continuation), and for tests a lower threshold than CONTINUE_AFTER_PASSES (never a higher one).
 */
export const ExecutionInput = z.object({
  generation: z.number().int().min(0).default(0),
  continueAfterPasses: z.number().int().min(1).optional(),
});
export const PlanInput = VisitInput.extend({
  iteration: z.number().int().min(0),
  routes: KnownRoutes,
  execution: ExecutionInput.default({ generation: 0 }),
  /** When this execution started (`$$.Execution.StartTime`): its age bounds every wait. Callers other than the workflow may leave it out. */
  startedAt: z.string().optional(),
});
export const StepInput = VisitInput.extend({ version: z.number().int().min(0) });
/**
 * A step the workflow takes between waits, which then plans the next pass from the state it leaves,
 * so the workflow goes on to the route without a pass through Plan: the step input, and what Plan
 * reads besides (callers other than the workflow may leave the pass count out: 0).
 */
export const StepThenPlanInput = StepInput.extend({
  iteration: z.number().int().min(0).default(0),
  routes: KnownRoutes,
  execution: ExecutionInput.default({ generation: 0 }),
  startedAt: z.string().optional(),
});
export const AwaitInput = z.object({
  visitId: z.string().min(1),
  taskToken: z.string().min(1),
  stage: z.enum(STAGE_NAMES as [StageName, ...StageName[]]),
  /** The stream version Plan routed on. */
  version: z.number().int().min(0),
  /**
   * Where the plan before this wait routes. The first pass goes straight to the stage a visit just
   * requested waits in: if its plan says otherwise, the wait stores no token and wakes at once, so the
   * workflow plans again and routes. Left out: this stage.
   */
  route: Route.optional(),
});
/**
 * The step that records a lost watch: which visit, the version Plan last routed on, the failure's
 * name, and what Plan reads besides (a definition from before the lost watch counted leaves it out: 0).
 */
export const WatchLostInput = StepThenPlanInput.extend({ error: z.string().min(1) });
/** Callers other than the workflow (tests) may leave `execution` out: generation 0, the usual threshold. */
export type PlanInput = Omit<z.infer<typeof PlanInput>, 'execution' | 'startedAt' | 'routes'> & {
  readonly execution?: z.input<typeof ExecutionInput>;
  readonly startedAt?: string;
  readonly routes?: readonly string[];
};

export type StepInput = z.infer<typeof StepInput>;
/** Callers other than the workflow (tests) may leave the planning fields out. */
export type StepThenPlanInput = Omit<z.infer<typeof StepThenPlanInput>, 'iteration' | 'execution' | 'startedAt' | 'routes'> & {
  readonly iteration?: number;
  readonly routes?: readonly string[];
  readonly execution?: z.input<typeof ExecutionInput>;
  readonly startedAt?: string;
};
export type AwaitInput = z.infer<typeof AwaitInput>;
export type WatchLostInput = StepThenPlanInput & { readonly error: string };

export interface Plan {
  readonly route: Route;
  readonly status: string;
  readonly version: number;
  readonly waitSeconds: number;
  readonly iteration: number;
  /** With route `continue`: the next execution's name and generation. */
  readonly continuation?: Continuation;
}

/**
 * What WatchLost leaves for the pause after it: the passes so far, this one counted, the version
 * Plan last routed on (a lost watch again names the same one), and, once the passes are spent, the
 * next execution, which the workflow hands the visit to instead of planning again.
 */
export interface WatchPlan {
  readonly version: number;
  readonly iteration: number;
  /** Decide's rule when the lost watch was not recorded again (already said). */
  readonly refused?: string;
  /** Why it could not be recorded at all (the policy is not in this bundle). */
  readonly unrecorded?: string;
  readonly continuation?: Continuation;
}

export interface Continuation {
  readonly executionName: string;
  readonly generation: number;
}

// The names of a visit's executions live with the reconciler's reading of them (core/execution-names.ts).
export { executionNameOf, MAX_EXECUTION_NAME } from '../core/execution-names';

/** A step the workflow should never have been asked to take: fail the execution loudly. */
export class StepRefusedError extends Error {
  override readonly name = 'StepRefusedError';
}
export class VisitNotFoundError extends Error {
  override readonly name = 'VisitNotFoundError';
}
/** The policy a visit is governed by is not in this bundle (a deploy dropped a version still in use): the step fails, and its retries and the watch's alarm follow. */
export class PolicyUnavailableError extends Error {
  override readonly name = 'PolicyUnavailableError';
}

export function createSteps(deps: StepDeps) {
  const { store, tokens, signals, clock } = deps;

  function policyOf({ visitId, policy: { schoolId, version } }: { visitId: string; policy: z.infer<typeof PolicyInInput> }): Policy {
    const policy = deps.policies.version(schoolId, version);
    if (!policy) throw new PolicyUnavailableError(`visit ${visitId}: policy ${schoolId}@${version} is not in this bundle`);
    return policy;
  }

  async function requireVisit(visitId: string): Promise<LoadedVisit & { state: Visit }> {
    const loaded = await loadVisit(store, visitId);
    if (loaded.state.status === 'none') throw new VisitNotFoundError(`no visit ${visitId}`);
    return { events: loaded.events, state: loaded.state };
  }

  async function run(input: StepInput, command: CommandInput, loaded?: LoadedVisit): Promise<Handled> {
    const policy = policyOf(input);
    const handled = await handleCommand(
      store,
      input.visitId,
      // Same input (a Step Functions retry) → same commandId → written once.
      { ...command, meta: { commandId: `${command.name}:v${input.version}`, actor: WORKFLOW_ACTOR, now: clock.now().toISOString() } },
      policy,
      loaded ? { loaded } : {},
    );
    return handled;
  }

  /** Where the workflow goes from this state of the visit, and how long it may wait there (no I/O: the clock only). */
  function planOf(visit: Visit, input: PlanInput): Plan {
    const now = clock.now().getTime();
    const due = nextDue(visit, policyOf(input));
    const dueIn = due ? Math.max(1, Math.ceil((Date.parse(due.at) - now) / 1000)) : IDLE_WAIT_SECONDS;
    // No wait outlives the execution: it wakes at its age limit, and Plan then hands the visit over.
    const started = input.startedAt === undefined ? Number.NaN : Date.parse(input.startedAt);
    const ageLimitIn = Number.isFinite(started) ? Math.ceil((started + MAX_EXECUTION_AGE_SECONDS * 1000 - now) / 1000) : Number.POSITIVE_INFINITY;
    const waitSeconds = Math.max(1, Math.min(dueIn, ageLimitIn));
    const route = routeOf(visit);
    const planned = { status: visit.status, version: visit.version, waitSeconds, iteration: input.iteration + 1 };
    // A filed visit ends here whatever the count; any other hands over once this history has had its share, or this execution its year.
    const unknownHere = !(input.routes ?? ROUTES_OF_UNNAMED_DEFINITIONS).includes(route);
    const continuation = route === 'done' ? undefined : handOver(input, ageLimitIn <= 0 || unknownHere);
    return continuation ? { ...planned, route: 'continue', continuation } : { ...planned, route };
  }

  /** The next execution, once this one has had its share of passes (or `now`: its year is up, or its definition lacks the route). */
  function handOver(input: { visitId: string; iteration: number; execution?: z.input<typeof ExecutionInput> }, now = false): Continuation | undefined {
    const { generation, continueAfterPasses } = ExecutionInput.parse(input.execution ?? {});
    const passesSpent = input.iteration >= Math.min(continueAfterPasses ?? CONTINUE_AFTER_PASSES, CONTINUE_AFTER_PASSES);
    if (!passesSpent && !now) return undefined;
    const next = generation + 1;
    return { executionName: executionNameOf(input.visitId, next), generation: next };
  }

  /**
   * A step's plan for the next pass, from the state it left. The step counts as a pass of its own
   * besides the plan's, taken or refused, so a retry answers as the first attempt did (the passes
   * bound the execution's history: counting more than were made only hands over sooner).
   * A step the visit was not due for (refused) wrote nothing, and never stops the watch for it.
   */
  const planAfter = async (state: Handled['state'] | Visit, input: StepThenPlanInput, refused = false): Promise<Plan> => {
    if (state.status === 'none') throw new VisitNotFoundError(`no visit ${input.visitId}`);
    const { execution, startedAt, routes } = input;
    return planOf(state, {
      ...input,
      iteration: (input.iteration ?? 0) + 1,
      ...(execution ? { execution } : {}),
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(routes ? { routes } : {}),
    });
  };

  function assessRiskStep(input: StepInput): Promise<Handled> {
    return run(input, { name: 'assess-risk', body: {} });
  }

  async function onDeadlineStep(input: StepInput): Promise<{ visit: Visit; handled?: Handled }> {
    const loaded = await requireVisit(input.visitId);
    const visit = loaded.state;
    const now = clock.now().toISOString();
    const policy = policyOf(input);
    const escalation = escalationDue(visit, policy);
    const deadline = pendingDeadline(visit, policy);
    const handled =
      escalation && Date.parse(escalation.at) <= Date.parse(now)
        ? await run(input, { name: 'escalate', body: { alertId: escalation.alertId } }, loaded)
        : deadline && Date.parse(deadline.at) <= Date.parse(now)
          ? await run(input, { name: 'deadline-passed', body: { kind: deadline.kind } }, loaded)
          : undefined; // a signal won the race with the timer: nothing is due
    return handled ? { visit, handled } : { visit };
  }

  function closeStep(input: StepInput): Promise<Handled> {
    return run(input, { name: 'close', body: {} });
  }

  async function fileReportStep(input: StepInput): Promise<Handled> {
    const loaded = await requireVisit(input.visitId);
    const visit = loaded.state;
    // Plan routes here only once the visit has closed; a report is built from a closed visit alone.
    if (visit.status !== 'closed') throw new StepRefusedError(`file-report refused: the visit is ${visit.status}, not closed`);
    const policy = policyOf(input);
    const handled = await run(input, {
      name: 'file-report',
      body: { reportId: `${input.visitId}-report`, categories: reportCategories(visit, policy), body: buildReportBody(visit, policy) },
    }, loaded);
    if (!handled.ok) throw new StepRefusedError(`file-report refused: ${handled.rule}: ${handled.message}`);
    return handled;
  }

  return {
    /** Fold the visit and say where the workflow goes next, and how long it may wait there. */
    async plan(input: PlanInput): Promise<Plan> {
      const { state: visit } = await requireVisit(input.visitId);
      return planOf(visit, input);
    },

    /** The guarded wait's task: keep the token server side with what this stage wakes for. */
    async awaitSignal({ visitId, taskToken, stage, version, route }: AwaitInput): Promise<void> {
      // Sent straight here by a state whose next state is fixed (an execution's first pass), and the
      // plan routes elsewhere: this stage waits for nothing. No token is stored
      // (no request may signal a stage the visit is not in); the wait wakes at once, and the workflow
      // plans again and routes. A failed signal fails the attempt, and the retry wakes it again.
      if (route !== undefined && route !== stage) {
        try {
          await signals.success(taskToken, { signal: 'routed-elsewhere', version, stage });
        } catch (error) {
          if (!(error instanceof TaskNotWaitingError)) throw error;
        }
        return;
      }
      await tokens.put({ visitId, token: taskToken, stage, accepts: [...STAGES[stage].accepts], storedAt: clock.now().toISOString() });
      // An action recorded after Plan read the stream but before this token was stored found no
      // task to wake. Wake now, so Plan folds it in instead of the stage waiting out its deadline.
      const [head] = await store.read(visitId, { direction: 'backward', limit: 1 });
      if (!head || head.version <= version) return;
      // Signal, then delete: the entry goes only once its wait has ended. If the signal fails, this
      // attempt fails with it, and the workflow's retry stores a fresh token and wakes itself again
      // (never a lost wake-up); the entry is dropped first, so a request meanwhile hears "pending".
      try {
        await signals.success(taskToken, { signal: 'recorded-before-wait', version: head.version, stage });
      } catch (error) {
        // A person's request signalled it first: that wake-up carries the same news.
        if (!(error instanceof TaskNotWaitingError)) throw error;
      } finally {
        // Failing to delete must not fail the step (nor hide why it failed): the next wait replaces
        // the entry, and a request that signals a stale token hears that nothing waits on it.
        await tokens.take(visitId, taskToken).catch(() => false);
      }
    },

    /**
     * The workflow's retries are spent and it could not take its next step: count it for operations
     * first (even if the store is what failed), then record it, which tells the office that nobody is
     * timing the visit. The workflow pauses and tries again from Plan, or, once the lost watches have
     * spent the execution's passes (WATCH_LOST_PASSES each), hands the visit to a new execution, so a
     * fault that never clears never fills the history. A policy the bundle lacks cannot be recorded
     * under (decide needs it) and never will be: the metric has said it, and the count goes on.
     */
    async watchLost(input: WatchLostInput): Promise<WatchPlan> {
      const error = input.error.slice(0, 200);
      deps.metrics?.visitUnwatched(input.visitId, error);
      const recorded = await run(input, { name: 'watch-lost', body: { error } }).then(
        (handled): Pick<WatchPlan, 'refused' | 'unrecorded'> => (handled.ok ? {} : { refused: handled.rule }),
        (failure: unknown) => {
          if (failure instanceof PolicyUnavailableError) return { unrecorded: failure.name };
          throw failure;
        },
      );
      const iteration = (input.iteration ?? 0) + WATCH_LOST_PASSES;
      const continuation = handOver({ ...input, iteration });
      return { version: input.version, iteration, ...recorded, ...(continuation ? { continuation } : {}) };
    },

    // The same steps as the workflow takes them: each then plans the next pass from the state it
    // leaves (it has just folded the visit to decide), so the workflow routes on without a pass
    // through Plan. A retry replays the step (same version, same command id: written once) and plans again.

    /** Entered from Route, and on every wake of the authorisation wait: refused (nothing written) unless the visit was authorised. */
    async assessRiskThenPlan(input: StepThenPlanInput): Promise<Plan> {
      const handled = await assessRiskStep(input);
      return planAfter(handled.state, input, !handled.ok);
    },

    async onDeadlineThenPlan(input: StepThenPlanInput): Promise<Plan> {
      const { visit, handled } = await onDeadlineStep(input);
      // Nothing due (a signal won the race with the timer) wrote nothing, and the board has the line.
      return planAfter(handled?.state ?? visit, input, handled !== undefined && !handled.ok);
    },

    /**
     * Close, then file the report when that is what the closed visit is due next (as Plan would route
     * it), then plan. Entered from Route (the visit is due to close) and on every wake of the safe
     * return (WAKES_INTO in workflows/visit-workflow.ts), where decide refuses unless the staff are
     * back and every alert is answered: nothing is written, and the plan is Plan's.
     */
    async closeThenPlan(input: StepThenPlanInput): Promise<Plan> {
      const closed = await closeStep(input);
      const state = closed.state;
      if (!closed.ok || state.status === 'none' || routeOf(state) !== 'file-report') return planAfter(state, input, !closed.ok);
      return planAfter((await fileReportStep({ ...input, version: state.version })).state, input);
    },

    async fileReportThenPlan(input: StepThenPlanInput): Promise<Plan> {
      return planAfter((await fileReportStep(input)).state, input);
    },
  };

}

export type Steps = ReturnType<typeof createSteps>;

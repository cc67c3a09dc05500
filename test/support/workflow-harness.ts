import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import type { AlertMessage } from '../../functions/core/alerts';
import { createVisitService, type ActOutcome } from '../../functions/app/visit-service';
import type { Actor } from '../../functions/core/actor';
import { ActionInput, type ActionName } from '../../functions/core/commands';
import { loadVisit } from '../../functions/core/handle-command';
import type { Policy } from '../../functions/core/policy';
import type { StageName } from '../../functions/core/stages';
import type { VisitDetails } from '../../functions/core/visit-details';
import type { Visit } from '../../functions/core/visit-state';
import type { WorkflowStarter } from '../../functions/adapters/workflow-starter';
import { localExecutionArn } from '../../local/engine';
import { createVisitRuntime, type VisitRuntime } from '../../local/visit-runtime';
import { demoDuressCodes } from '../../local/auth';
import { ALICE, HEAD } from './actors';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { injectDynamoDbFaults, type DynamoDbFaults } from './dynamodb-faults';
import { uniqueId } from './ids';
import { policies, T0, visitDetails } from './scenario';
import { VirtualClock, waitOn } from './virtual-clock';

/**
 * The real workflow: the synthesised state machine on the local engine, the real step handlers,
 * the DynamoDB adapters on dynalite, alerts captured in memory, and a virtual clock that jumps to
 * the workflow's next timer whenever every waiting test has found nothing new and nothing runs.
 */
export interface WorkflowHarness {
  readonly runtime: VisitRuntime;
  /** The runtime's clock (also `runtime.clock`). */
  readonly clock: VirtualClock;
  readonly alerts: MemoryAlertPublisher;
  /** The runtime's table names, for faults. */
  readonly tables: { readonly events: string; readonly tokens: string; readonly board: string };
  /** Throttles and holds on the runtime's DynamoDB client (none until a test asks). */
  readonly faults: DynamoDbFaults;
  /** The runtime's DynamoDB client, for tests that reach past the adapters (a damaged record). */
  readonly dynamodb: DynamoDBClient;
  request(schoolId: string, overrides?: Partial<VisitDetails>, by?: Actor): Promise<string>;
  act(visitId: string, action: ActionName, body: unknown, actor?: Actor): Promise<ActOutcome>;
  /** A visit requested, authorised, departed and arrived: waiting at the door. */
  atTheDoor(schoolId: string, overrides?: Partial<VisitDetails>, authoriser?: Actor): Promise<string>;
  /** Wait (the clock jumping while nothing else happens; at most 20 s of real time) until the visit's execution holds a task at this stage (stored at or after `since`). */
  stage(visitId: string, stage: StageName, since?: string): Promise<void>;
  /** Wait until the visit's last execution ends (following its continuations); returns its status. */
  finished(visitId: string): Promise<string>;
  /** The names of the visit's executions so far, in the order they started (continuations after the first). */
  executions(visitId: string): Promise<string[]>;
  visit(visitId: string): Promise<Visit>;
  /** Wait (as `stage` does) until an alert for the visit matches. */
  alert(visitId: string, match: (message: AlertMessage) => boolean): Promise<AlertMessage>;
  alertsOf(visitId: string): AlertMessage[];
  types(visitId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The clocks of the harnesses still open in this test file: what `poll` waits on. */
const openClocks = new Set<VirtualClock>();

/**
 * Poll (every 5 ms, at most 20 s of real time) until `probe` gives something truthy, as a waiter on
 * every open harness's clock: they jump to their next timers while nothing else happens.
 */
export function poll<T>(probe: () => T | Promise<T>): Promise<T | undefined> {
  return waitOn(openClocks, probe);
}

export interface WorkflowHarnessOptions {
  /**
   * Added to the input of each execution the harness's requests start (`continueAfterPasses`, say,
   * to hand visits over to a new execution after a few passes). @default nothing
   */
  readonly executionInput?: Readonly<Record<string, unknown>>;
  /** Policies the runtime serves besides the sample trust's (a copy of a seed with a field changed, under its own schoolId). @default none */
  readonly extraPolicies?: readonly Policy[];
  /** The workflow definition the engine runs (an older one, say). @default the committed one */
  readonly definitionFile?: string;
}

/**
 * @param _timeScale no longer used: the clock is virtual (it was how many times faster than real
 * time the clock ran; kept so that every caller still reads the same).
 */
export async function startWorkflowHarness(_timeScale: number, options: WorkflowHarnessOptions = {}): Promise<WorkflowHarness> {
  const dynalite: Dynalite = await startDynalite();
  // A fixed weekday morning: the fixtures' times line up with it, and evening rules never depend on when CI runs.
  const clock = new VirtualClock(new Date(T0));
  clock.watch(dynalite.client);
  const faults = injectDynamoDbFaults(dynalite.client);
  const alerts = new MemoryAlertPublisher();
  const suffix = uniqueId('t');
  const tables = { events: `events-${suffix}`, tokens: `tokens-${suffix}`, board: `board-${suffix}` };
  const runtime = await createVisitRuntime({
    dynamodb: dynalite.client,
    policies: [...policies.values(), ...(options.extraPolicies ?? [])],
    sinks: [{ name: 'test', sink: alerts }],
    log: () => undefined,
    duress: await demoDuressCodes(),
    clock,
    tables,
    ...(options.definitionFile ? { definitionFile: options.definitionFile } : {}),
  });
  const { executionInput } = options;
  const starter: WorkflowStarter = executionInput
    ? { start: (name, input) => runtime.deps.starter.start(name, { ...(input as Record<string, unknown>), ...executionInput }) }
    : runtime.deps.starter;
  const service = createVisitService({ ...runtime.deps, starter });
  const executionArn = (name: string) => localExecutionArn(runtime.engine.stateMachineName, name);

  openClocks.add(clock);
  const harness: WorkflowHarness = {
    runtime,
    clock,
    alerts,
    tables,
    faults,
    dynamodb: dynalite.client,
    async request(schoolId, overrides = {}, by = ALICE) {
      const visitId = uniqueId('visit');
      const result = await clock.holdStillDuring(() =>
        service.request({ asked: { name: 'request', body: { visitId, details: visitDetails(schoolId, overrides) } }, actor: by, commandId: uniqueId('cmd') }),
      );
      expect(result).toMatchObject({ ok: true });
      return visitId;
    },
    act(visitId, action, body, actor = ALICE) {
      return clock.holdStillDuring(() => service.act(visitId, { asked: ActionInput.parse({ name: action, body }), actor, commandId: uniqueId('cmd') }));
    },
    async atTheDoor(schoolId, overrides = {}, authoriser = HEAD) {
      const id = await harness.request(schoolId, overrides);
      await harness.stage(id, 'awaiting-authorisation');
      await harness.act(id, 'authorise', {}, authoriser);
      await harness.stage(id, 'awaiting-departure');
      await harness.act(id, 'depart', {});
      await harness.stage(id, 'travelling');
      await harness.act(id, 'arrive', {});
      await harness.stage(id, 'at-the-door');
      return id;
    },
    async alert(visitId, match) {
      const found = await clock.until(() => harness.alertsOf(visitId).find(match));
      if (found) return found;
      throw new Error(`no matching alert for ${visitId}; got ${JSON.stringify(harness.alertsOf(visitId).map((a) => [a.kind, a.level]))}`);
    },
    alertsOf(visitId) {
      return alerts.published.filter((message) => message.visitId === visitId);
    },
    async stage(visitId, stage, since) {
      const waiting = async () => {
        const token = await runtime.deps.tokens.get(visitId);
        return token?.stage === stage && (!since || Date.parse(token.storedAt) >= Date.parse(since));
      };
      if (await clock.until(waiting)) return;
      const visit = await harness.visit(visitId);
      throw new Error(`visit ${visitId} never waited at ${stage} (status ${visit.status}, waiting at ${(await runtime.deps.tokens.get(visitId))?.stage})`);
    },
    async finished(visitId) {
      const ended = (arn: string) => clock.settled(runtime.engine.waitForExecution(arn));
      let description = await ended(executionArn(visitId));
      // A visit that outgrew an execution goes on in the one its ContinueAsNew started ($.continued).
      for (let next = continuedIn(description.output); next; next = continuedIn(description.output)) {
        description = await ended(next);
      }
      return description.status;
    },
    async executions(visitId) {
      const names: string[] = [];
      for (let arn: string | undefined = executionArn(visitId); arn; ) {
        const description = await runtime.engine.describeExecution(arn).catch((error: unknown) => {
          if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return undefined;
          throw error;
        });
        if (!description) break;
        names.push(description.name);
        arn = continuedIn(description.output);
      }
      return names;
    },
    async visit(visitId) {
      const { state } = await loadVisit(runtime.deps.store, visitId);
      if (state.status === 'none') throw new Error(`no visit ${visitId}`);
      return state;
    },
    async types(visitId) {
      const { events } = await loadVisit(runtime.deps.store, visitId);
      return events.map((event) => event.type);
    },
    async close() {
      openClocks.delete(clock);
      await runtime.close();
      await dynalite.stop();
    },
  };
  return harness;
}

/** The ARN of the execution a succeeded one handed its visit to, if it did (its output's `continued`). */
function continuedIn(output: string | undefined): string | undefined {
  const continued = output === undefined ? undefined : (JSON.parse(output) as { continued?: { executionArn?: unknown } }).continued;
  return typeof continued?.executionArn === 'string' ? continued.executionArn : undefined;
}

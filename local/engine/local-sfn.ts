import { randomUUID } from 'node:crypto';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { EngineClock } from './engine-clock';
import { engineDefinition, START_TIME_FIELD, type EngineDefinition } from './engine-definition';
import { engineTimeoutError } from './engine-timeout-error';
import { LocalSfnApiError } from './errors';
import { assertExecutionName, descriptionOf, failureOf, type Execution, type ExecutionDescription, type ExecutionListItem, type ExecutionStatus } from './executions';
import { FunctionRegistry, type Integrations, type InvocationInterceptor, type LambdaHandler, type SnsPublish } from './integrations';
import { isJsonObject, parseJson, type JsonObject, type JsonValue } from './json';
import { localExecutionArn, localRoleArn, localStateMachineArn } from './local-arns';
import { ScaledClock } from './scaled-clock';
import { runTask, runWait, type ExecutionScope, type TaskRunnerDeps } from './task-runner';
import { TaskTokens } from './task-tokens';
import { startTimer } from './timers';

export type { ExecutionDescription, ExecutionListItem, ExecutionStatus } from './executions';

export interface LocalStepFunctionsOptions {
  /** The ASL JSON exactly as deployed (see definition.ts to get it from a synthesised template). */
  readonly definition: string;
  /** Lambda handlers by function ARN (also found by function name, or by a qualified ARN). */
  readonly resources: Readonly<Record<string, LambdaHandler>>;
  /** Where `arn:aws:states:::sns:publish` tasks publish; required if the definition has any. */
  readonly snsPublish?: SnsPublish;
  /**
   * How many times faster than real time waits, timeouts, heartbeats and retry intervals pass,
   * when no clock is given. @default 1
   */
  readonly timeScale?: number;
  /** The clock executions read (start and stop dates, Timestamp waits, `$$` times) and wait on. @default new ScaledClock(timeScale) */
  readonly clock?: EngineClock;
  /** @default 'LocalStateMachine' */
  readonly stateMachineName?: string;
  /**
   * Check the definition against the ASL schema first, as CreateStateMachine does. Only for a
   * definition validated where it was made: the local runtime's committed one, which a test
   * validates, since the check (ajv compiling the schema) took a sixth of `npm start`'s start-up.
   * @default true
   */
  readonly validate?: boolean;
}

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/**
 * A Step Functions state machine on one machine: the same definition that is deployed, run by
 * aws-local-stepfunctions, with what it lacks added around it (task tokens and callbacks,
 * heartbeats, AWS task timeouts, a time scale, named idempotent executions). The method names and
 * errors mirror the SFN API, so adapters over either behave alike.
 */
export class LocalStepFunctions {
  readonly definition: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  readonly clock: EngineClock;

  private readonly prepared: EngineDefinition;
  private readonly machine: StateMachine;
  private readonly integrations: Integrations;
  private readonly tokens = new TaskTokens();
  private readonly executions = new Map<string, Execution>();
  private readonly handlerCalls = new Set<Promise<unknown>>();
  private readonly ready: Promise<TaskRunnerDeps>;

  constructor(options: LocalStepFunctionsOptions) {
    this.definition = options.definition;
    this.stateMachineName = options.stateMachineName ?? 'LocalStateMachine';
    this.stateMachineArn = localStateMachineArn(this.stateMachineName);
    this.clock = resolveClock(options);

    const original = parseDefinition(options.definition);
    // The engine validates what it is given (and annotates it in place): give it a copy of the original.
    if (options.validate ?? true) new StateMachine(asEngineDefinition(structuredClone(original)));
    this.prepared = engineDefinition(original, this.clock.retryScale);
    this.machine = new StateMachine(asEngineDefinition(this.prepared.definition), {
      validationOptions: { noValidate: true },
    });
    this.integrations = {
      functions: new FunctionRegistry(options.resources),
      ...(options.snsPublish ? { snsPublish: options.snsPublish } : {}),
      // A `states:startExecution` task starts executions of this machine (its own `$$.StateMachine.Id`), no other.
      startExecution: async ({ stateMachineArn, name, input }) => {
        if (stateMachineArn !== this.stateMachineArn) {
          throw new LocalSfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}' (the local engine runs ${this.stateMachineArn} only)`);
        }
        return this.startExecution({ ...(name !== undefined ? { name } : {}), input });
      },
    };
    assertResourcesProvided(this.prepared, this.integrations);
    this.ready = engineTimeoutError().then((timeoutError) => ({
      integrations: this.integrations,
      tokens: this.tokens,
      clock: this.clock,
      timeoutError,
      track: (call) => {
        this.clock.working?.(call);
        this.handlerCalls.add(call);
        const forget = () => this.handlerCalls.delete(call);
        call.then(forget, forget);
      },
    }));
    // Surfaces through startExecution; not an unhandled rejection while nothing has started.
    this.ready.catch(() => undefined);
  }

  /**
   * Starts an execution. Like SFN Standard: the name is unique per state machine; starting a name
   * that is still running with the same input returns that execution, anything else with a used
   * name is ExecutionAlreadyExists. A definition's `states:startExecution` tasks (fire and forget)
   * come here too, for this machine's ARN.
   */
  async startExecution(request: { name?: string; input?: string } = {}): Promise<{ executionArn: string; startDate: Date }> {
    const deps = await this.ready;
    const name = request.name ?? randomUUID();
    const input = request.input ?? '{}';
    assertExecutionName(name);
    const parsed = parseJson(input);
    if (!parsed.ok) throw new LocalSfnApiError('InvalidExecutionInput', 'The execution input is not valid JSON');

    const existing = this.executions.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn: existing.arn, startDate: existing.startDate };
      throw new LocalSfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.arn}'`);
    }

    const execution: Execution = {
      arn: localExecutionArn(this.stateMachineName, name),
      name,
      input,
      startDate: this.clock.now(),
      status: 'RUNNING',
      endListeners: new Set(),
      transitions: 0,
    };
    this.executions.set(name, execution);
    this.run(execution, parsed.value, deps);
    return { executionArn: execution.arn, startDate: execution.startDate };
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    return descriptionOf(this.find(executionArn), this.stateMachineArn);
  }

  /** The state transitions the execution has made so far (each state entered, each retry), as Step Functions bills them. */
  stateTransitions(executionArn: string): number {
    return this.find(executionArn).transitions;
  }

  /** Resolves with the description once the execution is no longer running. */
  async waitForExecution(executionArn: string): Promise<ExecutionDescription> {
    const execution = this.find(executionArn);
    await execution.finished;
    return descriptionOf(execution, this.stateMachineArn);
  }

  async stopExecution(executionArn: string, reason: { error?: string; cause?: string } = {}): Promise<{ stopDate: Date }> {
    const execution = this.find(executionArn);
    if (execution.status === 'RUNNING') {
      this.settle(execution, {
        status: 'ABORTED',
        ...(reason.error !== undefined ? { error: reason.error } : {}),
        ...(reason.cause !== undefined ? { cause: reason.cause } : {}),
      });
      execution.abort?.();
    }
    await execution.finished;
    return { stopDate: execution.stopDate ?? this.clock.now() };
  }

  /** Newest first, like SFN. */
  async listExecutions(filter: { status?: ExecutionStatus } = {}): Promise<ExecutionListItem[]> {
    return [...this.executions.values()]
      .filter((execution) => filter.status === undefined || execution.status === filter.status)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
      .map((execution) => {
        const { executionArn, stateMachineArn, name, status, startDate, stopDate } = descriptionOf(execution, this.stateMachineArn);
        return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate ? { stopDate } : {}) };
      });
  }

  /** `output` is JSON text, as for SFN SendTaskSuccess. TaskTimedOut / InvalidToken when nothing waits on the token. */
  /**
   * Fault injection: `interceptor` runs before every Lambda invocation and may throw what it should
   * fail with (a LambdaServiceFailure for a throttle or timeout of the Lambda service). Returns the
   * function that removes it.
   *
   * @example
   * const restore = engine.interceptInvocations(() => { throw new LambdaServiceFailure('TooManyRequestsException', 'Rate exceeded'); });
   */
  interceptInvocations(interceptor: InvocationInterceptor): () => void {
    return this.integrations.functions.intercept(interceptor);
  }

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    const waiter = this.tokens.waiter(taskToken);
    const parsed = parseJson(output);
    if (!parsed.ok) throw new LocalSfnApiError('InvalidOutput', 'The task output is not valid JSON');
    waiter.succeed(parsed.value);
  }

  async sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void> {
    this.tokens.waiter(taskToken).fail(error ?? 'States.TaskFailed', cause ?? '');
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    this.tokens.waiter(taskToken).heartbeat();
  }

  /**
   * Stops every running execution, then waits up to `handlerGraceMs` (real time) for handler calls
   * still in flight, so that the caller can close what they use (a database) after this resolves.
   */
  async close(options: { handlerGraceMs?: number } = {}): Promise<void> {
    const running = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    await Promise.all(running.map((execution) => this.stopExecution(execution.arn, { error: 'LocalRuntimeClosed' })));
    let cancelGrace = () => {};
    const grace = new Promise<void>((resolve) => {
      cancelGrace = startTimer(options.handlerGraceMs ?? 5000, resolve);
    });
    await Promise.race([Promise.allSettled([...this.handlerCalls]), grace]);
    cancelGrace();
  }

  private run(execution: Execution, input: JsonValue, deps: TaskRunnerDeps): void {
    const scope: ExecutionScope = {
      onEnd: (listener) => {
        if (execution.status !== 'RUNNING') {
          queueMicrotask(listener);
          return () => undefined;
        }
        execution.endListeners.add(listener);
        return () => execution.endListeners.delete(listener);
      },
    };
    const handlers: TaskHandlers = {};
    for (const [stateName, spec] of this.prepared.tasks) handlers[stateName] = (taskInput) => runTask(spec, taskInput, scope, deps);
    for (const stateName of this.prepared.waits) handlers[stateName] = (taskInput) => runWait(taskInput, scope, deps);

    const run = this.machine.run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: this.contextObject(execution),
      noThrowOnAbort: true,
    });
    execution.abort = run.abort;
    void countTransitions(run.eventLogs, execution);
    if (this.prepared.timeoutSeconds !== undefined) {
      const cancel = this.clock.after(this.prepared.timeoutSeconds * 1000, () => {
        this.settle(execution, { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution ran longer than its TimeoutSeconds' });
        run.abort();
      });
      execution.endListeners.add(cancel);
    }
    execution.finished = run.result.then(
      (output) => this.settle(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => this.settle(execution, failureOf(error)),
    );
  }

  private settle(execution: Execution, outcome: Pick<Execution, 'status' | 'output' | 'error' | 'cause'>): void {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, outcome, { stopDate: this.clock.now(), abort: undefined });
    const listeners = [...execution.endListeners];
    execution.endListeners.clear();
    for (const listener of listeners) listener();
  }

  private contextObject(execution: Execution): RunOptions['context'] {
    const clock = this.clock;
    return {
      Execution: { Id: execution.arn, Name: execution.name, RoleArn: localRoleArn('LocalStepFunctions'), [START_TIME_FIELD]: execution.startDate.toISOString() },
      StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineName },
      // Read when a state's paths are evaluated, which is as it is entered: the engine clock's time.
      State: {
        get EnteredTime() {
          return clock.now().toISOString();
        },
      },
    };
  }

  private find(executionArn: string): Execution {
    const prefix = localExecutionArn(this.stateMachineName, '');
    const execution = executionArn.startsWith(prefix) ? this.executions.get(executionArn.slice(prefix.length)) : undefined;
    if (!execution) throw new LocalSfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

}

function resolveClock(options: LocalStepFunctionsOptions): EngineClock {
  if (!options.clock) return new ScaledClock(options.timeScale ?? 1);
  if (options.timeScale !== undefined && !(options.clock instanceof ScaledClock && options.clock.timeScale === options.timeScale)) {
    throw new RangeError(`timeScale ${options.timeScale} differs from the clock's: waits and event times would disagree`);
  }
  return options.clock;
}

/** The engine's definition type is stricter than parsed JSON; it validates the shape itself. */
function asEngineDefinition(definition: JsonObject): StateMachineDefinition {
  return definition as object as StateMachineDefinition;
}

function parseDefinition(text: string): JsonObject {
  const parsed = parseJson(text);
  if (!parsed.ok || !isJsonObject(parsed.value)) throw new Error('The state machine definition is not a JSON object');
  return parsed.value;
}

/** Fails at start-up, not mid-execution, when a function or the SNS sink the definition names is missing. */
function assertResourcesProvided(prepared: EngineDefinition, integrations: Integrations): void {
  const missing: string[] = [];
  for (const { stateName, integration } of prepared.tasks.values()) {
    const functionName =
      integration.kind === 'lambda-function' ? integration.functionArn : integration.kind === 'lambda-invoke' ? integration.functionName : undefined;
    if (functionName !== undefined && !integrations.functions.find(functionName)) missing.push(`${stateName}: a handler for ${functionName}`);
    if (integration.kind === 'sns-publish' && !integrations.snsPublish) missing.push(`${stateName}: snsPublish`);
  }
  if (missing.length > 0) throw new Error(`The local engine is missing resources the definition uses:\n  ${missing.join('\n  ')}`);
}

/** The engine queues every event of an execution until someone reads them: read and drop them. */
/** The engine's log is read only to count transitions: the history of record is the application's event store. */
async function countTransitions(events: AsyncGenerator<{ type: string }>, execution: Execution): Promise<void> {
  for await (const event of events) {
    if (event.type === 'StateEntered' || event.type === 'StateRetried') execution.transitions += 1;
  }
}

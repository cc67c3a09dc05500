import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { MAX_TIMER_MS } from './timers';

/**
 * The in-memory rewrite of a definition for aws-local-stepfunctions. The deployed definition is
 * never touched: this works on a deep copy, and only so that the engine runs it as AWS would.
 *
 * - Every Task runs through a local handler (see task-runner) that owns its timing. Its timeouts
 *   and heartbeat leave the state; what must be read from the state input (TimeoutSecondsPath,
 *   HeartbeatSecondsPath) travels into the handler inside Parameters, because the engine reads
 *   TimeoutSecondsPath after Parameters, and has no heartbeat at all.
 * - The engine's own task timer cannot be removed (no TimeoutSeconds means 60 s), so it is set to
 *   the longest a timer can wait.
 * - `$$.Task.Token` in a callback task's Parameters becomes a placeholder the handler replaces with
 *   a fresh token per attempt (the engine has no task tokens).
 * - Wait states become local Tasks that sleep on the engine's clock; Retry intervals are divided by
 *   the clock's retry scale. The machine's TimeoutSeconds leaves the copy too (the engine's timer
 *   fires at once beyond 24.8 days): LocalStepFunctions enforces it on the engine's clock.
 * - `$$.Execution.StartTime` is read from a field the engine does not overwrite with the real time.
 */

export const WRAPPED_PARAMETERS = 'LocalSfnParameters';
export const WRAPPED_TIMING = 'LocalSfnTiming';
export const WRAPPED_WAIT = 'LocalSfnWait';
export const WRAPPED_INPUT = 'LocalSfnInput';
export const TASK_TOKEN_PLACEHOLDER = 'LocalSfnTaskTokenPlaceholder-5f0c9a';
export const START_TIME_FIELD = 'LocalSfnStartTime';

const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';
/** The engine's per-task timer, in seconds: as long as setTimeout can wait. */
const ENGINE_TASK_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

export type TaskIntegration =
  | { readonly kind: 'lambda-invoke'; readonly callback: boolean; readonly functionName?: string }
  | { readonly kind: 'lambda-function'; readonly functionArn: string }
  | { readonly kind: 'sns-publish'; readonly callback: boolean }
  /** Fire and forget only (no .sync, no .waitForTaskToken): the local engine starts its own executions. */
  | { readonly kind: 'states-start-execution'; readonly callback: false };

export interface TaskSpec {
  readonly stateName: string;
  readonly integration: TaskIntegration;
  /** Static TimeoutSeconds / HeartbeatSeconds; the *Path forms arrive with each input. */
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

export interface EngineDefinition {
  readonly definition: JsonObject;
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** Names of the Wait states, now local Tasks. */
  readonly waits: ReadonlySet<string>;
  /** The machine's TimeoutSeconds, unscaled. */
  readonly timeoutSeconds?: number;
}

export function engineDefinition(original: JsonObject, retryScale: number): EngineDefinition {
  rejectJsonata(original);
  const definition = structuredClone(original);
  const tasks = new Map<string, TaskSpec>();
  const waits = new Set<string>();
  rewriteStartTimePaths(definition);
  for (const [name, state] of allStates(definition)) {
    if (state.Type === 'Task') tasks.set(name, rewriteTask(name, state));
    if (state.Type === 'Wait') {
      rewriteWait(state);
      waits.add(name);
    }
    scaleRetries(state, retryScale);
  }
  const timeoutSeconds = definition.TimeoutSeconds;
  delete definition.TimeoutSeconds;
  return { definition, tasks, waits, ...(typeof timeoutSeconds === 'number' ? { timeoutSeconds } : {}) };
}

/** Every state, nested ones (Parallel branches, Map processors) included, by name. */
export function allStates(machine: JsonObject): Array<[string, JsonObject]> {
  const found: Array<[string, JsonObject]> = [];
  const visit = (scope: JsonObject) => {
    if (!isJsonObject(scope.States)) return;
    for (const [name, state] of Object.entries(scope.States)) {
      if (!isJsonObject(state)) continue;
      found.push([name, state]);
      if (Array.isArray(state.Branches)) state.Branches.filter(isJsonObject).forEach(visit);
      for (const processor of [state.Iterator, state.ItemProcessor]) if (isJsonObject(processor)) visit(processor);
    }
  };
  visit(machine);
  return found;
}

function rejectJsonata(machine: JsonObject): void {
  const usesJsonata = machine.QueryLanguage === 'JSONata' || allStates(machine).some(([, state]) => state.QueryLanguage === 'JSONata');
  if (usesJsonata) throw new Error('The local engine runs JSONPath definitions only: this one uses JSONata');
}

function rewriteTask(stateName: string, state: JsonObject): TaskSpec {
  const integration = taskIntegration(stateName, state);
  const timing: JsonObject = {};
  if (typeof state.TimeoutSecondsPath === 'string') timing['TimeoutSeconds.$'] = state.TimeoutSecondsPath;
  if (typeof state.HeartbeatSecondsPath === 'string') timing['HeartbeatSeconds.$'] = state.HeartbeatSecondsPath;
  const spec: TaskSpec = {
    stateName,
    integration,
    ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
    ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
  };

  let parameters: JsonValue | undefined = state.Parameters;
  if (isCallback(integration)) {
    if (parameters === undefined || !mentionsTaskToken(parameters)) {
      throw new Error(`State ${stateName} waits for a task token but its Parameters never pass $$.Task.Token`);
    }
    parameters = withTokenPlaceholder(parameters);
  }
  const wrapped: JsonObject = parameters === undefined ? { [`${WRAPPED_PARAMETERS}.$`]: '$' } : { [WRAPPED_PARAMETERS]: parameters };
  if (Object.keys(timing).length > 0) wrapped[WRAPPED_TIMING] = timing;

  for (const field of ['TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath']) delete state[field];
  state.TimeoutSeconds = ENGINE_TASK_TIMEOUT_SECONDS;
  state.Parameters = wrapped;
  return spec;
}

function isCallback(integration: TaskIntegration): boolean {
  return integration.kind !== 'lambda-function' && integration.callback;
}

const SERVICE_RESOURCE = /^arn:[\w-]+:states:::(lambda:invoke|sns:publish)(\.waitForTaskToken)?$/;
const FUNCTION_RESOURCE = /^arn:[\w-]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const START_EXECUTION_RESOURCE = /^arn:[\w-]+:states:::states:startExecution$/;

function taskIntegration(stateName: string, state: JsonObject): TaskIntegration {
  const resource = state.Resource;
  if (typeof resource === 'string') {
    if (FUNCTION_RESOURCE.test(resource)) return { kind: 'lambda-function', functionArn: resource };
    if (START_EXECUTION_RESOURCE.test(resource)) return { kind: 'states-start-execution', callback: false };
    const service = SERVICE_RESOURCE.exec(resource);
    if (service) {
      const callback = service[2] !== undefined;
      if (service[1] === 'sns:publish') return { kind: 'sns-publish', callback };
      const functionName = isJsonObject(state.Parameters) ? state.Parameters.FunctionName : undefined;
      return { kind: 'lambda-invoke', callback, ...(typeof functionName === 'string' ? { functionName } : {}) };
    }
  }
  throw new Error(
    `State ${stateName}: the local engine cannot run Task resource ${JSON.stringify(resource)} ` +
      '(it runs lambda:invoke, sns:publish, either with .waitForTaskToken, Lambda function ARNs, and states:startExecution without .sync)',
  );
}

const TOKEN_PATH = '$$.Task.Token';
const TOKEN_IN_EXPRESSION = /\$\$\.Task\.Token(?![\w.[])/g;

function mentionsTaskToken(template: JsonValue): boolean {
  return JSON.stringify(template).includes(TOKEN_PATH);
}

function withTokenPlaceholder(template: JsonValue): JsonValue {
  if (Array.isArray(template)) return template.map(withTokenPlaceholder);
  if (!isJsonObject(template)) return template;
  const rewritten: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && value === TOKEN_PATH) rewritten[key.slice(0, -2)] = TASK_TOKEN_PLACEHOLDER;
    else if (key.endsWith('.$') && typeof value === 'string') rewritten[key] = value.replace(TOKEN_IN_EXPRESSION, `'${TASK_TOKEN_PLACEHOLDER}'`);
    else rewritten[key] = withTokenPlaceholder(value);
  }
  return rewritten;
}

function rewriteWait(state: JsonObject): void {
  const wait: JsonObject = {};
  if (state.Seconds !== undefined) wait.Seconds = state.Seconds;
  if (state.Timestamp !== undefined) wait.Timestamp = state.Timestamp;
  if (typeof state.SecondsPath === 'string') wait['Seconds.$'] = state.SecondsPath;
  if (typeof state.TimestampPath === 'string') wait['Timestamp.$'] = state.TimestampPath;
  for (const field of ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']) delete state[field];
  state.Type = 'Task';
  state.Resource = LOCAL_WAIT_RESOURCE;
  state.TimeoutSeconds = ENGINE_TASK_TIMEOUT_SECONDS;
  state.Parameters = { [WRAPPED_WAIT]: wait, [`${WRAPPED_INPUT}.$`]: '$' };
}

function scaleRetries(state: JsonObject, retryScale: number): void {
  if (!Array.isArray(state.Retry)) return;
  for (const retrier of state.Retry.filter(isJsonObject)) {
    retrier.IntervalSeconds = (typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1) / retryScale;
    if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds = retrier.MaxDelaySeconds / retryScale;
  }
}

const START_TIME = /\$\$\.Execution\.StartTime(?![\w[])/g;

/** In every path or payload-template expression, wherever it is. */
function rewriteStartTimePaths(node: JsonValue): void {
  if (Array.isArray(node)) return node.forEach(rewriteStartTimePaths);
  if (!isJsonObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const isExpression = key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
    if (typeof value === 'string' && isExpression) node[key] = value.replace(START_TIME, `$$$$.Execution.${START_TIME_FIELD}`);
    else rewriteStartTimePaths(value);
  }
}

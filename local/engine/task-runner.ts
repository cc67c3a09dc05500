import type { EngineClock } from './engine-clock';
import { executionStopped, statesRuntime, TaskFailure } from './errors';
import { TASK_TOKEN_PLACEHOLDER, WRAPPED_INPUT, WRAPPED_PARAMETERS, WRAPPED_TIMING, WRAPPED_WAIT, type TaskSpec } from './engine-definition';
import { invokeIntegration, type Integrations } from './integrations';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import type { TaskTokens } from './task-tokens';

/** What a running task needs to know of its execution: when it ends (stopped, failed, timed out). */
export interface ExecutionScope {
  /** Calls `listener` when the execution ends while the task runs; returns the unsubscribe. */
  onEnd(listener: () => void): () => void;
}

export interface TaskRunnerDeps {
  readonly integrations: Integrations;
  readonly tokens: TaskTokens;
  readonly clock: EngineClock;
  /** Builds the engine's own States.Timeout error (see engine-timeout-error). */
  readonly timeoutError: () => Error;
  /** Handler calls outlive their task (a timed-out Lambda keeps running): whoever shuts down waits for them. */
  readonly track: (call: Promise<unknown>) => void;
}

/**
 * One attempt of a Task state, with the timing AWS gives it and the engine lacks: TimeoutSeconds
 * (or the value its path selected from the state input) and, for callback tasks, HeartbeatSeconds,
 * both on the engine's clock. A callback task gets a fresh token per attempt and waits for it to be
 * signalled; with no timeout it waits as long as the execution runs.
 */
export async function runTask(spec: TaskSpec, input: JsonValue, scope: ExecutionScope, deps: TaskRunnerDeps): Promise<JsonValue> {
  const { parameters, timing } = unwrapTask(input);
  const timeoutSeconds = spec.timeoutSeconds ?? positiveSeconds(timing.TimeoutSeconds, 'TimeoutSecondsPath');
  const heartbeatSeconds = spec.heartbeatSeconds ?? positiveSeconds(timing.HeartbeatSeconds, 'HeartbeatSecondsPath');
  const after = (seconds: number, onFire: () => void) => deps.clock.after(seconds * 1000, onFire);

  const attempt = new Attempt<JsonValue>(scope);
  if (timeoutSeconds !== undefined) attempt.onSettle(after(timeoutSeconds, () => attempt.fail(deps.timeoutError())));

  const { integration } = spec;
  if (integration.kind === 'lambda-function' || !integration.callback) {
    const call = invokeIntegration(integration, parameters, deps.integrations);
    deps.track(call);
    call.then(
      (result) => attempt.succeed(result),
      (error: unknown) => attempt.fail(error),
    );
    return attempt.promise;
  }

  const token = deps.tokens.issue();
  let stopHeartbeat = () => {};
  const armHeartbeat = () => {
    if (heartbeatSeconds === undefined) return;
    stopHeartbeat();
    stopHeartbeat = after(heartbeatSeconds, () =>
      attempt.fail(new TaskFailure('States.HeartbeatTimeout', `No heartbeat within ${heartbeatSeconds} s`)),
    );
  };
  armHeartbeat();
  attempt.onSettle(() => stopHeartbeat());
  // Registered before the call: the handler may hand the token on, and it may come back first.
  attempt.onSettle(
    deps.tokens.register(token, {
      succeed: (output) => attempt.succeed(output),
      fail: (error, cause) => attempt.fail(new TaskFailure(error, cause)),
      heartbeat: armHeartbeat,
    }),
  );
  const call = invokeIntegration(integration, withToken(parameters, token), deps.integrations);
  deps.track(call);
  call.catch((error: unknown) => attempt.fail(error));
  return attempt.promise;
}

/** A Wait state, rewritten as a local Task: waits on the engine's clock, then passes its input on. */
export async function runWait(input: JsonValue, scope: ExecutionScope, deps: TaskRunnerDeps): Promise<JsonValue> {
  if (!isJsonObject(input) || !isJsonObject(input[WRAPPED_WAIT])) throw statesRuntime('Wait state input was not prepared by the local engine');
  const wait = input[WRAPPED_WAIT];
  const passOn = input[WRAPPED_INPUT] ?? null;
  const attempt = new Attempt<JsonValue>(scope);
  attempt.onSettle(deps.clock.after(waitMs(wait, deps.clock), () => attempt.succeed(passOn)));
  return attempt.promise;
}

/** How long the Wait lasts, in the clock's milliseconds. */
function waitMs(wait: JsonObject, clock: EngineClock): number {
  if (wait.Seconds !== undefined) {
    const seconds = wait.Seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw statesRuntime(`A Wait's seconds must be a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    return seconds * 1000;
  }
  const timestamp = typeof wait.Timestamp === 'string' ? Date.parse(wait.Timestamp) : Number.NaN;
  if (Number.isNaN(timestamp)) throw statesRuntime(`A Wait's timestamp must be an ISO-8601 time, got ${JSON.stringify(wait.Timestamp)}`);
  return Math.max(0, timestamp - clock.now().getTime());
}

function unwrapTask(input: JsonValue): { parameters: JsonValue; timing: JsonObject } {
  if (!isJsonObject(input) || !(WRAPPED_PARAMETERS in input)) throw statesRuntime('Task input was not prepared by the local engine');
  const timing = input[WRAPPED_TIMING];
  return { parameters: input[WRAPPED_PARAMETERS] ?? null, timing: isJsonObject(timing) ? timing : {} };
}

function positiveSeconds(value: JsonValue | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw statesRuntime(`${field} must select a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function withToken(template: JsonValue, token: string): JsonValue {
  if (typeof template === 'string') return template.replaceAll(TASK_TOKEN_PLACEHOLDER, token);
  if (Array.isArray(template)) return template.map((item) => withToken(item, token));
  if (!isJsonObject(template)) return template;
  return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, withToken(value, token)]));
}

/** Settles once: by its work, a timer, a signal, or the end of the execution; then cleans up. */
class Attempt<T> {
  readonly promise: Promise<T>;
  private settle!: (outcome: { ok: true; value: T } | { ok: false; error: unknown }) => void;
  private readonly cleanups: Array<() => void> = [];
  private settled = false;

  constructor(scope: ExecutionScope) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.settle = (outcome) => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
    });
    this.onSettle(scope.onEnd(() => this.fail(executionStopped())));
  }

  onSettle(cleanup: () => void): void {
    if (this.settled) cleanup();
    else this.cleanups.push(cleanup);
  }

  succeed(value: T): void {
    this.finish({ ok: true, value });
  }

  fail(error: unknown): void {
    this.finish({ ok: false, error });
  }

  private finish(outcome: { ok: true; value: T } | { ok: false; error: unknown }): void {
    if (this.settled) return;
    this.settled = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.settle(outcome);
  }
}

/**
 * Errors of the local Step Functions API, named exactly like the AWS SDK's exceptions
 * (`error.name`), so one mapping serves the SFN client and the local engine.
 */
export class LocalSfnApiError extends Error {
  constructor(name: SfnApiErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

export type SfnApiErrorName =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidName'
  | 'InvalidExecutionInput'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskTimedOut';

/**
 * An error a Task state fails with, as the definition's Retry and Catch see it: `name` is the
 * error name they match, `message` the cause.
 */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/**
 * Failures that AWS lets no Retry or Catch handle (States.Runtime, a stopped execution). The engine
 * reads these two getters on whatever a task throws.
 */
export class UncatchableFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
  get isRetryable(): boolean {
    return false;
  }
  get isCatchable(): boolean {
    return false;
  }
}

export const statesRuntime = (cause: string) => new UncatchableFailure('States.Runtime', cause);
export const executionStopped = () => new UncatchableFailure('States.ExecutionStopped', 'The execution is no longer running');

/**
 * A failure of the Lambda service rather than of the function: a throttle, a timeout, an invoke that
 * never ran. AWS reports it to the state machine as `Lambda.<name>` (`Lambda.TooManyRequestsException`,
 * `Lambda.Unknown`, ...). A fault a test injects (LocalStepFunctions.interceptInvocations) throws one.
 */
export class LambdaServiceFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The Error and Cause AWS reports for a Lambda function error: the cause is the function's error, as JSON. */
export function lambdaFailure(thrown: unknown): TaskFailure {
  if (thrown instanceof LambdaServiceFailure) return new TaskFailure(`Lambda.${thrown.name}`, thrown.message);
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const trace = error.stack?.split('\n').slice(1).map((line) => line.trim()) ?? [];
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage: error.message, trace }));
}

import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * A factory of the engine's own `States.Timeout` error.
 *
 * Why: on AWS, `States.TaskFailed` in a Retry or Catch matches every task error except
 * `States.Timeout`. aws-local-stepfunctions implements that exclusion with `instanceof` on its
 * internal (unexported) StatesTimeoutError, so a timeout we raise ourselves must be one of those,
 * or a `States.TaskFailed` catcher would wrongly take it. The class is obtained once by letting a
 * one-state machine time out after 1 ms and reading the cause of its ExecutionError.
 */
let factory: Promise<() => Error> | undefined;

export function engineTimeoutError(): Promise<() => Error> {
  factory ??= probe();
  return factory;
}

async function probe(): Promise<() => Error> {
  const definition = {
    StartAt: 'Probe',
    States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:local:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } },
  } satisfies StateMachineDefinition;
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  const run = machine.run(null, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } });
  const outcome = await run.result.then(
    () => undefined,
    (error: unknown) => error,
  );
  const cause = outcome instanceof ExecutionError ? outcome.cause : undefined;
  if (!(cause instanceof Error) || cause.name !== 'States.Timeout') {
    throw new Error('aws-local-stepfunctions no longer fails a task with States.Timeout as expected: check the engine version');
  }
  const TimeoutError = cause.constructor as new () => Error;
  return () => new TimeoutError();
}

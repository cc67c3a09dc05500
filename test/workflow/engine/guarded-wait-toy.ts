import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ToyStack, type SynthesizedToy } from './toy-machines';

export interface GuardedWaitToy extends SynthesizedToy {
  readonly awaitSignalArn: string;
}

/** Ends every path with a marker of the route taken (`$.route`). */
function route(toy: ToyStack, id: string, done: sfn.Succeed): sfn.Pass {
  const pass = new sfn.Pass(toy.stack, id, { result: sfn.Result.fromString(id), resultPath: '$.route' });
  pass.next(done);
  return pass;
}

/**
 * The product's guarded wait in small: a callback task whose deadline is a path into the state
 * input that its Parameters do not pass on; a Choice on the signal (loop on check-in); catchers for
 * a custom error, a heartbeat timeout, States.TaskFailed (which must not take a timeout) and the
 * deadline.
 */
export interface GuardedWaitToyOptions {
  readonly heartbeat?: sfn.Timeout;
  /** @default the path $.deadlineSeconds */
  readonly timeout?: sfn.Timeout | 'none';
  /** The whole execution's TimeoutSeconds. @default 365 days */
  readonly machineTimeout?: Duration;
}

export function guardedWaitToy(options: GuardedWaitToyOptions = {}): GuardedWaitToy {
  const toy = new ToyStack();
  const awaitSignal = toy.fn('AwaitSignal');
  const done = new sfn.Succeed(toy.stack, 'Done');
  const timeout = options.timeout ?? sfn.Timeout.at('$.deadlineSeconds');

  const wait = new tasks.LambdaInvoke(toy.stack, 'WaitForFamily', {
    lambdaFunction: awaitSignal,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, visitId: sfn.JsonPath.stringAt('$.visitId') }),
    ...(timeout === 'none' ? {} : { taskTimeout: timeout }),
    ...(options.heartbeat ? { heartbeatTimeout: options.heartbeat } : {}),
    resultPath: '$.signal',
  });
  wait.addCatch(route(toy, 'Refused', done), { errors: ['FamilyRefused'], resultPath: '$.error' });
  // On AWS, States.TaskFailed matches a heartbeat timeout but not States.Timeout.
  wait.addCatch(route(toy, 'Silent', done), { errors: ['States.HeartbeatTimeout'], resultPath: '$.error' });
  wait.addCatch(route(toy, 'TaskFailed', done), { errors: [sfn.Errors.TASKS_FAILED], resultPath: '$.error' });
  wait.addCatch(route(toy, 'Overdue', done), { errors: [sfn.Errors.TIMEOUT], resultPath: '$.error' });

  const onSignal = new sfn.Choice(toy.stack, 'WhichSignal')
    .when(sfn.Condition.stringEquals('$.signal.kind', 'checkIn'), wait)
    .when(sfn.Condition.stringEquals('$.signal.kind', 'arrived'), route(toy, 'Arrived', done))
    .otherwise(new sfn.Fail(toy.stack, 'UnexpectedSignal', { error: 'UnexpectedSignal' }));

  const synthesized = toy.synth(wait.next(onSignal), { timeout: options.machineTimeout ?? Duration.days(365) });
  return { ...synthesized, awaitSignalArn: toy.arnOf(awaitSignal) };
}

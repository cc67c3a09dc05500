import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { StageName } from '../functions/core/stages';
import { TRANSIENT_RETRY } from './faults';

export interface GuardedWaitProps {
  /** The handler that stores the task token server side with what the stage accepts. */
  readonly awaitSignal: lambda.IFunction;
  readonly stage: StageName;
  /** Where the deadline (whole seconds from now) is in the state's input. */
  readonly deadlineSecondsPath: string;
  /**
   * Where the route of the plan before the wait is in the state's input: a wait entered by a state
   * whose next state is fixed wakes at once, storing no token, when that route is another.
   */
  readonly routePath: string;
  readonly comment: string;
}

/**
 * Errors a guarded wait turns into "the deadline passed": its TimeoutSecondsPath only. The wait sets
 * no HeartbeatSeconds, so States.HeartbeatTimeout cannot be raised and is not caught: the wait is
 * for a person (a family at the door, staff leaving the home), and nothing sends a heartbeat for one
 * (no route calls SendTaskHeartbeat); a heartbeat would not move the policy's deadline either, which
 * is the stage's timeout.
 */
export const DEADLINE_ERRORS = [sfn.Errors.TIMEOUT];

/**
 * A guarded wait: a callback task that holds until a person's action signals it, or until the
 * stage's deadline (computed from the school's policy, never baked into the ASL) passes. The caller
 * chains what follows a signal with `.next(...)`, a timeout with `.addCatch(..., DEADLINE_ERRORS)`,
 * and then whatever is left (`States.ALL`).
 *
 * The await-signal invoke is retried on transient faults (faults.ts): each attempt stores a fresh
 * token and wakes itself for anything recorded meanwhile, so a retry can lose no signal. A deadline
 * is never retried: States.Timeout is not in the list.
 */
export function guardedWait(scope: Construct, id: string, props: GuardedWaitProps): tasks.LambdaInvoke {
  const wait = new tasks.LambdaInvoke(scope, id, {
    comment: props.comment,
    lambdaFunction: props.awaitSignal,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      taskToken: sfn.JsonPath.taskToken,
      visitId: sfn.JsonPath.stringAt('$.visitId'),
      stage: props.stage,
      version: sfn.JsonPath.numberAt('$.plan.version'),
      route: sfn.JsonPath.stringAt(props.routePath),
    }),
    taskTimeout: sfn.Timeout.at(props.deadlineSecondsPath),
    resultPath: '$.signal',
    retryOnServiceExceptions: false,
  });
  wait.addRetry(TRANSIENT_RETRY);
  return wait;
}

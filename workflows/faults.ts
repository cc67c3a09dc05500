import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { DEPENDENCY_UNAVAILABLE } from '../functions/adapters/dependency-unavailable';

/**
 * How every Task of the visit workflow meets a fault: transient errors are retried with capped,
 * jittered exponential backoff; what is left after the retries is caught (by the caller) and
 * recorded as a lost watch, never left to fail the execution that times a member of staff.
 */

/** Our adapters' one retryable error, the event store's, and a lost race for the stream's next version. */
export const STEP_TRANSIENT_ERRORS = [DEPENDENCY_UNAVAILABLE, 'EventStoreUnavailableError', 'ExpectedVersionConflictError'] as const;

/**
 * How Step Functions reports a Lambda that could not run or finish: the invoke API's own transient
 * faults, a throttle, and an unhandled runtime failure (a timeout or out-of-memory is
 * `Lambda.Unknown`, or `Sandbox.Timedout` on newer runtimes).
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
  'Sandbox.Timedout',
] as const;

/**
 * 1, 2, 4, 8, 16 s, then every 30 s: eight retries, about two minutes (less with full jitter, which
 * spreads a crowd of executions that all failed at once instead of retrying them in step).
 */
export const TRANSIENT_RETRY: sfn.RetryProps = {
  errors: [...STEP_TRANSIENT_ERRORS, ...LAMBDA_SERVICE_ERRORS],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  maxAttempts: 8,
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The hand-over to a new execution (Step Functions' StartExecution): any failure of it is retried as
 * transient faults are (a throttle, the service briefly unavailable). What is left goes to WatchLost,
 * whose pause returns to Plan, which hands over again: never an execution left to hit the history cap.
 */
export const CONTINUE_RETRY: sfn.RetryProps = { ...TRANSIENT_RETRY, errors: [sfn.Errors.TASKS_FAILED] };

/** How long a visit whose watch was lost waits before the workflow tries again from Plan. */
export const WATCH_AGAIN_AFTER = Duration.minutes(1);

/** Where a caught failure is put in the state (the watch-lost step reads its `Error`). */
export const FAULT_PATH = '$.fault';

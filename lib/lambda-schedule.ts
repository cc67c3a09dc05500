import { Stack, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { acknowledge, wildcardResourceFinding } from './nag';

/**
 * Runs `fn` every `every` on EventBridge Scheduler, the documented successor of scheduled rules. A
 * run that could not be delivered within one period is dropped (the next run does its work), and
 * Lambda does not retry a run that failed either: its Errors alarm has said so, and the next run
 * tries again. The schedule gets a role of its own (the target would otherwise share one across the
 * stack) that may invoke this function only.
 */
export function lambdaSchedule(
  scope: Construct,
  fn: nodejs.NodejsFunction,
  props: { readonly every: Duration; readonly description: string; readonly retryAttempts: number },
): scheduler.Schedule {
  fn.configureAsyncInvoke({ retryAttempts: 0 });
  const role = new iam.Role(scope, 'ScheduleRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
    description: `EventBridge Scheduler runs: ${props.description}`,
  });
  const schedule = new scheduler.Schedule(scope, 'Schedule', {
    description: `Home visits: ${props.description}`,
    schedule: scheduler.ScheduleExpression.rate(props.every),
    target: new targets.LambdaInvoke(fn, { role, maxEventAge: props.every, retryAttempts: props.retryAttempts }),
  });
  acknowledge(
    role,
    'lambda:InvokeFunction on one function and its versions (`<arn>:*`), as the CDK Scheduler target grants it: this one function only.',
    wildcardResourceFinding(scope, `${fn.functionArn}:*`),
  );
  return schedule;
}

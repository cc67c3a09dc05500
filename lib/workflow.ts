import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Policy } from '../functions/core/policy';
import { WATCH_METRIC } from '../functions/steps/watch-metric';
import { VisitWorkflow } from '../workflows/visit-workflow';
import type { EventStore } from './event-store';
import { acknowledgeKmsGrants, LOG_RETENTION } from './handler-function';
import { acknowledge, wildcardResourceFinding } from './nag';
import { STEP_NAMES, StepFunctions } from './step-functions';
import { taskResponsePolicy } from './task-response';
import type { TaskTokens } from './task-tokens';

/** The state machine's log group, per trust: `/aws/vendedlogs/` keeps CloudWatch Logs' resource policy (which vended logs deliveries add to) from growing with every log group. */
export const executionLogGroupName = (trustId: string): string => `/aws/vendedlogs/states/home-visits-${trustId}`;

/** The state machine, per trust (trust ids are slugs of at most 64 characters: within SFN's 80). */
export const stateMachineNameOf = (trustId: string): string => `home-visits-${trustId}`;

export interface WorkflowProps {
  /** Names the state machine and its execution log group. */
  readonly trustId: string;
  readonly eventStore: EventStore;
  readonly tokens: TaskTokens;
  /** The trust's policies, built into the steps that read them. */
  readonly policies: readonly Policy[];
}

/**
 * The visit workflow on AWS: its step Lambdas, each granted only what its step does, and the
 * Standard state machine from `workflows/` with X-Ray tracing and CloudWatch logs at level ERROR
 * without execution data (inputs and outputs name children and addresses; the event store,
 * not the log, is the record).
 */
export class Workflow extends Construct {
  readonly steps: StepFunctions['functions'];
  readonly visitWorkflow: VisitWorkflow;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { eventStore, tokens, policies } = props;

    const steps = (this.steps = new StepFunctions(this, 'Steps', {
      environment: {
        EVENTS_TABLE: eventStore.table.tableName,
        TOKENS_TABLE: tokens.table.tableName,
      },
      policies,
    }).functions);

    // Plan only folds events into a route.
    eventStore.grantRead(steps.plan);
    // The wait stores its token; if an action was recorded meanwhile, it takes the token back and wakes itself.
    tokens.grantStore(steps.awaitSignal);
    tokens.grantTake(steps.awaitSignal);
    eventStore.grantRead(steps.awaitSignal);
    // The deciding steps append (their alerts and board lines follow from the table's stream: lib/alert-delivery.ts, lib/board-projection.ts).
    // WatchLost is one of them: it records that a visit is no longer watched, which tells the office.
    for (const fn of [steps.assessRisk, steps.onDeadline, steps.close, steps.fileReport, steps.watchLost]) {
      eventStore.grantRead(fn);
      eventStore.grantAppend(fn);
    }

    // ...and counts it for operations as an embedded metric in its own log (no PutMetricData grant needed).
    steps.watchLost.addEnvironment(WATCH_METRIC.environment, Stack.of(this).stackName);

    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', { logGroupName: executionLogGroupName(props.trustId), retention: LOG_RETENTION });
    this.visitWorkflow = new VisitWorkflow(this, 'VisitWorkflow', {
      steps,
      stateMachineName: stateMachineNameOf(props.trustId),
      stateMachine: {
        comment: 'One execution per home visit: authorise, assess risk, travel, wait for the family, in home, return safely, close, report.',
        tracingEnabled: true,
        logs: { destination: this.logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
      },
    });
    this.stateMachine = this.visitWorkflow.stateMachine;

    // The wait wakes itself (SendTaskSuccess only) when an action was recorded before its token was
    // stored: on Resource "*", as lib/task-response.ts explains, in a policy of its own.
    steps.awaitSignal.node.addDependency(taskResponsePolicy(this, 'AwaitSignalWakesItsWait', steps.awaitSignal.role!, ['states:SendTaskSuccess']));

    acknowledge(
      this.stateMachine,
      'Logs at level ERROR without execution data by design: inputs and outputs carry the visit ids and the school and version of its policy, and the event store (not CloudWatch) is the record. Failures, timeouts and aborts also raise alarms.',
      'AwsSolutions-SF1',
    );
    acknowledge(
      this.stateMachine.role,
      'CloudWatch Logs delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, ...) and X-Ray (PutTraceSegments, GetSamplingRules, ...) do not support resource-level permissions: AWS requires Resource "*" (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      this.stateMachine.role,
      'lambda:InvokeFunction on each step function and its versions and aliases (`<arn>:*`), as the CDK LambdaInvoke task grants it: only this workflow\'s own functions, by ARN.',
      ...STEP_NAMES.map((name) => wildcardResourceFinding(this, `${steps[name].functionArn}:*`)),
    );
    for (const name of STEP_NAMES) if (name !== 'plan') acknowledgeKmsGrants(steps[name]);
  }
}

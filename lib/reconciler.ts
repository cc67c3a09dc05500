import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BOARD_OPEN_INDEX } from '../functions/adapters/visit-board';
import { RECONCILE_EVERY_MINUTES, RECONCILE_TIMEOUT_SECONDS } from '../functions/reconcile/reconcile';
import type { Policy } from '../functions/core/policy';
import { trustPoliciesDefine } from './api';
import type { EventStore } from './event-store';
import { handlerFunction } from './handler-function';
import { lambdaSchedule } from './lambda-schedule';
import { acknowledge, wildcardResourceFinding } from './nag';
import type { VisitBoard } from './visit-board';

/** The reconciler Lambda's handler file, relative to the repository root. */
export const RECONCILER_ENTRY = 'functions/reconcile/lambda.ts';

export interface ReconcilerProps {
  readonly eventStore: EventStore;
  readonly board: VisitBoard;
  /** The trust's data key: the board's lines are encrypted with it. */
  readonly key: kms.IKey;
  readonly stateMachine: sfn.StateMachine;
  /** Built into the bundle: an execution is started with its visit's policy, as the API starts it. */
  readonly policies: readonly Policy[];
  /** @default RECONCILE_EVERY_MINUTES; keep it longer than RECONCILE_TIMEOUT_SECONDS, so runs never overlap */
  readonly every?: Duration;
}

/**
 * Heals a visit recorded but never started (the API died between appending `VisitRequested` and
 * StartExecution): on an EventBridge Scheduler schedule, a Lambda pages through the office board's
 * open index, describes the executions of the visits due this run (every young one and a slice of
 * the rest), and starts the ones that do not exist (functions/reconcile/reconcile.ts says why the
 * board and not a write-ahead record, and how a run stays within its time and the API's rate). It may read the open index and the events,
 * start executions of this state machine and describe them: nothing else.
 */
export class Reconciler extends Construct {
  readonly handler: nodejs.NodejsFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    const { eventStore, board, stateMachine } = props;

    this.handler = handlerFunction(this, 'Handler', {
      entry: RECONCILER_ENTRY,
      description: 'Home visits: starts the workflow of any open visit that has no execution (a request that died before its start)',
      timeout: Duration.seconds(RECONCILE_TIMEOUT_SECONDS),
      environment: {
        EVENTS_TABLE: eventStore.table.tableName,
        BOARD_TABLE: board.table.tableName,
        STATE_MACHINE_ARN: stateMachine.stateMachineArn,
      },
      define: trustPoliciesDefine(props.policies),
    });
    eventStore.grantRead(this.handler);
    // The open index only: VisitBoard.grantList would add a Scan of every visit ever made.
    iam.Grant.addToPrincipal({ grantee: this.handler, actions: ['dynamodb:Query'], resourceArns: [`${board.table.tableArn}/index/${BOARD_OPEN_INDEX}`] });
    props.key.grantDecrypt(this.handler);
    stateMachine.grants.startExecution(this.handler);
    const describeExecutions = stateMachine.grants.execution(this.handler, 'states:DescribeExecution');

    this.schedule = lambdaSchedule(this, this.handler, {
      every: props.every ?? Duration.minutes(RECONCILE_EVERY_MINUTES),
      description: 'reconcile visits recorded but never started',
      retryAttempts: 2,
    });

    acknowledge(
      this.handler.role!,
      'states:DescribeExecution on this state machine\'s executions only (`execution:<its name>:*`, as the CDK grant method writes it): execution names are visit ids, unknown until a visit starts.',
      ...describeExecutions.principalStatements.flatMap((statement) => statement.resources).map((resource) => wildcardResourceFinding(this, resource)),
    );
  }
}

import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { FIRST_VERSION, STREAM_ID } from '../functions/adapters/event-table';
import { BOARD_SCHOOL_ID, BOARD_VISIT_ID } from '../functions/adapters/visit-board';
import { VisitWorkflow } from '../workflows/visit-workflow';
import { StepFunctions } from './step-functions';

export interface HomeVisitsStackProps extends StackProps {
  readonly trustId: string;
}

/**
 * One stack per trust. Reads top to bottom like the architecture: the event store (source of
 * truth), the task-token store, the alerts topic, the workflow's step handlers and the workflow.
 */
export class HomeVisitsStack extends Stack {
  readonly workflow: VisitWorkflow;
  readonly eventTable: dynamodb.TableV2;
  readonly steps: StepFunctions['functions'];

  constructor(scope: Construct, id: string, props: HomeVisitsStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'DataKey', {
      description: `home-visits ${props.trustId}: events, task tokens and alerts`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.eventTable = new dynamodb.TableV2(this, 'EventTable', {
      partitionKey: { name: STREAM_ID, type: dynamodb.AttributeType.STRING },
      sortKey: { name: FIRST_VERSION, type: dynamodb.AttributeType.NUMBER },
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const tokenTable = new dynamodb.TableV2(this, 'TaskTokenTable', {
      partitionKey: { name: 'visitId', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const boardTable = new dynamodb.TableV2(this, 'BoardTable', {
      partitionKey: { name: BOARD_SCHOOL_ID, type: dynamodb.AttributeType.STRING },
      sortKey: { name: BOARD_VISIT_ID, type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const alerts = new sns.Topic(this, 'AlertsTopic', { masterKey: key, enforceSSL: true });

    const steps = (this.steps = new StepFunctions(this, 'Steps', {
      environment: {
        EVENTS_TABLE: this.eventTable.tableName,
        TOKENS_TABLE: tokenTable.tableName,
        BOARD_TABLE: boardTable.tableName,
        ALERTS_TOPIC_ARN: alerts.topicArn,
      },
    }).functions);

    // Least privilege: event items are appended (PutItem) and read, never updated or deleted.
    this.eventTable.grantReadData(steps.plan);
    for (const fn of [steps.assessRisk, steps.onDeadline, steps.close, steps.fileReport]) {
      this.eventTable.grantReadData(fn);
      this.eventTable.grant(fn, 'dynamodb:PutItem');
      alerts.grantPublish(fn);
      boardTable.grant(fn, 'dynamodb:PutItem');
    }
    tokenTable.grant(steps.awaitSignal, 'dynamodb:PutItem');

    this.workflow = new VisitWorkflow(this, 'VisitWorkflow', { steps });
  }
}

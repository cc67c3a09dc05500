import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Policy } from '../functions/core/policy';
import type { Alerts } from './alerts';
import { trustPoliciesDefine } from './api';
import type { EventStore } from './event-store';
import { acknowledgeKmsGrants, handlerFunction } from './handler-function';
import { acknowledge } from './nag';

export interface AlertDeliveryProps {
  readonly eventStore: EventStore;
  readonly alerts: Alerts;
  /** The trust's data key: the failure queue names visits. */
  readonly key: kms.IKey;
  /** Built into the publisher's bundle: the messages say what each school's policy says. */
  readonly policies: readonly Policy[];
}

/** The entry of the publisher Lambda, relative to the repository root. */
export const ALERT_PUBLISHER_ENTRY = 'functions/alerts/lambda.ts';

/**
 * The alert outbox on AWS: the event table's stream drives a publisher that sends the alerts of
 * every committed append to the alerts topic. No handler that appends publishes, so a crash
 * between an append and a publish cannot lose an alert, and a slow topic cannot hold up a panic's
 * answer or the escalation ladder. A record that still fails after its retries goes to the
 * failure queue (its shard and sequence numbers, to re-drive from the table) and raises an alarm.
 */
export class AlertDelivery extends Construct {
  readonly publisher: nodejs.NodejsFunction;
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlertDeliveryProps) {
    super(scope, id);
    const { eventStore, alerts } = props;

    this.publisher = handlerFunction(this, 'Publisher', {
      entry: ALERT_PUBLISHER_ENTRY,
      description: 'Home visits: publishes the alerts of every committed append (the event table stream) to the alerts topic',
      timeout: Duration.seconds(30),
      environment: { EVENTS_TABLE: eventStore.table.tableName, ALERTS_TOPIC_ARN: alerts.topic.topicArn },
      define: trustPoliciesDefine(props.policies),
    });
    eventStore.grantRead(this.publisher);
    alerts.topic.grants.publish(this.publisher);
    acknowledgeKmsGrants(this.publisher);

    this.failureQueue = new sqs.Queue(this, 'FailureQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.failureQueue, 'This queue is itself the on-failure destination of the alert publisher\'s event source mapping.', 'AwsSolutions-SQS3');
    this.publisher.addEventSource(
      new sources.DynamoEventSource(eventStore.table, {
        // From the oldest record still in the stream: a publisher deployed late still sends what is there.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        // The handler names the record that failed; Lambda retries from it and never skips past an alert.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        onFailure: new sources.SqsDlq(this.failureQueue),
      }),
    );
  }
}

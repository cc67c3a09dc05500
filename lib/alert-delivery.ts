import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STREAM_ID } from '../functions/adapters/event-table';
import { CANARY_STREAM } from '../functions/alerts/canary';
import { LEDGER_EXPIRES, LEDGER_ID, LEDGER_KIND } from '../functions/alerts/alert-ledger';
import { HELD_METRIC } from '../functions/alerts/held-metric';
import { PUBLISHED_EVENT_TYPES } from '../functions/alerts/stream-publisher';
import type { Policy } from '../functions/core/policy';
import type { Alerts } from './alerts';
import { trustPoliciesDefine } from './api';
import type { EventStore } from './event-store';
import { acknowledgeKmsGrants, handlerFunction } from './handler-function';
import { acknowledge, wildcardResourceFinding } from './nag';
import { secureTable } from './secure-table';
import { insertsHoldingAnyOf } from './stream-trigger';

export interface AlertDeliveryProps {
  readonly eventStore: EventStore;
  readonly alerts: Alerts;
  /** The trust's data key: the ledger and the failure bucket name visits. */
  readonly key: kms.IKey;
  /** Built into the publisher's bundle: the messages say what each school's policy says. */
  readonly policies: readonly Policy[];
}

/** The entry of the publisher Lambda, relative to the repository root. */
export const ALERT_PUBLISHER_ENTRY = 'functions/alerts/lambda.ts';

/**
 * DynamoDB keeps a stream record 24 hours. A record that still fails this long after it was written
 * goes to the failure bucket while it can still be read: the hour left covers the trigger's own
 * delay in giving up (a record that expires in the stream is dropped with nothing sent anywhere).
 */
export const MAX_RECORD_AGE = Duration.hours(23);

/** How long the failure bucket keeps what the trigger gave up on: time to mend and re-drive (the ledger outlives it). */
export const FAILURE_KEPT = Duration.days(30);

/**
 * The alert outbox on AWS: the event table's stream drives a publisher that sends the alerts of
 * every committed append to the alerts topic. No handler that appends publishes, so a crash between
 * an append and a publish cannot lose an alert, and a slow topic cannot hold up a panic's answer or
 * the escalation ladder.
 *
 * The trigger lets through only appends holding an alerting event type (audit reads and every other
 * append never invoke it), retries a failing record in order until it nears the stream's 24 hours,
 * and only then writes the records themselves to the failure bucket. What can never be published is
 * set aside by the publisher in the ledger instead (functions/alerts/stream-publisher.ts), which
 * also remembers every message sent: `npm run redrive` sends both kinds once the fault is mended,
 * and nothing is sent twice.
 */
export class AlertDelivery extends Construct {
  readonly publisher: nodejs.NodejsFunction;
  /** Sent message ids and held appends (functions/alerts/alert-ledger.ts). */
  readonly ledger: dynamodb.TableV2;
  /** The trigger's on-failure destination: each object holds the stream records it gave up on. */
  readonly failureBucket: s3.Bucket;
  /** The event source mapping's id (its UUID), the dimension of its own metrics. */
  readonly mappingId: string;

  constructor(scope: Construct, id: string, props: AlertDeliveryProps) {
    super(scope, id);
    const { eventStore, alerts } = props;

    this.ledger = secureTable(this, 'Ledger', {
      key: props.key,
      partitionKey: { name: LEDGER_KIND, type: dynamodb.AttributeType.STRING },
      sortKey: { name: LEDGER_ID, type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: LEDGER_EXPIRES,
    });

    this.publisher = handlerFunction(this, 'Publisher', {
      entry: ALERT_PUBLISHER_ENTRY,
      description: 'Home visits: publishes the alerts of every committed append (the event table stream) to the alerts topic',
      timeout: Duration.seconds(30),
      environment: {
        EVENTS_TABLE: eventStore.table.tableName,
        ALERTS_TOPIC_ARN: alerts.topic.topicArn,
        ALERT_LEDGER_TABLE: this.ledger.tableName,
        [HELD_METRIC.environment]: Stack.of(this).stackName,
      },
      define: trustPoliciesDefine(props.policies),
    });
    eventStore.grantRead(this.publisher);
    alerts.topic.grants.publish(this.publisher);
    // Look up and remember sent messages, and hold appends: never read the held list, update or delete.
    this.ledger.grants.actions(this.publisher, 'dynamodb:GetItem', 'dynamodb:PutItem');
    props.key.grantEncryptDecrypt(this.publisher);
    acknowledgeKmsGrants(this.publisher);

    this.failureBucket = new s3.Bucket(this, 'FailureBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: FAILURE_KEPT }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.failureBucket,
      'Only Lambda writes here (the trigger\'s on-failure destination) and an operator reads with their own credentials, both in CloudTrail; an access log bucket would only log those.',
      'AwsSolutions-S1',
    );

    const source = new sources.DynamoEventSource(eventStore.table, {
      // From the oldest record still in the stream: a trigger created late (or re-created) still
      // sends what is there, and the ledger keeps it from sending what already went out.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      // An item written before appends stored their types (still in the stream while this deploys,
      // a panic among them) goes through too: the publisher finds whether it raises anything.
      filters: [
        ...insertsHoldingAnyOf(PUBLISHED_EVENT_TYPES),
        // Operations' canary (lib/alert-canary.ts): its ping goes the way every alert goes.
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: { [STREAM_ID]: { S: lambda.FilterRule.isEqual(CANARY_STREAM) } } },
        }),
      ],
      // The handler names the record that failed; Lambda retries from it and never skips past an alert.
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      // A transient fault is retried for as long as the stream keeps the record, not a count of tries.
      retryAttempts: -1,
      maxRecordAge: MAX_RECORD_AGE,
      onFailure: new S3RecordsOnFailure(this.failureBucket),
      // PolledEventCount (also 0 on an empty poll: silence means a stopped trigger), DroppedEventCount, …
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    this.publisher.addEventSource(source);
    this.mappingId = source.eventSourceMappingId;
  }
}

/**
 * An S3 on-failure destination granting what AWS documents the execution role needs (put objects,
 * list the bucket) and no more: CDK's own S3OnFailureDestination grants read and delete as well,
 * and the publisher has no business reading back what failed. (The trust key, which encrypts the
 * objects, the publisher already uses for the ledger.)
 */
class S3RecordsOnFailure implements lambda.IEventSourceDlq {
  constructor(private readonly bucket: s3.IBucket) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    const objects = this.bucket.arnForObjects('*');
    iam.Grant.addToPrincipal({ grantee: targetHandler, actions: ['s3:PutObject'], resourceArns: [objects] });
    iam.Grant.addToPrincipal({ grantee: targetHandler, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
    acknowledge(targetHandler.role ?? targetHandler, 'Lambda names each failure object itself: the trigger may put any object into its own failure bucket, and nothing else.', wildcardResourceFinding(targetHandler, objects));
    return { destination: this.bucket.bucketArn };
  }
}

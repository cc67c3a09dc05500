import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { CANARY_DEADLINE_SECONDS, CANARY_KIND, CANARY_METRIC, CANARY_STREAM } from '../functions/alerts/canary';
import type { Alerts } from './alerts';
import type { EventStore } from './event-store';
import { acknowledgeKmsGrants, handlerFunction } from './handler-function';
import { lambdaSchedule } from './lambda-schedule';
import type { Operations } from './operations';

export interface AlertCanaryProps {
  readonly eventStore: EventStore;
  readonly alerts: Alerts;
  /** The trust's data key, which encrypts the event table. */
  readonly key: kms.IKey;
  readonly operations: Operations;
}

/** How often a canary is sent: a stopped alert path is heard of within minutes, at about 1,440 pings a day. */
export const CANARY_EVERY = Duration.minutes(1);
/** How many canary periods in a row may pass with none arriving before operations are alarmed. */
export const CANARY_SILENT_PERIODS = 3;

/**
 * The end-to-end canary of the alert path (functions/alerts/canary.ts): EventBridge Scheduler runs
 * the sender every minute; the ping goes through the event table's stream, the trigger and the
 * publisher to the alerts topic, where operations' own Lambda subscription (confirmed by SNS itself,
 * filtered to canaries) measures how long it took. Two alarms: no canary for three minutes in a row
 * (missing data counts as bad: a publisher that never runs sends nothing), and one that took longer
 * than a minute. The people's subscriptions never see a canary: it notifies no role.
 */
export class AlertCanary extends Construct {
  readonly sender: nodejs.NodejsFunction;
  readonly receiver: nodejs.NodejsFunction;
  readonly schedule: scheduler.Schedule;
  readonly silent: cloudwatch.Alarm;
  readonly late: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlertCanaryProps) {
    super(scope, id);
    const { eventStore, alerts, operations } = props;
    const stackName = Stack.of(this).stackName;

    this.sender = handlerFunction(this, 'Sender', {
      entry: 'functions/alerts/canary-send-lambda.ts',
      description: 'Home visits: writes the alert path canary\'s ping to the event table',
      timeout: Duration.seconds(10),
      environment: { EVENTS_TABLE: eventStore.table.tableName },
    });
    // The event store is append-only for every other role: this one may delete and write its own
    // partition (`#canary`) and nothing else, which no visit stream can be named.
    this.sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
        resources: [eventStore.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CANARY_STREAM] } },
      }),
    );
    props.key.grantEncryptDecrypt(this.sender);
    acknowledgeKmsGrants(this.sender);

    this.receiver = handlerFunction(this, 'Receiver', {
      entry: 'functions/alerts/canary-receive-lambda.ts',
      description: 'Home visits: operations\' subscription to the alerts topic, timing the alert path canary',
      timeout: Duration.seconds(10),
      environment: { [CANARY_METRIC.environment]: stackName },
    });
    alerts.topic.addSubscription(
      new subscriptions.LambdaSubscription(this.receiver, { filterPolicy: { kind: sns.SubscriptionFilter.stringFilter({ allowlist: [CANARY_KIND] }) } }),
    );

    // A ping that could not be delivered within its minute is dropped: the next one is already due.
    this.schedule = lambdaSchedule(this, this.sender, { every: CANARY_EVERY, description: 'send the alert path canary', retryAttempts: 0 });

    const delay = new cloudwatch.Metric({
      namespace: CANARY_METRIC.namespace,
      metricName: CANARY_METRIC.name,
      dimensionsMap: { [CANARY_METRIC.dimension]: stackName },
    });
    this.silent = operations.alarmOnSilence(
      'AlertCanarySilent',
      delay,
      `No alert path canary has reached operations' subscription for ${CANARY_SILENT_PERIODS} minutes: alerts may not be leaving (the publisher, its trigger, the ledger or the alerts topic). Check the other alert alarms, then the publisher's log.`,
      { period: CANARY_EVERY, evaluationPeriods: CANARY_SILENT_PERIODS },
    );
    this.late = operations.alarm(
      'AlertCanaryLate',
      delay.with({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      `An alert path canary took ${CANARY_DEADLINE_SECONDS} seconds or more from the event table to operations' subscription: alerts are arriving late.`,
      CANARY_DEADLINE_SECONDS,
    );
  }
}

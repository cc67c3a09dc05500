import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { WATCH_METRIC } from '../functions/steps/watch-metric';
import type { OpsSubscription } from '../policies/load';

export interface OperationsProps {
  readonly trustId: string;
  /** Who hears about alarms. @default none (subscribe later in the console) */
  readonly subscriptions?: readonly OpsSubscription[];
}

const PROTOCOLS: Record<OpsSubscription['protocol'], sns.SubscriptionProtocol> = {
  email: sns.SubscriptionProtocol.EMAIL,
  sms: sns.SubscriptionProtocol.SMS,
  https: sns.SubscriptionProtocol.HTTPS,
};

/**
 * The operations side: a topic (its own key, TLS only) that every alarm notifies, and the one alarm
 * no stack may leave out: a visit the workflow can no longer watch. Alarms fire on the first bad
 * datapoint in five minutes and treat no data as fine (a quiet night is not an incident), except
 * those on a metric that must never go quiet (`alarmOnSilence`).
 */
export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;
  private readonly trustId: string;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.trustId = props.trustId;
    const key = new kms.Key(this, 'Key', {
      description: `home-visits ${props.trustId}: operations alarms topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish to the encrypted topic, so CloudWatch must use its key (this account's alarms only).
    key.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: `Home visits ${props.trustId}: operations` });
    (props.subscriptions ?? []).forEach((subscription, index) => {
      new sns.Subscription(this, `Subscription${index}`, { topic: this.topic, protocol: PROTOCOLS[subscription.protocol], endpoint: subscription.endpoint });
    });
    this.action = new actions.SnsAction(this.topic);

    // The workflow lost its watch on a visit (its retries spent): the office hears it on the alerts
    // topic, operations here, from the metric the watch-lost step writes (functions/steps/watch-metric.ts).
    this.alarm(
      'VisitsUnwatched',
      new cloudwatch.Metric({
        namespace: WATCH_METRIC.namespace,
        metricName: WATCH_METRIC.name,
        dimensionsMap: { [WATCH_METRIC.dimension]: Stack.of(this).stackName },
        ...FIVE_MINUTE_SUM,
      }),
      'The visit workflow could not take its next step even after its retries: a visit is not being timed until the fault clears (the office was alerted). Find the failing dependency in the execution history.',
    );
  }

  /** An alarm when `metric` reaches `threshold` (default 1) in a five-minute period; it notifies the operations topic. */
  alarm(id: string, metric: cloudwatch.IMetric, description: string, threshold = 1): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * An alarm when `metric` goes quiet: fewer than one datapoint in each of `evaluationPeriods`
   * periods in a row (two of five minutes unless told), missing data counting as bad. For a metric that is emitted even when there is nothing to do
   * (an event source mapping's PolledEventCount, 0 on an empty poll), silence means it stopped.
   */
  alarmOnSilence(
    id: string,
    metric: cloudwatch.Metric,
    description: string,
    { period = Duration.minutes(5), evaluationPeriods = 2 }: { readonly period?: Duration; readonly evaluationPeriods?: number } = {},
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: metric.with({ period, statistic: cloudwatch.Stats.SAMPLE_COUNT }),
      threshold: 1,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * An alarm when a handler meets a visit record that no longer parses (quarantine). The API answers
   * those 409, so neither its 5xx nor its Lambda errors see them: a metric filter on each log group
   * counts the structured line the handlers log (`"error":"RecordUnreadableError"`) instead.
   *
   * @example
   * ops.alarmOnDamagedRecords([api.handler.logGroup, api.reportHandler.logGroup]);
   */
  alarmOnDamagedRecords(logGroups: readonly logs.ILogGroup[]): cloudwatch.Alarm {
    const metric = { namespace: `HomeVisits/${this.trustId}`, name: 'DamagedRecordsMet' };
    logGroups.forEach((logGroup, index) => {
      new logs.MetricFilter(this, `DamagedRecordFilter${index}`, {
        logGroup,
        filterPattern: DAMAGED_RECORD_LOG,
        metricNamespace: metric.namespace,
        metricName: metric.name,
        metricValue: '1',
      });
    });
    return this.alarm(
      'DamagedRecords',
      new cloudwatch.Metric({ namespace: metric.namespace, metricName: metric.name, ...FIVE_MINUTE_SUM }),
      'A visit record no longer parses: that visit is set aside (its reads answer 409) until someone repairs it. Its history names the version.',
    );
  }
}

/** The structured line functions/api/handler.ts logs for a damaged record. */
export const DAMAGED_RECORD_LOG = logs.FilterPattern.stringValue('$.error', '=', 'RecordUnreadableError');

/** Sum over five minutes: counts of things that should never happen. */
export const FIVE_MINUTE_SUM: cloudwatch.MetricOptions = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
/** Maximum over five minutes: a level that should be zero. */
export const FIVE_MINUTE_MAX: cloudwatch.MetricOptions = { period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM };

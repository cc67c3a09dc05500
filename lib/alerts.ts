import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledge } from './nag';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import type { AlertMessage } from '../functions/core/alerts';
import type { AlertSubscription } from '../policies/load';

export interface AlertsProps {
  /** The trust's data key: alerts name schools, addresses and staff. */
  readonly key: kms.IKey;
  /** Who hears about what: one SNS subscription each, filtered per the trust config. @default none */
  readonly subscriptions?: readonly AlertSubscription[];
}

/**
 * The SNS filter policy of one role's subscription, on the attributes `snsAttributes` publishes:
 * the role must be in `notify` (String.Array), then optionally the school, a minimum escalation
 * level (numeric, so it also leaves out level-0 alerts such as panic) and the kinds.
 */
export function alertFilterPolicy(subscription: AlertSubscription): Record<string, sns.SubscriptionFilter> {
  const { filter } = subscription;
  return {
    notify: sns.SubscriptionFilter.stringFilter({ allowlist: [subscription.role] }),
    ...(filter.schools ? { school: sns.SubscriptionFilter.stringFilter({ allowlist: [...filter.schools] }) } : {}),
    ...(filter.minLevel !== undefined ? { level: sns.SubscriptionFilter.numericFilter({ greaterThanOrEqualTo: filter.minLevel }) } : {}),
    ...(filter.kinds ? { kind: sns.SubscriptionFilter.stringFilter({ allowlist: [...filter.kinds] }) } : {}),
  };
}

/**
 * Whether a subscription receives an alert, by the same rules as its filter policy: what the bench
 * uses to count deliveries, and what the tests hold the synthesised filter policies to.
 */
export function receives(subscription: AlertSubscription, message: Pick<AlertMessage, 'kind' | 'schoolId' | 'level' | 'notify'>): boolean {
  const { filter } = subscription;
  return (
    message.notify.includes(subscription.role) &&
    (filter.schools === undefined || filter.schools.includes(message.schoolId)) &&
    (filter.minLevel === undefined || message.level >= filter.minLevel) &&
    (filter.kinds === undefined || filter.kinds.some((kind) => kind === message.kind))
  );
}

/** A construct id that stays with the subscription when the config is reordered (ids by position would replace them). */
function subscriptionId(subscription: AlertSubscription): string {
  const digest = createHash('sha256').update(`${subscription.role}\n${subscription.protocol}\n${subscription.endpoint}`).digest('hex');
  return `${subscription.role}-${subscription.protocol}-${digest.slice(0, 10)}`;
}

const PROTOCOLS: Record<AlertSubscription['protocol'], sns.SubscriptionProtocol> = {
  email: sns.SubscriptionProtocol.EMAIL,
  sms: sns.SubscriptionProtocol.SMS,
  https: sns.SubscriptionProtocol.HTTPS,
};

/** HTTPS endpoints get more patience than SNS's default (3 immediate retries): an alert must arrive. */
const HTTPS_DELIVERY: sns.DeliveryPolicy = {
  healthyRetryPolicy: {
    numRetries: 10,
    numNoDelayRetries: 1,
    minDelayTarget: Duration.seconds(2),
    maxDelayTarget: Duration.seconds(60),
    backoffFunction: sns.BackoffFunction.EXPONENTIAL,
  },
};

/**
 * The alerts topic (KMS, TLS only) and the trust's subscriptions, each with its filter policy and
 * the same dead-letter queue: a message SNS cannot deliver after its retries lands in the queue
 * (encrypted with the data key, kept 14 days) and raises an alarm, so no alert is silently lost.
 */
export class Alerts extends Construct {
  readonly topic: sns.Topic;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { masterKey: props.key, enforceSSL: true, displayName: 'Home visit alerts' });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // SNS writes undeliverable messages to the queue, so it must use the queue's key. Conditioned on
    // this account (the topic's ARN would make the key depend on the topic, which depends on the key).
    props.key.grant(
      new iam.ServicePrincipal('sns.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    acknowledge(
      this.deadLetterQueue,
      'This queue is itself the dead-letter queue of the alert subscriptions (an SNS redrive policy, which cdk-nag does not recognise as one).',
      'AwsSolutions-SQS3',
    );

    for (const subscription of props.subscriptions ?? []) this.subscribe(subscription);
  }

  private subscribe(subscription: AlertSubscription): void {
    new sns.Subscription(this, subscriptionId(subscription), {
      topic: this.topic,
      protocol: PROTOCOLS[subscription.protocol],
      endpoint: subscription.endpoint,
      filterPolicy: alertFilterPolicy(subscription),
      deadLetterQueue: this.deadLetterQueue,
      ...(subscription.protocol === 'https' ? { deliveryPolicy: HTTPS_DELIVERY } : {}),
    });
  }
}

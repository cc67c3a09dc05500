import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { snsAttributes } from '../../functions/adapters/alert-publisher';
import type { AlertMessage } from '../../functions/core/alerts';
import { receives } from '../../lib/alerts';
import { ALERT_KINDS, type AlertSubscription } from '../../policies/load';
import { synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The alerts topic, its subscriptions per the trust config, and the dead-letter path. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

type Subscription = { Endpoint: string; Protocol: string; FilterPolicy: Record<string, unknown[]>; TopicArn: unknown; RedrivePolicy?: unknown; DeliveryPolicy?: unknown };
const alertSubscriptions = (): Subscription[] => {
  const topic = synth.logicalId(synth.stack.alerts.topic);
  return Object.values(synth.resources('AWS::SNS::Subscription'))
    .map((resource) => resource.Properties as Subscription)
    .filter((subscription) => JSON.stringify(subscription.TopicArn) === JSON.stringify({ Ref: topic }))
    // The stack's own reader of check-in reminders (the text Lambda, test/cdk/texts.test.ts), not a trust subscription.
    .filter((subscription) => subscription.Protocol !== 'lambda');
};

/** What the config says the filter policy must be, written independently of the construct. */
function expectedFilter(subscription: AlertSubscription): Record<string, unknown[]> {
  const { filter } = subscription;
  return {
    notify: [subscription.role],
    ...(filter.schools ? { school: filter.schools } : {}),
    ...(filter.minLevel !== undefined ? { level: [{ numeric: ['>=', filter.minLevel] }] } : {}),
    ...(filter.kinds ? { kind: filter.kinds } : {}),
  };
}

/** SNS's matching of a filter policy against message attributes, for the operators this stack uses. */
function delivers(filterPolicy: Record<string, unknown[]>, message: AlertMessage): boolean {
  const attributes = snsAttributes(message) as Record<string, { DataType: string; StringValue: string }>;
  return Object.entries(filterPolicy).every(([name, conditions]) => {
    const attribute = attributes[name];
    if (!attribute) return false;
    const values: unknown[] = attribute.DataType === 'String.Array' ? (JSON.parse(attribute.StringValue) as unknown[]) : [attribute.StringValue];
    return values.some((value) =>
      conditions.some((condition) => {
        if (typeof condition === 'string') return value === condition;
        const [operator, bound] = (condition as { numeric: [string, number] }).numeric;
        if (operator !== '>=') throw new Error(`operator ${operator} not modelled here`);
        return attribute.DataType === 'Number' && Number(value) >= bound;
      }),
    );
  });
}

const message = (overrides: Partial<AlertMessage>): AlertMessage => ({
  kind: 'check-in-overdue',
  severity: 'high',
  schoolId: 'wna',
  visitId: 'visit-1',
  level: 1,
  notify: ['office'],
  messageId: 'message-1',
  subject: 'Level 1',
  text: 'A member of staff has missed a check-in',
  ...overrides,
});

describe('the alerts topic', () => {
  it('is encrypted with the data key and refuses publishers without TLS', () => {
    synth.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] },
      DisplayName: 'Home visit alerts',
    });
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: synth.logicalId(synth.stack.alerts.topic) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('the subscriptions', () => {
  it('are one per subscription in the trust config, with its protocol, endpoint and filter policy', () => {
    const configured = synth.trust.config.alerts.subscriptions;
    const synthesised = alertSubscriptions();
    expect(synthesised).toHaveLength(configured.length);
    for (const subscription of configured) {
      expect(synthesised).toContainEqual(
        expect.objectContaining({ Protocol: subscription.protocol, Endpoint: subscription.endpoint, FilterPolicy: expectedFilter(subscription) }),
      );
    }
  });

  it('filters the WNA headteacher\'s email to WNA alerts from escalation level 2', () => {
    expect(alertSubscriptions().find((s) => s.Endpoint === 'head@wna.example.org')?.FilterPolicy).toEqual({
      notify: ['headteacher'],
      school: ['wna'],
      level: [{ numeric: ['>=', 2] }],
    });
  });

  it('delivers an alert to a role\'s subscription only when `notify` names the role and the filters match', () => {
    const policyOf = (endpoint: string) => alertSubscriptions().find((s) => s.Endpoint === endpoint)!.FilterPolicy;
    const head = policyOf('head@wna.example.org');
    expect(delivers(head, message({ level: 2, notify: ['dsl', 'headteacher'] }))).toBe(true);
    expect(delivers(head, message({ level: 1, notify: ['office'] }))).toBe(false);
    expect(delivers(head, message({ level: 3, notify: ['office', 'dsl', 'headteacher'], schoolId: 'birchwood' }))).toBe(false);

    const birchwoodOffice = policyOf('office@birchwood.example.org');
    expect(delivers(birchwoodOffice, message({ schoolId: 'birchwood', notify: ['office'] }))).toBe(true);
    expect(delivers(birchwoodOffice, message({ schoolId: 'wna', notify: ['office'] }))).toBe(false);

    const dslSms = policyOf('+447700900123');
    expect(delivers(dslSms, message({ kind: 'panic', level: 0, notify: ['office', 'dsl', 'headteacher'] }))).toBe(true);
    expect(delivers(dslSms, message({ kind: 'alert-resolved', level: 0, notify: ['office', 'dsl', 'headteacher'] }))).toBe(false);
  });

  it('deliver exactly what `receives` says, for every subscription, kind, school, level and audience', () => {
    const audiences = [['office'], ['dsl', 'headteacher'], ['office', 'dsl', 'headteacher'], ['slt'], ['headteacher']] as const;
    const messages = ALERT_KINDS.flatMap((kind) =>
      [...synth.trust.policies.keys()].flatMap((schoolId) =>
        [0, 1, 2, 3].flatMap((level) => audiences.map((notify) => message({ kind, schoolId, level, notify: [...notify] }))),
      ),
    );
    const synthesised = alertSubscriptions();
    for (const subscription of synth.trust.config.alerts.subscriptions) {
      const filter = synthesised.find((s) => s.Endpoint === subscription.endpoint && s.FilterPolicy.notify?.[0] === subscription.role)!.FilterPolicy;
      const disagreements = messages.filter((m) => delivers(filter, m) !== receives(subscription, m));
      expect(disagreements, subscription.endpoint).toEqual([]);
      expect(messages.some((m) => receives(subscription, m)), subscription.endpoint).toBe(true);
    }
  });

  it('send what they cannot deliver to the dead-letter queue; HTTPS endpoints are retried with backoff first', () => {
    const queue = synth.logicalId(synth.stack.alerts.deadLetterQueue);
    for (const subscription of alertSubscriptions()) {
      expect(subscription.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } });
    }
    const https = alertSubscriptions().filter((s) => s.Protocol === 'https');
    expect(https.length).toBeGreaterThan(0);
    for (const subscription of https) {
      expect(subscription.DeliveryPolicy).toMatchObject({ healthyRetryPolicy: { numRetries: 10, backoffFunction: 'EXPONENTIAL' } });
    }
  });
});

describe('the dead-letter queue', () => {
  it('is encrypted with the data key, keeps messages 14 days and refuses clients without TLS', () => {
    const queue = synth.logicalId(synth.stack.alerts.deadLetterQueue);
    expect(synth.resources('AWS::SQS::Queue')[queue]!.Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] },
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: synth.logicalId(synth.stack.alerts.topic) } } },
          }),
        ]),
      },
    });
  });

  it('is writable by SNS: the data key lets sns.amazonaws.com (this account only) encrypt for it', () => {
    const key = synth.resources('AWS::KMS::Key')[synth.logicalId(synth.stack.key)]!;
    expect((key.Properties!.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });
});

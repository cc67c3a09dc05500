import { beforeAll, describe, expect, it } from 'vitest';
import { PHONE_NUMBER, PHONES_BY_USER } from '../../functions/adapters/staff-phones';
import { SMS_ENTRY, SMS_SERVICE_PRINCIPAL } from '../../lib/sms';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/**
 * Texts from staff on AWS (issue 25): the inbound topic End User Messaging publishes to, under a key
 * and a topic policy that let that service (from this account) in; the Lambda subscribed to it; the
 * registered mobiles; and what the Lambda may do.
 */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const topicId = () => synth.logicalId(synth.stack.texts.inboundTopic);
const keyId = () => synth.logicalId(synth.stack.texts.inboundKey);
const handlerId = () => synth.logicalId(synth.stack.texts.handler);
const roleStatements = () => policyStatements(synth.template).filter((statement) => statement.roles.includes(synth.logicalId(synth.stack.texts.handler.role as never)));
type Statement = { Effect: string; Principal?: { Service?: string }; Action: string | string[]; Condition?: unknown; Resource?: unknown };

describe('the inbound text topic', () => {
  it('is encrypted with a rotating key of its own that End User Messaging in this account may use to publish, and nothing else outside', () => {
    const topic = synth.resources('AWS::SNS::Topic')[topicId()]!.Properties!;
    expect(refersTo(topic.KmsMasterKeyId, keyId())).toBe(true);
    const key = synth.resources('AWS::KMS::Key')[keyId()]!.Properties as { EnableKeyRotation: boolean; KeyPolicy: { Statement: Statement[] } };
    expect(key.EnableKeyRotation).toBe(true);
    const forService = key.KeyPolicy.Statement.filter((statement) => statement.Principal?.Service === SMS_SERVICE_PRINCIPAL);
    expect(forService).toHaveLength(1);
    expect([forService[0]!.Effect, [forService[0]!.Action].flat().sort()]).toEqual(['Allow', ['kms:Decrypt', 'kms:GenerateDataKey*']]);
    expect(forService[0]!.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  });

  it('lets End User Messaging in this account publish to it, over TLS only', () => {
    const policies = Object.values(synth.resources('AWS::SNS::TopicPolicy')).filter((policy) => refersTo(policy.Properties!.Topics, topicId()));
    const statements = policies.flatMap((policy) => (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
    const publish = statements.filter((statement) => statement.Principal?.Service === SMS_SERVICE_PRINCIPAL);
    expect(publish.map((statement) => [statement.Effect, statement.Action, statement.Condition])).toEqual([
      ['Allow', 'sns:Publish', { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }],
    ]);
    expect(statements.some((statement) => statement.Effect === 'Deny' && JSON.stringify(statement.Condition).includes('aws:SecureTransport'))).toBe(true);
  });

  it('delivers to the inbound text Lambda, bundled from its own entry with the trust policies and the names it reads', () => {
    expect(SMS_ENTRY).toBe('functions/sms/lambda.ts');
    const subscriptions = Object.values(synth.resources('AWS::SNS::Subscription')).map((subscription) => subscription.Properties!);
    const ours = subscriptions.filter((subscription) => refersTo(subscription.TopicArn, topicId()));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.Protocol).toBe('lambda');
    expect(refersTo(ours[0]!.Endpoint, handlerId())).toBe(true);
    const variables = (synth.resources('AWS::Lambda::Function')[handlerId()]!.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(['ALERTS_TOPIC_ARN', 'BOARD_TABLE', 'DURESS_TABLE', 'EVENTS_TABLE', 'NODE_OPTIONS', 'PHONES_TABLE', 'STATE_MACHINE_ARN', 'TOKENS_TABLE']);
  });
});

describe('the inbound text Lambda', () => {
  it('appends events, reads and counts bad codes on registered mobiles, tells the office, answers tasks and sends texts: nothing else', () => {
    const actions = [...new Set(roleStatements().flatMap(actionsOf))].sort();
    expect(actions).toEqual(
      [
        'dynamodb:DeleteItem', // task tokens: a signal takes its token
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Scan', // the board's list, as the API's
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'kms:ReEncrypt*',
        'logs:CreateLogStream', // its own log group
        'logs:PutLogEvents',
        'sms-voice:SendTextMessage',
        'sns:Publish',
        'states:SendTaskSuccess',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const phones = synth.logicalId(synth.stack.texts.phones);
    const onPhones = roleStatements().filter((statement) => refersTo(statement.Resource, phones));
    expect(onPhones.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    const sends = roleStatements().filter((statement) => actionsOf(statement).includes('sms-voice:SendTextMessage'));
    expect(JSON.stringify(sends.map((statement) => statement.Resource))).not.toContain('"*"');
  });

  it('is watched: an error raises the InboundTextErrors alarm', () => {
    const alarms = Object.values(synth.resources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties!);
    expect(alarms.some((alarm) => alarm.MetricName === 'Errors' && refersTo(alarm.Dimensions, handlerId()))).toBe(true);
  });
});

describe('check-in reminders by text on AWS', () => {
  it('reach the text Lambda from the alerts topic, the reminders alone, undeliverable ones kept in the alerts dead-letter queue', () => {
    const alertsTopic = synth.logicalId(synth.stack.alerts.topic);
    const ours = Object.values(synth.resources('AWS::SNS::Subscription'))
      .map((subscription) => subscription.Properties!)
      .filter((subscription) => refersTo(subscription.TopicArn, alertsTopic) && subscription.Protocol === 'lambda' && refersTo(subscription.Endpoint, handlerId()));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.FilterPolicy).toEqual({ kind: ['check-in-reminder'] });
    expect(refersTo(ours[0]!.RedrivePolicy, synth.logicalId(synth.stack.alerts.deadLetterQueue))).toBe(true);
  });

  it('may query the registered mobiles by member of staff through the index alone', () => {
    const phones = synth.logicalId(synth.stack.texts.phones);
    const queries = roleStatements().filter((statement) => refersTo(statement.Resource, phones) && actionsOf(statement).includes('dynamodb:Query'));
    expect(queries).toHaveLength(1);
    expect(JSON.stringify(queries[0]!.Resource)).toContain(`/index/${PHONES_BY_USER}`);
  });
});

describe('the registered mobiles', () => {
  it('are a retained, encrypted table keyed by number with an index by member of staff', () => {
    const table = synth.resources('AWS::DynamoDB::GlobalTable')[synth.logicalId(synth.stack.texts.phones)]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: PHONE_NUMBER, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [expect.objectContaining({ IndexName: PHONES_BY_USER })],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
  });
});

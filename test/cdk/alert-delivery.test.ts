import { beforeAll, describe, expect, it } from 'vitest';
import { ALERTING_EVENT_TYPES } from '../../functions/core/alerts';
import { PUBLISHED_EVENT_TYPES } from '../../functions/alerts/stream-publisher';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The alert outbox on AWS: the event table's stream, its trigger, the publisher behind it, its ledger and where failures go. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const roleOf = (fn: { role?: unknown }) => synth.logicalId(fn.role as never);
const mapping = () => {
  const mappings = Object.values(synth.resources('AWS::Lambda::EventSourceMapping')).map((resource) => resource.Properties!);
  expect(mappings).toHaveLength(1);
  return mappings[0]!;
};
const alarms = () => Object.values(synth.resources('AWS::CloudWatch::Alarm')).map((resource) => resource.Properties!);
const mappingAlarm = (metricName: string) =>
  alarms().filter(
    (alarm) =>
      alarm.MetricName === metricName &&
      JSON.stringify(alarm.Dimensions) === JSON.stringify([{ Name: 'EventSourceMappingUUID', Value: { Ref: synth.logicalId(synth.stack.alertDelivery.node.findChild('Publisher').node.findAll().find((c) => c.node.id.startsWith('DynamoDBEventSource'))!) } }]),
  );

describe('the alert trigger (the event table stream to the publisher)', () => {
  it('reads every append from the oldest record still in the stream, the ledger keeping a re-created trigger from sending anything twice', () => {
    expect(mapping()).toMatchObject({
      FunctionName: { Ref: synth.logicalId(synth.stack.alertDelivery.publisher) },
      EventSourceArn: { 'Fn::GetAtt': [synth.logicalId(synth.stack.eventTable), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
    });
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('retries a failing record in order until it nears the stream\'s 24 hours, then writes the records themselves to the failure bucket', () => {
    expect(mapping()).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 23 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [synth.logicalId(synth.stack.alertDelivery.failureBucket), 'Arn'] } } },
    });
  });

  it('lets through only inserts holding an alerting event type (the list alertsFor switches over), or written before appends stored their types, or operations\' canary', () => {
    const { FilterCriteria } = mapping() as { FilterCriteria: { Filters: { Pattern: string }[] } };
    expect(FilterCriteria.Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { types: { SS: [...PUBLISHED_EVENT_TYPES] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { types: { SS: [{ exists: false }] } } } },
      { eventName: ['INSERT'], dynamodb: { Keys: { streamId: { S: ['#canary'] } } } },
    ]);
    expect(ALERTING_EVENT_TYPES).not.toContain('HistoryRead');
    // A call for help on a damaged record is appended to its own stream, under its own type: it must pass too.
    expect(PUBLISHED_EVENT_TYPES).toContain('PanicOnDamagedRecord');
  });

  it('publishes its own event counts, so silence, drops and give-ups are seen', () => {
    expect(mapping()).toMatchObject({ MetricsConfig: { Metrics: ['EventCount'] } });
  });
});

describe('the alert publisher', () => {
  it('is the only function that may publish a visit\'s alerts; the API and the workflow steps only append', () => {
    const topic = synth.logicalId(synth.stack.alerts.topic);
    const publishers = policyStatements(synth.template)
      .filter((statement) => refersTo(statement.Resource, topic) && actionsOf(statement).includes('sns:Publish'))
      .flatMap((statement) => statement.roles);
    // The text Lambda tells the office of a mobile locked after wrong codes, a notice about the phone
    // that no event records (lib/sms.ts): the one publisher beside the table's stream.
    expect(publishers.sort()).toEqual([roleOf(synth.stack.alertDelivery.publisher), roleOf(synth.stack.texts.handler)].sort());
  });

  it('may read the event stream and its events, never write them', () => {
    const role = roleOf(synth.stack.alertDelivery.publisher);
    const events = synth.logicalId(synth.stack.eventTable);
    const actions = policyStatements(synth.template)
      .filter((statement) => statement.roles.includes(role) && refersTo(statement.Resource, events))
      .flatMap(actionsOf);
    expect([...new Set(actions)].sort()).toEqual(
      ['dynamodb:DescribeStream', 'dynamodb:GetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'dynamodb:Query'].sort(),
    );
  });

  it('may look up and remember sent messages and hold appends in its ledger, never update or delete them', () => {
    const role = roleOf(synth.stack.alertDelivery.publisher);
    const ledger = synth.logicalId(synth.stack.alertDelivery.ledger);
    const actions = policyStatements(synth.template)
      .filter((statement) => statement.roles.includes(role) && refersTo(statement.Resource, ledger))
      .flatMap(actionsOf);
    expect([...new Set(actions)].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('may only put into the failure bucket and list it, never read back or delete what failed', () => {
    const role = roleOf(synth.stack.alertDelivery.publisher);
    const bucket = synth.logicalId(synth.stack.alertDelivery.failureBucket);
    const actions = policyStatements(synth.template)
      .filter((statement) => statement.roles.includes(role) && refersTo(statement.Resource, bucket))
      .flatMap(actionsOf);
    expect(actions).toContain('s3:PutObject');
    expect(actions).toContain('s3:ListBucket');
    expect(actions.filter((action) => /^s3:(Get|Delete)/.test(action))).toEqual([]);
  });
});

describe('what failed, kept for re-drive', () => {
  it('keeps the ledger encrypted with the trust key, expiring sent entries by TTL', () => {
    const ledger = synth.resources('AWS::DynamoDB::GlobalTable')[synth.logicalId(synth.stack.alertDelivery.ledger)]!.Properties!;
    expect(ledger).toMatchObject({
      KeySchema: [
        { AttributeName: 'kind', KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [expect.objectContaining({ SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] } }, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('keeps the failure bucket private, TLS only, encrypted with the trust key, for 30 days', () => {
    const bucket = synth.resources('AWS::S3::Bucket')[synth.logicalId(synth.stack.alertDelivery.failureBucket)]!.Properties!;
    expect(bucket).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] } } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    const policy = Object.values(synth.resources('AWS::S3::BucketPolicy')).find((resource) => refersTo(resource.Properties!.Bucket, synth.logicalId(synth.stack.alertDelivery.failureBucket)));
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
  });
});

describe('the alarms on alert delivery', () => {
  it.each([
    ['FailedInvokeEventCount', 'a record being retried'],
    ['OnFailureDestinationDeliveredEventCount', 'records given up on, in the bucket'],
    ['DroppedEventCount', 'records dropped'],
  ])("watch the trigger's %s (%s) on the first occurrence", (metricName) => {
    expect(mappingAlarm(metricName)).toEqual([expect.objectContaining({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' })]);
  });

  it('fire when the trigger goes quiet: a disabled or stalled mapping emits no PolledEventCount, and missing data counts', () => {
    expect(mappingAlarm('PolledEventCount')).toEqual([
      expect.objectContaining({ Statistic: 'SampleCount', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', EvaluationPeriods: 2 }),
    ]);
  });

  it('watch the publisher for throttles and for failed writes to the failure bucket', () => {
    const publisher = synth.logicalId(synth.stack.alertDelivery.publisher);
    for (const metricName of ['Throttles', 'DestinationDeliveryFailures', 'Errors']) {
      expect(alarms().filter((alarm) => alarm.MetricName === metricName && refersTo(alarm.Dimensions, publisher)), metricName).toHaveLength(1);
    }
  });

  it('hear of an append set aside, by the metric the publisher writes, and say where its visit is named', () => {
    const held = alarms().filter((alarm) => alarm.Namespace === 'HomeVisits' && alarm.MetricName === 'AlertsHeld');
    expect(held).toEqual([expect.objectContaining({ Dimensions: [{ Name: 'Stack', Value: synth.stack.stackName }], Threshold: 1 })]);
    expect(held[0]!.AlarmDescription).toContain('npm run redrive -- --trust');
  });
});

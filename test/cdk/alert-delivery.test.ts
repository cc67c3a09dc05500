import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The alert outbox on AWS: the event table's stream, the publisher behind it, and where failures go. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const roleOf = (fn: { role?: unknown }) => synth.logicalId(fn.role as never);

describe('the alert publisher', () => {
  it('reads every append from the event table stream, oldest first, retrying from the record that failed and sending what still fails to its failure queue', () => {
    const { publisher, failureQueue } = synth.stack.alertDelivery;
    const mappings = Object.values(synth.resources('AWS::Lambda::EventSourceMapping')).map((resource) => resource.Properties!);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({
      FunctionName: { Ref: synth.logicalId(publisher) },
      EventSourceArn: { 'Fn::GetAtt': [synth.logicalId(synth.stack.eventTable), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [synth.logicalId(failureQueue), 'Arn'] } } },
    });
    synth.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('is the only function that may publish alerts; the API and the workflow steps only append', () => {
    const topic = synth.logicalId(synth.stack.alerts.topic);
    const publishers = policyStatements(synth.template)
      .filter((statement) => refersTo(statement.Resource, topic) && actionsOf(statement).includes('sns:Publish'))
      .flatMap((statement) => statement.roles);
    expect(publishers).toEqual([roleOf(synth.stack.alertDelivery.publisher)]);
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

  it('keeps its failures encrypted with the trust key, and an alarm fires when one is there', () => {
    const queue = synth.logicalId(synth.stack.alertDelivery.failureQueue);
    synth.template.hasResourceProperties('AWS::SQS::Queue', {});
    const properties = synth.resources('AWS::SQS::Queue')[queue]!.Properties!;
    expect(properties).toMatchObject({ KmsMasterKeyId: { 'Fn::GetAtt': [synth.logicalId(synth.stack.key), 'Arn'] } });
    const alarms = Object.values(synth.resources('AWS::CloudWatch::Alarm')).map((resource) => resource.Properties!);
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }] }),
    );
    expect(alarms).toContainEqual(expect.objectContaining({ MetricName: 'IteratorAge', Threshold: 60_000 }));
  });
});

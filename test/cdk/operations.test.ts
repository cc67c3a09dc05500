import { beforeAll, describe, expect, it } from 'vitest';
import { STEP_NAMES } from '../../lib/step-functions';
import { refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** Alarms on what must never go unnoticed, all notifying the operations topic. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

interface Alarm {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: Array<{ Name: string; Value: unknown }>;
  readonly AlarmActions: unknown[];
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly TreatMissingData: string;
  readonly EvaluationPeriods: number;
}
const alarms = () => Object.values(synth.resources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties as unknown as Alarm);
const alarmOn = (namespace: string, metric: string, logicalId: string) =>
  alarms().filter((alarm) => alarm.Namespace === namespace && alarm.MetricName === metric && refersTo(alarm.Dimensions, logicalId));

describe('the alarms', () => {
  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])('watch the visit workflow for %s', (metric) => {
    expect(alarmOn('AWS/States', metric, synth.logicalId(synth.stack.workflow.stateMachine))).toHaveLength(1);
  });

  it('watch alert delivery: SNS failures, failed redrives, and messages waiting in the dead-letter queue', () => {
    const topic = synth.logicalId(synth.stack.alerts.topic);
    expect(alarmOn('AWS/SNS', 'NumberOfNotificationsFailed', topic)).toHaveLength(1);
    expect(alarmOn('AWS/SNS', 'NumberOfNotificationsFailedToRedriveToDlq', topic)).toHaveLength(1);
    expect(alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', synth.logicalId(synth.stack.alerts.deadLetterQueue))).toHaveLength(1);
  });

  it('watch every Lambda for errors, and the API for 5xx', () => {
    for (const fn of [...STEP_NAMES.map((name) => synth.stack.steps[name]), synth.stack.api.handler, synth.stack.api.reportHandler, synth.stack.reconciler.handler, synth.stack.texts.handler]) {
      expect(alarmOn('AWS/Lambda', 'Errors', synth.logicalId(fn))).toHaveLength(1);
    }
    expect(alarms().filter((alarm) => alarm.Namespace === 'AWS/ApiGateway' && alarm.MetricName === '5XXError')).toHaveLength(1);
  });

  it('all but the silence alarms fire on the first occurrence, treat silence as fine, and notify the operations topic', () => {
    const ops = synth.logicalId(synth.stack.operations.topic);
    // Executions; SNS delivery; the alert publisher and its trigger (errors, retrying, throttles, held,
    // given up, dropped, not kept, silent, lag); the alert canary (silent, late); every step's errors;
    // the API (its two handlers, 5xx, damaged records); a visit the workflow can no longer watch; the
    // reconciler's errors; throttled state transitions; the inbound texts' errors.
    expect(alarms().length).toBe(3 + 3 + 9 + 2 + STEP_NAMES.length + 4 + 1 + 1 + 1 + 1);
    const silence = (alarm: { ComparisonOperator?: unknown }) => alarm.ComparisonOperator === 'LessThanThreshold';
    expect(alarms().filter(silence).map((alarm) => alarm.MetricName).sort()).toEqual(['AlertCanaryDelay', 'PolledEventCount']);
    for (const alarm of alarms().filter((candidate) => !silence(candidate))) {
      expect(alarm).toMatchObject({
        // Alerts published, or a canary arriving, a minute or more after it was written (the stream's
        // iterator age is in ms, the canary's delay in seconds); the rest on the first occurrence.
        Threshold: alarm.MetricName === 'IteratorAge' ? 60_000 : alarm.MetricName === 'AlertCanaryDelay' ? 60 : 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: ops }],
      });
    }
  });
});

describe('the operations topic', () => {
  it('is encrypted with its own key, which CloudWatch (this account) may use to publish', () => {
    const topic = synth.resources('AWS::SNS::Topic')[synth.logicalId(synth.stack.operations.topic)]!;
    const keyId = (topic.Properties!.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(keyId).not.toBe(synth.logicalId(synth.stack.key));
    const key = synth.resources('AWS::KMS::Key')[keyId]!;
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect((key.Properties!.KeyPolicy as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
  });

  it('has the operations subscriptions of the trust config', () => {
    const ops = synth.logicalId(synth.stack.operations.topic);
    const subscriptions = Object.values(synth.resources('AWS::SNS::Subscription'))
      .map((s) => s.Properties as { TopicArn: unknown; Protocol: string; Endpoint: string })
      .filter((s) => refersTo(s.TopicArn, ops))
      .map(({ Protocol, Endpoint }) => ({ protocol: Protocol, endpoint: Endpoint }));
    expect(subscriptions).toEqual(synth.trust.config.operations.subscriptions);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The alert path canary (lib/alert-canary.ts) as synthesised: what runs it, what it may touch, and its alarms. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const roleOf = (fn: { role?: unknown }) => synth.logicalId(fn.role as never);
const alarm = (id: string) => synth.resources('AWS::CloudWatch::Alarm')[synth.logicalId(synth.stack.operations.node.findChild(id))]!.Properties!;
const operationsTopic = () => ({ Ref: synth.logicalId(synth.stack.operations.topic) });

describe('the alert path canary', () => {
  it('is sent every minute by EventBridge Scheduler, under a role that may invoke the sender only, never retried late', () => {
    const schedules = Object.values(synth.resources('AWS::Scheduler::Schedule')).map((resource) => resource.Properties!);
    const canary = schedules.filter((schedule) => refersTo((schedule.Target as { Arn: unknown }).Arn, synth.logicalId(synth.stack.canary.sender)));
    expect(canary).toEqual([
      expect.objectContaining({
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Target: expect.objectContaining({ RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 } }),
      }),
    ]);
    const role = (canary[0]!.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }).RoleArn['Fn::GetAtt'][0];
    const actions = policyStatements(synth.template).filter((statement) => statement.roles.includes(role));
    expect(actions.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
    expect(actions.every((statement) => refersTo(statement.Resource, synth.logicalId(synth.stack.canary.sender)))).toBe(true);
  });

  it('writes its ping to the event table only in its own partition, and may not read visits or publish', () => {
    const role = roleOf(synth.stack.canary.sender);
    const statements = policyStatements(synth.template).filter((statement) => statement.roles.includes(role));
    const onTable = statements.filter((statement) => refersTo(statement.Resource, synth.logicalId(synth.stack.eventTable)));
    expect(onTable).toEqual([
      expect.objectContaining({ Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'], Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['#canary'] } } }),
    ]);
    expect(statements.flatMap(actionsOf).filter((action) => /^(sns|states|s3):|dynamodb:(Query|GetItem|Scan)/.test(action))).toEqual([]);
  });

  it('is received by operations\' own Lambda subscription on the alerts topic, canaries only', () => {
    const lambdas = Object.values(synth.resources('AWS::SNS::Subscription'))
      .map((resource) => resource.Properties!)
      .filter((subscription) => subscription.Protocol === 'lambda' && refersTo(subscription.Endpoint, synth.logicalId(synth.stack.canary.receiver)));
    expect(lambdas).toEqual([
      expect.objectContaining({
        TopicArn: { Ref: synth.logicalId(synth.stack.alerts.topic) },
        Endpoint: { 'Fn::GetAtt': [synth.logicalId(synth.stack.canary.receiver), 'Arn'] },
        FilterPolicy: { kind: ['canary'] },
      }),
    ]);
    // The receiver only writes its metric line: no grant beyond its own log group.
    const role = roleOf(synth.stack.canary.receiver);
    expect(policyStatements(synth.template).filter((statement) => statement.roles.includes(role)).flatMap(actionsOf).filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))).toEqual([]);
  });

  it('alarms operations when no canary has arrived for three minutes, missing data counting as silence', () => {
    expect(alarm('AlertCanarySilent')).toMatchObject({
      Namespace: 'HomeVisits',
      MetricName: 'AlertCanaryDelay',
      Dimensions: [{ Name: 'Stack', Value: synth.stack.stackName }],
      Statistic: 'SampleCount',
      Period: 60,
      EvaluationPeriods: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [operationsTopic()],
    });
  });

  it('alarms operations when a canary took a minute or more', () => {
    expect(alarm('AlertCanaryLate')).toMatchObject({
      MetricName: 'AlertCanaryDelay',
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 60,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [operationsTopic()],
    });
  });
});

describe('the account\'s shared Step Functions quota', () => {
  it('alarms when state transitions are throttled (shared by every state machine in the region, reduced on new accounts)', () => {
    expect(alarm('StateTransitionsThrottled')).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ThrottledEvents',
      Dimensions: [{ Name: 'ServiceMetric', Value: 'StateTransition' }],
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [operationsTopic()],
    });
  });
});

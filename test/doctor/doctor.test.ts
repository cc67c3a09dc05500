import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  ListSMSSandboxPhoneNumbersCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { peakNeeds } from '../../bin/doctor/checks';
import { runDoctor } from '../../bin/doctor/run';
import { loadTrust, type TrustConfig } from '../../policies/load';

/**
 * `npm run doctor` against a deployed sample trust, AWS mocked at the SDK: the stack's outputs,
 * its two topics' subscriptions, the account's SMS settings and the user pool's email sender.
 */

const REGION = 'eu-west-2';
const ALERTS = 'arn:aws:sns:eu-west-2:123456789012:HomeVisits-sample-trust-AlertsTopic';
const OPERATIONS = 'arn:aws:sns:eu-west-2:123456789012:HomeVisits-sample-trust-OperationsTopic';
const USER_POOL = 'eu-west-2_AbCdEf123';
const NOW = new Date('2026-12-07T08:00:00Z');

const cloudFormation = mockClient(CloudFormationClient);
const sns = mockClient(SNSClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const lambda = mockClient(LambdaClient);
const cloudWatch = mockClient(CloudWatchClient);
// The test process goes on to other files: give the SDK's clients back.
afterAll(() => [cloudFormation, sns, cognito, lambda, cloudWatch].forEach((mock) => mock.restore()));
const sample = loadTrust('sample-trust').config;

beforeEach(() => {
  cloudFormation.reset();
  sns.reset();
  cognito.reset();
  lambda.reset();
  cloudWatch.reset();
  // An established account: the default 1,000 concurrent executions, and no state machine run yet.
  lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  cloudWatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [] });
  cloudFormation.on(DescribeStacksCommand, { StackName: 'HomeVisits-sample-trust' }).resolves({
    Stacks: [
      {
        StackName: 'HomeVisits-sample-trust',
        StackStatus: 'CREATE_COMPLETE',
        CreationTime: new Date('2026-12-01T09:00:00Z'),
        Outputs: [
          { OutputKey: 'ApiUrl', OutputValue: 'https://abc.execute-api.eu-west-2.amazonaws.com/prod/' },
          { OutputKey: 'AlertsTopicArn', OutputValue: ALERTS },
          { OutputKey: 'OperationsTopicArn', OutputValue: OPERATIONS },
          { OutputKey: 'UserPoolId', OutputValue: USER_POOL },
        ],
      },
    ],
  });
});

type Listed = { protocol: string; endpoint: string; pending?: boolean };

/** The topics' subscriptions as SNS lists them; `pending` ones carry the ARN `PendingConfirmation`. */
function topics(alerts: readonly Listed[], operations: readonly Listed[]) {
  const listing = (topicArn: string, subscriptions: readonly Listed[]) =>
    subscriptions.map((s, index) => ({
      TopicArn: topicArn,
      Protocol: s.protocol,
      Endpoint: s.endpoint,
      SubscriptionArn: s.pending ? 'PendingConfirmation' : `${topicArn}:0000000${index}`,
    }));
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: ALERTS }).resolves({ Subscriptions: listing(ALERTS, alerts) });
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: OPERATIONS }).resolves({ Subscriptions: listing(OPERATIONS, operations) });
}

function smsAccount(settings: { inSandbox: boolean; spendLimit?: string; verified?: string[] }) {
  sns.on(GetSMSSandboxAccountStatusCommand).resolves({ IsInSandbox: settings.inSandbox });
  sns.on(GetSMSAttributesCommand).resolves({ attributes: settings.spendLimit === undefined ? {} : { MonthlySpendLimit: settings.spendLimit } });
  sns.on(ListSMSSandboxPhoneNumbersCommand).resolves({ PhoneNumbers: (settings.verified ?? []).map((PhoneNumber) => ({ PhoneNumber, Status: 'Verified' })) });
}

function userPoolSender(sender: 'COGNITO_DEFAULT' | 'DEVELOPER' | 'none') {
  cognito.on(DescribeUserPoolCommand, { UserPoolId: USER_POOL }).resolves({
    UserPool: {
      Id: USER_POOL,
      ...(sender === 'none'
        ? {}
        : { EmailConfiguration: sender === 'DEVELOPER' ? { EmailSendingAccount: 'DEVELOPER', From: 'Home visits <no-reply@sample-trust.example.org>' } : { EmailSendingAccount: 'COGNITO_DEFAULT' } }),
    },
  });
}

async function doctor(config: TrustConfig = sample) {
  const out: string[] = [];
  const err: string[] = [];
  const clients = {
    cloudFormation: new CloudFormationClient({ region: REGION }),
    sns: new SNSClient({ region: REGION }),
    cognito: new CognitoIdentityProviderClient({ region: REGION }),
    lambda: new LambdaClient({ region: REGION }),
    cloudWatch: new CloudWatchClient({ region: REGION }),
    now: () => NOW,
  };
  const code = await runDoctor(config, { region: REGION, clients }, { out: (text) => out.push(text), err: (text) => err.push(text) });
  const text = out.join('\n');
  return { code, out: text, err: err.join('\n'), codes: [...text.matchAll(/^\d+\. \[([a-z-]+)\]/gm)].map((m) => m[1]) };
}

const configured = (config: TrustConfig) => ({
  alerts: config.alerts.subscriptions.map(({ protocol, endpoint }) => ({ protocol, endpoint })),
  operations: config.operations.subscriptions.map(({ protocol, endpoint }) => ({ protocol, endpoint })),
});

describe('npm run doctor after a first deploy', () => {
  it('names every pending subscription, the SMS sandbox, an unverified number, the $1 limit and Cognito\'s sender, and exits 1', async () => {
    const { alerts, operations } = configured(sample);
    // SMS needs no confirmation; email and HTTPS do. Someone also subscribed a personal address in the console.
    topics(
      [...alerts.map((s) => ({ ...s, pending: s.protocol !== 'sms' })), { protocol: 'email', endpoint: 'jane.doe@mail.example.com', pending: true }],
      operations.map((s) => ({ ...s, pending: true })),
    );
    smsAccount({ inSandbox: true });
    userPoolSender('COGNITO_DEFAULT');

    const ran = await doctor();

    expect(ran.code).toBe(1);
    expect(ran.err).toBe('');
    expect(ran.codes).toEqual([
      ...Array(9).fill('subscription-pending'),
      'subscription-pending',
      'topic-unheard',
      'sms-sandbox',
      'sms-number-unverified',
      'sms-spend-limit',
      'cognito-default-sender',
    ]);
    expect(ran.out).toContain('alerts topic: dsl email safeguarding@sample-trust.example.org has not confirmed its subscription');
    expect(ran.out).toContain('alerts topic: slt https https://alerts.example.org/home-visits/slt has not confirmed');
    expect(ran.out).toContain('operations topic: email it-ops@sample-trust.example.org has not confirmed its subscription, so it receives no alarms');
    expect(ran.out).toContain('operations topic: no subscription is confirmed, so an alarm (a visit no longer timed) reaches nobody');
    expect(ran.out).toContain('dsl sms +447700900123 is not a verified sandbox destination');
    expect(ran.out).toContain('SNS may spend $1 a month on texts in eu-west-2 (the default)');
    expect(ran.out).toContain(`User pool ${USER_POOL} sends invitations and password resets with Cognito's built-in sender`);
    // What the config does not hold is masked.
    expect(ran.out).toContain('email j…@mail.example.com (not in the trust config)');
    expect(ran.out).not.toContain('jane.doe');
    expect(ran.out.match(/^ {3}What to do: /gm)).toHaveLength(ran.codes.length);
  });

  it('says all clear and exits 0 once everything is confirmed, texts are out of the sandbox and Cognito sends through SES', async () => {
    const { alerts, operations } = configured(sample);
    topics(alerts, operations);
    smsAccount({ inSandbox: false, spendLimit: '50' });
    userPoolSender('DEVELOPER');

    const ran = await doctor();

    expect(ran).toMatchObject({ code: 0, err: '', codes: [] });
    expect(ran.out).toContain('HomeVisits-sample-trust in eu-west-2: all clear.');
    expect(ran.out).toContain('alerts topic: 9 confirmed subscriptions; operations topic: 1.');
    expect(ran.out).toContain('spend limit $50 a month');
    expect(sns.commandCalls(ListSMSSandboxPhoneNumbersCommand)).toHaveLength(0);
  });

  it('leaves SMS alone when the trust sends no texts', async () => {
    const emailOnly = { ...sample, alerts: { subscriptions: sample.alerts.subscriptions.filter((s) => s.protocol !== 'sms') } };
    const { alerts, operations } = configured(emailOnly);
    topics(alerts, operations);
    userPoolSender('DEVELOPER');

    const ran = await doctor(emailOnly);

    expect(ran.code).toBe(0);
    expect(sns.commandCalls(GetSMSSandboxAccountStatusCommand)).toHaveLength(0);
    expect(sns.commandCalls(GetSMSAttributesCommand)).toHaveLength(0);
  });

  it('names a configured subscription the topic no longer has (unsubscribed, or its confirmation expired)', async () => {
    const { alerts, operations } = configured(sample);
    topics(
      alerts.filter((s) => s.endpoint !== 'head@wna.example.org'),
      operations,
    );
    smsAccount({ inSandbox: false, spendLimit: '20' });
    userPoolSender('DEVELOPER');

    const ran = await doctor();

    expect(ran.code).toBe(1);
    expect(ran.codes).toEqual(['subscription-missing']);
    expect(ran.out).toContain('alerts topic: headteacher email head@wna.example.org is in the trust config but not subscribed');
  });

  it('tells a trust whose config names an SES sender, but whose pool was deployed before it, to deploy', async () => {
    const withSes = { ...sample, cognito: { ses: { fromEmail: 'no-reply@sample-trust.example.org' } } };
    const { alerts, operations } = configured(withSes);
    topics(alerts, operations);
    smsAccount({ inSandbox: false, spendLimit: '20' });
    userPoolSender('none');

    const ran = await doctor(withSes);

    expect(ran.codes).toEqual(['cognito-ses-not-deployed']);
    expect(ran.out).toContain('npx cdk deploy -c trust=sample-trust HomeVisits-sample-trust');
  });
});

describe('npm run doctor when it cannot look', () => {
  it('exits 3 naming the stack when it is not deployed there', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id HomeVisits-sample-trust does not exist'), { name: 'ValidationError' }));

    const ran = await doctor();

    expect(ran).toMatchObject({ code: 3, out: '' });
    expect(ran.err).toContain('HomeVisits-sample-trust is not deployed in eu-west-2');
  });

  it('exits 3 when AWS cannot be reached or the credentials are missing', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));

    const ran = await doctor();

    expect(ran).toMatchObject({ code: 3, out: '' });
    expect(ran.err).toContain('cloudformation DescribeStacks failed: CredentialsProviderError: Could not load credentials from any providers');
  });

  it('exits 3 when a call after the stack is refused', async () => {
    topics([], []);
    cognito.on(DescribeUserPoolCommand).rejects(Object.assign(new Error('not authorized to perform: cognito-idp:DescribeUserPool'), { name: 'AccessDeniedException' }));

    const ran = await doctor({ ...sample, alerts: { subscriptions: [] }, operations: { subscriptions: [] } });

    expect(ran.code).toBe(3);
    expect(ran.err).toContain('cognito-idp DescribeUserPool failed: AccessDeniedException');
  });
});

describe('npm run doctor on a new account', () => {
  it('names Lambda concurrency below what the schools’ morning peak needs, and says what state transitions it needs', async () => {
    const { alerts, operations } = configured(sample);
    topics(alerts, operations);
    smsAccount({ inSandbox: false, spendLimit: '50' });
    userPoolSender('DEVELOPER');
    const many = { ...sample, schools: Array.from({ length: 60 }, (_, i) => `school-${i}`) };
    const need = peakNeeds(many.schools.length);
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } });

    const { code, codes, out } = await doctor(many);

    expect(need.lambdaConcurrency).toBeGreaterThan(10);
    expect(code).toBe(1);
    expect(codes).toEqual(['lambda-concurrency-low']);
    expect(out).toContain(`need about ${need.lambdaConcurrency}`);
    expect(out).toContain(`about ${need.transitionsPerSecond.toFixed(1)} a second`);

    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 900 } });
    expect(await doctor(many)).toMatchObject({ code: 0, codes: [] });
  });

  it('reads the state-transition refill rate Step Functions published in the last day, and names one below the schools\' peak', async () => {
    const { alerts, operations } = configured(sample);
    topics(alerts, operations);
    smsAccount({ inSandbox: false, spendLimit: '50' });
    userPoolSender('DEVELOPER');
    const many = { ...sample, schools: Array.from({ length: 400 }, (_, i) => `school-${i}`) };
    const need = peakNeeds(many.schools.length).transitionsPerSecond;
    const hourAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
    // A new account's reduced rate now; an older, higher datapoint must not hide it.
    cloudWatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Timestamp: hourAgo(5), Maximum: 5000 }, { Timestamp: hourAgo(1), Maximum: 1 }] });

    const { code, codes, out } = await doctor(many);

    expect(need).toBeGreaterThan(1);
    expect(code).toBe(1);
    expect(codes).toEqual(['state-transitions-low']);
    expect(out).toContain(`refills 1 state transitions a second in ${REGION}`);
    expect(cloudWatch.commandCalls(GetMetricStatisticsCommand)[0]!.args[0].input).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ProvisionedRefillRate',
      Dimensions: [{ Name: 'ServiceMetric', Value: 'StateTransition' }],
      StartTime: hourAgo(24),
      EndTime: NOW,
    });

    cloudWatch.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Timestamp: hourAgo(1), Maximum: 5000 }] });
    const enough = await doctor(many);
    expect(enough).toMatchObject({ code: 0, codes: [] });
    expect(enough.out).toContain(`state transitions: 5000 a second; the morning peak needs about ${need.toFixed(1)}`);
  });
});

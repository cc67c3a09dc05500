import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type CognitoIdentityProviderClient, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  ListSMSSandboxPhoneNumbersCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { GetAccountSettingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { type CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { STACK_OUTPUTS as STACK_OUTPUT_NAMES } from '../../lib/stack-outputs';
import { DescribePhoneNumbersCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { DEFAULT_SMS_SPEND_LIMIT_USD, type CapacityFacts, type Facts, type SmsFacts, type TextNumberFacts, type TopicFacts, type TopicSubscription } from './checks';

/** The SDK clients the doctor reads with, each already set to the stack's region (tests pass mocked ones). */
export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly sns: SNSClient;
  readonly cognito: CognitoIdentityProviderClient;
  /** Reads the account's Lambda concurrency. @default not read */
  readonly lambda?: LambdaClient;
  /** Reads Step Functions' state-transition refill rate (with `lambda`). @default not read */
  readonly cloudWatch?: CloudWatchClient;
  /** When the doctor runs, for the metric's window. @default the system clock */
  readonly now?: () => Date;
  /** Reads the account's End User Messaging numbers (the trust's two-way number for texts). @default not read */
  readonly textMessaging?: PinpointSMSVoiceV2Client;
}

/** The stack outputs the doctor starts from, by their names in lib/home-visits-stack.ts. */
export const STACK_OUTPUTS = { alertsTopicArn: 'AlertsTopicArn', operationsTopicArn: 'OperationsTopicArn', userPoolId: 'UserPoolId' } as const;
type StackOutputs = Record<keyof typeof STACK_OUTPUTS, string> & { readonly inboundTextsTopicArn?: string };
/** Read when present: a stack deployed before texts has none. */
const INBOUND_TEXTS_OUTPUT = STACK_OUTPUT_NAMES.inboundTextsTopic;

/** The trust's stack is not in this account and region (never deployed, deleted, or another region). */
export class StackNotFoundError extends Error {
  override readonly name = 'StackNotFoundError';
  constructor(
    readonly stackName: string,
    readonly region: string,
    options?: { cause?: unknown },
  ) {
    super(`${stackName} is not deployed in ${region} for these credentials: deploy it first (npx cdk deploy), or name its region with --region.`, options);
  }
}

/** A call the doctor needs failed (no credentials, no network, access denied, a stack without its outputs): nothing can be said. */
export class AwsUnavailableError extends Error {
  override readonly name = 'AwsUnavailableError';
  constructor(
    readonly call: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${call} failed: ${detail}`, options);
  }
}

/** Everything the checks need, read from the account: the stack's outputs, then its topics, SMS settings and user pool. */
export async function fetchFacts(
  clients: AwsClients,
  target: { readonly stackName: string; readonly region: string },
  /** Read the account's SMS settings even if no topic lists a phone (the config names one). */
  options: { readonly sms?: boolean } = {},
): Promise<Facts> {
  const outputs = await stackOutputs(clients.cloudFormation, target);
  const alerts = await topicFacts(clients.sns, outputs.alertsTopicArn);
  const operations = await topicFacts(clients.sns, outputs.operationsTopicArn);
  const texts = options.sms || [alerts, operations].some((topic) => topic.subscriptions.some((s) => s.protocol === 'sms'));
  const sms = texts ? await smsFacts(clients.sns) : undefined;
  const userPool = await call('cognito-idp DescribeUserPool', () => clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: outputs.userPoolId })));
  const email = userPool.UserPool?.EmailConfiguration;
  const capacity = clients.lambda ? await capacityFacts(clients.lambda, clients) : undefined;
  const textNumbers = clients.textMessaging && outputs.inboundTextsTopicArn ? await textNumberFacts(clients.textMessaging, outputs.inboundTextsTopicArn) : undefined;
  return {
    ...(capacity ? { capacity } : {}),
    ...(textNumbers ? { textNumbers } : {}),
    ...target,
    alerts,
    operations,
    ...(sms ? { sms } : {}),
    userPool: {
      id: outputs.userPoolId,
      // No EmailConfiguration at all is Cognito's built-in sender too.
      sender: email?.EmailSendingAccount === 'DEVELOPER' ? 'DEVELOPER' : 'COGNITO_DEFAULT',
      ...(email?.From ? { from: email.From } : {}),
    },
  };
}

async function stackOutputs(cloudFormation: CloudFormationClient, { stackName, region }: { stackName: string; region: string }): Promise<StackOutputs> {
  let stacks;
  try {
    ({ Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    // CloudFormation answers a stack it does not have with a ValidationError "Stack with id … does not exist".
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) {
      throw new StackNotFoundError(stackName, region, { cause: error });
    }
    throw unavailable('cloudformation DescribeStacks', error);
  }
  const stack = stacks?.[0];
  if (!stack) throw new StackNotFoundError(stackName, region);
  const outputs = new Map((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  const missing = Object.values(STACK_OUTPUTS).filter((name) => !outputs.get(name));
  if (missing.length > 0) {
    throw new AwsUnavailableError(
      'cloudformation DescribeStacks',
      `${stackName} (${stack.StackStatus}) has no output ${missing.join(', ')}: deploy it again (a first deploy that rolled back must be deleted first).`,
    );
  }
  const value = (name: string) => outputs.get(name) as string;
  return {
    alertsTopicArn: value(STACK_OUTPUTS.alertsTopicArn),
    operationsTopicArn: value(STACK_OUTPUTS.operationsTopicArn),
    userPoolId: value(STACK_OUTPUTS.userPoolId),
    ...(outputs.get(INBOUND_TEXTS_OUTPUT) ? { inboundTextsTopicArn: value(INBOUND_TEXTS_OUTPUT) } : {}),
  };
}

async function textNumberFacts(client: PinpointSMSVoiceV2Client, inboundTopicArn: string): Promise<TextNumberFacts> {
  const numbers: TextNumberFacts['numbers'][number][] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('sms-voice DescribePhoneNumbers', () => client.send(new DescribePhoneNumbersCommand({ NextToken: nextToken })));
    for (const n of page.PhoneNumbers ?? []) {
      if (!n.PhoneNumberId || !n.PhoneNumber) continue;
      numbers.push({ id: n.PhoneNumberId, number: n.PhoneNumber, status: n.Status ?? 'UNKNOWN', twoWayEnabled: n.TwoWayEnabled === true, ...(n.TwoWayChannelArn ? { twoWayChannelArn: n.TwoWayChannelArn } : {}) });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { inboundTopicArn, numbers };
}

async function topicFacts(sns: SNSClient, arn: string): Promise<TopicFacts> {
  const subscriptions: TopicSubscription[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('sns ListSubscriptionsByTopic', () => sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn, NextToken: nextToken })));
    for (const s of page.Subscriptions ?? []) {
      // `Deleted`: on its way out, it delivers nothing and will not be listed for long.
      if (!s.Protocol || !s.Endpoint || s.SubscriptionArn === 'Deleted') continue;
      subscriptions.push({ protocol: s.Protocol, endpoint: s.Endpoint, pending: s.SubscriptionArn === 'PendingConfirmation' });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { arn, subscriptions };
}

async function capacityFacts(lambda: LambdaClient, clients: AwsClients): Promise<CapacityFacts> {
  const { AccountLimit } = await call('lambda GetAccountSettings', () => lambda.send(new GetAccountSettingsCommand({})));
  const stateTransitionsPerSecond = clients.cloudWatch ? await stateTransitionRate(clients.cloudWatch, (clients.now ?? (() => new Date()))()) : undefined;
  return {
    lambdaConcurrency: AccountLimit?.ConcurrentExecutions ?? 0,
    unreservedConcurrency: AccountLimit?.UnreservedConcurrentExecutions ?? 0,
    ...(stateTransitionsPerSecond !== undefined ? { stateTransitionsPerSecond } : {}),
  };
}

/** The latest hour's ProvisionedRefillRate of the last day (AWS/States, ServiceMetric StateTransition), or undefined when none ran. */
async function stateTransitionRate(cloudWatch: CloudWatchClient, now: Date): Promise<number | undefined> {
  const hour = 3600;
  const { Datapoints = [] } = await call('cloudwatch GetMetricStatistics', () =>
    cloudWatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/States',
        MetricName: 'ProvisionedRefillRate',
        Dimensions: [{ Name: 'ServiceMetric', Value: 'StateTransition' }],
        StartTime: new Date(now.getTime() - 24 * hour * 1000),
        EndTime: now,
        Period: hour,
        Statistics: ['Maximum'],
      }),
    ),
  );
  const latest = Datapoints.filter((point) => point.Timestamp && point.Maximum !== undefined).sort((a, b) => b.Timestamp!.getTime() - a.Timestamp!.getTime())[0];
  return latest?.Maximum;
}

async function smsFacts(sns: SNSClient): Promise<SmsFacts> {
  const sandbox = await call('sns GetSMSSandboxAccountStatus', () => sns.send(new GetSMSSandboxAccountStatusCommand({})));
  const attributes = await call('sns GetSMSAttributes', () => sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] })));
  const limit = Number(attributes.attributes?.MonthlySpendLimit);
  const sandboxNumbers: SmsFacts['sandboxNumbers'][number][] = [];
  if (sandbox.IsInSandbox) {
    let nextToken: string | undefined;
    do {
      const page = await call('sns ListSMSSandboxPhoneNumbers', () => sns.send(new ListSMSSandboxPhoneNumbersCommand({ NextToken: nextToken })));
      for (const n of page.PhoneNumbers ?? []) if (n.PhoneNumber) sandboxNumbers.push({ phoneNumber: n.PhoneNumber, verified: n.Status === 'Verified' });
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return {
    inSandbox: sandbox.IsInSandbox ?? true,
    // Never set means SNS's default.
    monthlySpendLimitUsd: Number.isFinite(limit) && attributes.attributes?.MonthlySpendLimit !== undefined ? limit : DEFAULT_SMS_SPEND_LIMIT_USD,
    sandboxNumbers,
  };
}

async function call<T>(name: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw unavailable(name, error);
  }
}

function unavailable(name: string, error: unknown): AwsUnavailableError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AwsUnavailableError(name, `${detail} (are credentials set for this account, e.g. AWS_PROFILE or aws sso login, and may they read the stack?)`, { cause: error });
}

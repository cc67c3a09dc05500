import { DescribePhoneNumbersCommand, PinpointSMSVoiceV2Client, type PhoneNumberInformation } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchFacts } from '../../bin/doctor/aws-facts';
import { checkFacts, type TextNumberFacts } from '../../bin/doctor/checks';
import { loadTrust } from '../../policies/load';

/**
 * `npm run doctor` and the trust's two-way number (issue 25): requested outside CloudFormation, it
 * must send what it receives to the stack's inbound text topic, and the number the config sends
 * reminders from must be one of those. AWS mocked at the SDK.
 */
const REGION = 'eu-west-2';
const INBOUND = 'arn:aws:sns:eu-west-2:123456789012:HomeVisits-sample-trust-TextsInboundTopic';
const sample = loadTrust('sample-trust').config;

const cloudFormation = mockClient(CloudFormationClient);
const sns = mockClient(SNSClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const textMessaging = mockClient(PinpointSMSVoiceV2Client);
// The test process goes on to other files: give the SDK's clients back.
afterAll(() => [cloudFormation, sns, cognito, textMessaging].forEach((mock) => mock.restore()));

beforeEach(() => {
  for (const client of [cloudFormation, sns, cognito, textMessaging]) client.reset();
  cloudFormation.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'HomeVisits-sample-trust',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date('2026-12-01T09:00:00Z'),
        Outputs: [
          { OutputKey: 'AlertsTopicArn', OutputValue: 'arn:aws:sns:eu-west-2:123456789012:alerts' },
          { OutputKey: 'OperationsTopicArn', OutputValue: 'arn:aws:sns:eu-west-2:123456789012:ops' },
          { OutputKey: 'UserPoolId', OutputValue: 'eu-west-2_AbCdEf123' },
          { OutputKey: 'InboundTextsTopicArn', OutputValue: INBOUND },
        ],
      },
    ],
  });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: 'eu-west-2_AbCdEf123', EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' } } });
});

const clients = () => ({
  cloudFormation: new CloudFormationClient({ region: REGION }),
  sns: new SNSClient({ region: REGION }),
  cognito: new CognitoIdentityProviderClient({ region: REGION }),
  textMessaging: new PinpointSMSVoiceV2Client({ region: REGION }),
});

const textFindings = async (config = sample) => {
  const facts = await fetchFacts(clients(), { stackName: 'HomeVisits-sample-trust', region: REGION });
  return checkFacts(facts, config).filter((finding) => finding.code.startsWith('texts-'));
};

const number = (overrides: Partial<TextNumberFacts['numbers'][number]> = {}): PhoneNumberInformation => ({
  IsoCountryCode: 'GB',
  MessageType: 'TRANSACTIONAL',
  NumberCapabilities: ['SMS'],
  NumberType: 'LONG_CODE',
  MonthlyLeasingPrice: '1.00',
  SelfManagedOptOutsEnabled: false,
  OptOutListName: 'Default',
  DeletionProtectionEnabled: false,
  CreatedTimestamp: new Date('2026-12-01T09:00:00Z'),
  PhoneNumberId: 'phone-0123456789abcdef',
  PhoneNumber: '+447700900000',
  PhoneNumberArn: 'arn:aws:sms-voice:eu-west-2:123456789012:phone-number/phone-0123456789abcdef',
  Status: (overrides.status ?? 'ACTIVE') as PhoneNumberInformation['Status'],
  TwoWayEnabled: overrides.twoWayEnabled ?? true,
  ...(overrides.twoWayChannelArn === undefined ? { TwoWayChannelArn: INBOUND } : overrides.twoWayChannelArn ? { TwoWayChannelArn: overrides.twoWayChannelArn } : {}),
});

describe('the trust\'s number for texts', () => {
  it('walks a trust with no number through requesting one and pointing it at the inbound topic', async () => {
    textMessaging.on(DescribePhoneNumbersCommand).resolves({ PhoneNumbers: [] });
    const findings = await textFindings();
    expect(findings.map((finding) => finding.code)).toEqual(['texts-number-missing']);
    expect(findings[0]!.action).toContain(INBOUND);
    expect(findings[0]!.action).toContain('Request originator');
  });

  it('counts a number whose two-way texts go elsewhere, or that is not active yet, as no number', async () => {
    textMessaging.on(DescribePhoneNumbersCommand).resolves({ PhoneNumbers: [number({ twoWayChannelArn: 'arn:aws:sns:eu-west-2:123456789012:other' }), { ...number(), PhoneNumberId: 'phone-pending', Status: 'PENDING' }] });
    expect((await textFindings()).map((finding) => finding.code)).toEqual(['texts-number-missing']);
  });

  it('is clear once an active number sends its texts to the inbound topic, and names a configured sender that is not that number', async () => {
    textMessaging.on(DescribePhoneNumbersCommand).resolves({ PhoneNumbers: [number()] });
    expect(await textFindings()).toEqual([]);
    expect(await textFindings({ ...sample, sms: { originationIdentity: 'phone-0123456789abcdef' } })).toEqual([]);
    expect((await textFindings({ ...sample, sms: { originationIdentity: 'phone-somewhere-else' } })).map((finding) => finding.code)).toEqual(['texts-origination-unknown']);
  });
});

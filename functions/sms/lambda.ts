import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../adapters/alert-publisher';
import { EndUserMessagingTexts } from '../adapters/end-user-messaging';
import { requiredEnv } from '../adapters/env';
import { DynamoDbStaffPhones } from '../adapters/staff-phones';
import { awsVisitServiceDeps } from '../api/aws-deps';
import { createTextGateway } from '../app/text-gateway';
import { createVisitService } from '../app/visit-service';
import { textWordsOf, TextWords } from '../core/sms-words';
import { createInboundTextHandler } from './inbound';
import { createReminderRelay } from './reminder-relay';
import { TextReminders } from '../app/text-reminders';

/** The inbound text Lambda: the API's own ports (the same service, rules and idempotency), clients built once per container. */
const deps = awsVisitServiceDeps();
const alerts = new SnsAlertPublisher({ client: new SNSClient({}), topicArn: requiredEnv('ALERTS_TOPIC_ARN') });
const originationIdentity = process.env.SMS_ORIGINATION_IDENTITY;
const phones = new DynamoDbStaffPhones({ client: new DynamoDBClient({}), tableName: requiredEnv('PHONES_TABLE') });
const texts = new EndUserMessagingTexts({ client: new PinpointSMSVoiceV2Client({}), ...(originationIdentity ? { originationIdentity } : {}) });
const words = textWordsOf(TextWords.partial().parse(JSON.parse(process.env.SMS_WORDS ?? '{}')));

export const handler = createInboundTextHandler(
  createTextGateway({ ...deps, service: createVisitService(deps), phones, texts, words, tellOffice: (message) => alerts.publish(message) }),
  (line) => console.log(JSON.stringify(line)),
  createReminderRelay({ store: deps.store, policies: deps.policies, reminders: new TextReminders({ phones, texts, policies: deps.policies, words }) }),
);

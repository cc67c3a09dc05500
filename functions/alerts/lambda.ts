import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../adapters/alert-publisher';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { requiredEnv } from '../adapters/env';
import { policyRegistryFromEnv } from '../adapters/trust-policies';
import { DynamoDbAlertLedger } from './alert-ledger';
import { embeddedHeldMetric, HELD_METRIC } from './held-metric';
import { createStreamPublisher } from './stream-publisher';

const dynamodb = new DynamoDBClient({});

/** The Lambda behind the event table's stream: clients built once per container. */
export const handler = createStreamPublisher({
  store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
  policies: policyRegistryFromEnv(),
  publisher: new SnsAlertPublisher({ client: new SNSClient({}), topicArn: requiredEnv('ALERTS_TOPIC_ARN') }),
  ledger: new DynamoDbAlertLedger({ client: dynamodb, tableName: requiredEnv('ALERT_LEDGER_TABLE') }),
  metrics: embeddedHeldMetric(requiredEnv(HELD_METRIC.environment)),
  now: () => new Date(),
});

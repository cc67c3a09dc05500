import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '../adapters/env';
import { canarySender } from './canary-ends';

/** EventBridge Scheduler's target: one canary ping a run. */
export const handler = canarySender({ client: new DynamoDBClient({}), tableName: requiredEnv('EVENTS_TABLE'), now: () => new Date() });

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { requiredEnv } from '../adapters/env';
import { policyRegistryFromEnv } from '../adapters/trust-policies';
import { DynamoDbVisitBoard } from '../adapters/visit-board';
import { createBoardProjector } from './projector';

const dynamodb = new DynamoDBClient({});

/** The Lambda behind the event table's stream that keeps the office board: clients built once per container. */
export const handler = createBoardProjector({
  store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
  board: new DynamoDbVisitBoard({ client: dynamodb, tableName: requiredEnv('BOARD_TABLE') }),
  policies: policyRegistryFromEnv(),
});

import { requiredEnv } from '../adapters/env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock } from '../core/clock';
import { deliveredByTableStream } from '../app/alert-outbox';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { DynamoDbTaskTokenStore } from '../adapters/task-tokens';
import { SfnTaskSignals } from '../adapters/task-signals';
import { DynamoDbVisitBoard } from '../adapters/visit-board';
import type { StepDeps } from './steps';

/** Ports for a Lambda cold start: clients built once per container, tables and topic from the stack's environment. */
export function awsStepDeps(): StepDeps {
  const dynamodb = new DynamoDBClient({});
  return {
    store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
    tokens: new DynamoDbTaskTokenStore({ client: dynamodb, tableName: requiredEnv('TOKENS_TABLE') }),
    signals: new SfnTaskSignals({ client: new SFNClient({}) }),
    outbox: deliveredByTableStream,
    board: new DynamoDbVisitBoard({ client: dynamodb, tableName: requiredEnv('BOARD_TABLE') }),
    clock: systemClock,
  };
}

import { requiredEnv } from '../adapters/env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../core/clock';
import { deliveredByTableStream } from '../app/alert-outbox';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { DynamoDbTaskTokenStore } from '../adapters/task-tokens';
import { NO_TASK_SIGNALS, type TaskSignals } from '../adapters/task-signal-port';
import { DynamoDbVisitBoard } from '../adapters/visit-board';
import type { StepDeps } from './steps';

/**
 * Ports for a Lambda cold start: clients built once per container, tables and topic from the
 * stack's environment. Only await-signal signals a task, so only it passes (and loads) the Step
 * Functions client: a cold start pays for the clients its step uses.
 */
export function awsStepDeps(signals: TaskSignals = NO_TASK_SIGNALS): StepDeps {
  const dynamodb = new DynamoDBClient({});
  return {
    store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
    tokens: new DynamoDbTaskTokenStore({ client: dynamodb, tableName: requiredEnv('TOKENS_TABLE') }),
    signals,
    outbox: deliveredByTableStream,
    board: new DynamoDbVisitBoard({ client: dynamodb, tableName: requiredEnv('BOARD_TABLE') }),
    clock: systemClock,
  };
}

import { requiredEnv } from '../adapters/env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../core/clock';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { DynamoDbTaskTokenStore } from '../adapters/task-tokens';
import { NO_TASK_SIGNALS, type TaskSignals } from '../adapters/task-signal-port';
import { policyRegistryFromEnv } from '../adapters/trust-policies';
import type { StepDeps } from './steps';

/** For the one step that reads no policy (await-signal), whose bundle carries none. */
export const NO_POLICIES: StepDeps['policies'] = { version: () => undefined };

/**
 * Ports for a Lambda cold start: clients built once per container, tables and topic from the
 * stack's environment. Only await-signal signals a task, so only it passes (and loads) the Step
 * Functions client: a cold start pays for the clients its step uses. The same goes for the trust's
 * policies, built into the bundle of every step that reads one (lib/step-functions.ts).
 */
export function awsStepDeps(signals: TaskSignals = NO_TASK_SIGNALS, policies: StepDeps['policies'] = policyRegistryFromEnv()): StepDeps {
  const dynamodb = new DynamoDBClient({});
  return {
    store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
    tokens: new DynamoDbTaskTokenStore({ client: dynamodb, tableName: requiredEnv('TOKENS_TABLE') }),
    signals,
    clock: systemClock,
    policies,
  };
}

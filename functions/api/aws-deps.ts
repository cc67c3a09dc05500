import { requiredEnv } from '../adapters/env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { deliveredByTableStream } from '../app/alert-outbox';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { SfnTaskSignals } from '../adapters/task-signals';
import { DynamoDbTaskTokenStore } from '../adapters/task-tokens';
import { DynamoDbVisitBoard } from '../adapters/visit-board';
import { DynamoDbDuressCodes } from '../adapters/duress-codes';
import { SfnWorkflowStarter } from '../adapters/workflow-starter';
import { policyRegistry } from '../app/visit-service';
import { systemClock } from '../core/clock';
import { Policy } from '../core/policy';
import type { ApiDeps } from './deps';

/**
 * The trust's policies, as JSON text: the stack puts them in `TRUST_POLICIES` (an esbuild `define`
 * at bundle time, since five policies outgrow Lambda's 4 KB of environment). Parsed, never trusted.
 */
export function policiesFromEnv(text: string | undefined = process.env.TRUST_POLICIES): Policy[] {
  // Spelt out as `process.env.TRUST_POLICIES` (not requiredEnv's dynamic lookup) so the bundle-time define replaces it.
  if (!text) throw new Error('TRUST_POLICIES is not set: the stack defines it when it bundles this handler');
  return z.array(Policy).min(1).parse(JSON.parse(text));
}

/** Ports for a cold start of the API Lambda: clients built once per container, names from the stack's environment. */
export function awsApiDeps(policies: Iterable<Policy> = policiesFromEnv()): ApiDeps {
  const dynamodb = new DynamoDBClient({});
  const sfn = new SFNClient({});
  return {
    store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
    tokens: new DynamoDbTaskTokenStore({ client: dynamodb, tableName: requiredEnv('TOKENS_TABLE') }),
    board: new DynamoDbVisitBoard({ client: dynamodb, tableName: requiredEnv('BOARD_TABLE') }),
    duress: new DynamoDbDuressCodes({ client: dynamodb, tableName: requiredEnv('DURESS_TABLE') }),
    signals: new SfnTaskSignals({ client: sfn }),
    starter: new SfnWorkflowStarter({ client: sfn, stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
    outbox: deliveredByTableStream,
    clock: systemClock,
    policies: policyRegistry(policies),
  };
}

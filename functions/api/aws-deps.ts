import { requiredEnv } from '../adapters/env';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsVisitPassKey } from '../adapters/kms-visit-pass-key';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { SfnTaskSignals } from '../adapters/task-signals';
import { DynamoDbTaskTokenStore } from '../adapters/task-tokens';
import { DynamoDbVisitBoard } from '../adapters/visit-board';
import { DynamoDbDuressCodes } from '../adapters/duress-codes';
import { SfnWorkflowStarter } from '../adapters/workflow-starter';
import type { PolicyRegistry } from '../app/policy-registry';
import { systemClock } from '../core/clock';
import { policyRegistryFromEnv } from '../adapters/trust-policies';
import type { VisitServiceDeps } from '../app/visit-service';
import type { ApiDeps } from './deps';

/** Ports for a cold start of the API Lambda: clients built once per container, names from the stack's environment. */
export function awsApiDeps(policies: PolicyRegistry = policyRegistryFromEnv()): ApiDeps {
  return { ...awsVisitServiceDeps(policies), passKey: new KmsVisitPassKey({ client: new KMSClient({}), keyId: requiredEnv('VISIT_PASS_KEY') }) };
}

/** The visit service's ports and the board it is read beside (the API's, and the inbound text Lambda's, which signs no visit pass). */
export function awsVisitServiceDeps(policies: PolicyRegistry = policyRegistryFromEnv()): VisitServiceDeps & { readonly board: DynamoDbVisitBoard } {
  const dynamodb = new DynamoDBClient({});
  const sfn = new SFNClient({});
  return {
    store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
    tokens: new DynamoDbTaskTokenStore({ client: dynamodb, tableName: requiredEnv('TOKENS_TABLE') }),
    board: new DynamoDbVisitBoard({ client: dynamodb, tableName: requiredEnv('BOARD_TABLE') }),
    duress: new DynamoDbDuressCodes({ client: dynamodb, tableName: requiredEnv('DURESS_TABLE') }),
    signals: new SfnTaskSignals({ client: sfn }),
    starter: new SfnWorkflowStarter({ client: sfn, stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
    clock: systemClock,
    policies,
  };
}

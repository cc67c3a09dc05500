import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock } from '../core/clock';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { requiredEnv } from '../adapters/env';
import { policyRegistryFromEnv } from '../adapters/trust-policies';
import { DynamoDbVisitBoard } from '../adapters/visit-board';
import { SfnWorkflowStarter } from '../adapters/workflow-starter';
import { powertoolsLog } from '../adapters/powertools-log';
import { createReconcileHandler } from './handler';

/**
 * The reconciler Lambda, run on a schedule: clients built once per container, names from the stack's
 * environment. The SFN client paces itself when throttled (adaptive retries): DescribeExecution's
 * rate is shared with the API.
 */
const dynamodb = new DynamoDBClient({});
export const handler = createReconcileHandler({
  board: new DynamoDbVisitBoard({ client: dynamodb, tableName: requiredEnv('BOARD_TABLE') }),
  store: new DynamoDbEventStore({ client: dynamodb, tableName: requiredEnv('EVENTS_TABLE') }),
  starter: new SfnWorkflowStarter({ client: new SFNClient({ retryMode: 'adaptive' }), stateMachineArn: requiredEnv('STATE_MACHINE_ARN') }),
  policies: policyRegistryFromEnv(),
  clock: systemClock,
}, powertoolsLog('home-visits-reconciler'));

import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { DuressCodes } from './duress-codes';
import type { EventStore } from './event-store';
import type { TaskTokens } from './task-tokens';
import type { VisitBoard } from './visit-board';

/** What a Lambda that runs the visit service (functions/app/visit-service.ts) reads and writes: the API's, and the text Lambda's. */
export interface VisitServicePorts {
  readonly eventStore: EventStore;
  readonly tokens: TaskTokens;
  readonly board: VisitBoard;
  readonly duress: DuressCodes;
  readonly stateMachine: sfn.StateMachine;
}

/** The environment naming those ports, as functions/api/aws-deps.ts reads it. */
export function visitServiceEnvironment({ eventStore, tokens, board, duress, stateMachine }: VisitServicePorts): Record<string, string> {
  return {
    EVENTS_TABLE: eventStore.table.tableName,
    TOKENS_TABLE: tokens.table.tableName,
    BOARD_TABLE: board.table.tableName,
    DURESS_TABLE: duress.table.tableName,
    STATE_MACHINE_ARN: stateMachine.stateMachineArn,
  };
}

/** Read and append events, take task tokens, list the board (its projector alone writes it), check duress codes. */
export function grantVisitService(grantee: iam.IGrantable, { eventStore, tokens, board, duress }: VisitServicePorts): void {
  eventStore.grantRead(grantee);
  eventStore.grantAppend(grantee);
  tokens.grantTake(grantee);
  board.grantList(grantee);
  duress.grantCheck(grantee);
}

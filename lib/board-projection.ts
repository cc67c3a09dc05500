import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { PROJECTED_EVENT_TYPES } from '../functions/board/projector';
import type { Policy } from '../functions/core/policy';
import { MAX_RECORD_AGE } from './alert-delivery';
import { trustPoliciesDefine } from './api';
import type { EventStore } from './event-store';
import { acknowledgeKmsGrants, handlerFunction } from './handler-function';
import { insertsHoldingAnyOf } from './stream-trigger';
import type { VisitBoard } from './visit-board';

export interface BoardProjectionProps {
  readonly eventStore: EventStore;
  readonly board: VisitBoard;
  /** Built into the projector's bundle: a line names the deadlines its school's policy sets. */
  readonly policies: readonly Policy[];
}

/** The entry of the projector Lambda, relative to the repository root. */
export const BOARD_PROJECTOR_ENTRY = 'functions/board/lambda.ts';

/**
 * The office board's one writer: a second trigger on the event table's stream (beside the alert
 * publisher's, each with its own filter and place in the stream) drives the projector, which puts
 * each visit's line as its events stand. No request or step writes the board, so a board that is
 * down never fails a visit's step; a projection that fails is retried from its record, in order,
 * for as long as the stream keeps it, and the visit's next append projects the whole line again.
 */
export class BoardProjection extends Construct {
  readonly projector: nodejs.NodejsFunction;
  /** The event source mapping's id (its UUID), the dimension of its own metrics. */
  readonly mappingId: string;

  constructor(scope: Construct, id: string, props: BoardProjectionProps) {
    super(scope, id);
    const { eventStore, board } = props;

    this.projector = handlerFunction(this, 'Projector', {
      entry: BOARD_PROJECTOR_ENTRY,
      description: 'Home visits: projects each visit\'s office board line from its events (the event table stream)',
      timeout: Duration.seconds(30),
      environment: { EVENTS_TABLE: eventStore.table.tableName, BOARD_TABLE: board.table.tableName },
      define: trustPoliciesDefine(props.policies),
    });
    eventStore.grantRead(this.projector);
    board.grantProject(this.projector);
    acknowledgeKmsGrants(this.projector);

    const source = new sources.DynamoEventSource(eventStore.table, {
      // A trigger created late (or re-created) projects what the stream still holds: lines are conditional on the version.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      // Every append to a visit's stream; never a history read's or a call for help kept apart.
      filters: insertsHoldingAnyOf(PROJECTED_EVENT_TYPES),
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: -1,
      maxRecordAge: MAX_RECORD_AGE,
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    this.projector.addEventSource(source);
    this.mappingId = source.eventSourceMappingId;
  }
}

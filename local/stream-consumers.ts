import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AlertPublisher } from '../functions/adapters/alert-publisher';
import { DynamoDbAlertLedger } from '../functions/alerts/alert-ledger';
import { createStreamPublisher, triggersPublisher } from '../functions/alerts/stream-publisher';
import type { PolicyRegistry } from '../functions/app/policy-registry';
import type { Clock } from '../functions/core/clock';
import type { EventStore } from '../functions/core/event-store';
import type { VisitBoard } from '../functions/adapters/visit-board';
import { createBoardProjector, triggersProjector } from '../functions/board/projector';
import type { StreamConsumer } from './table-stream';

/** What runs on the event table's stream locally: the same handlers as the Lambdas on AWS, with their filters. */

export interface AlertPublisherDeps {
  readonly store: EventStore;
  readonly policies: PolicyRegistry;
  /** Where messages are published (the stand-in for the alerts topic). */
  readonly topic: AlertPublisher;
  /** The ledger's table (created by createAlertLedgerTable). */
  readonly ledger: { readonly client: DynamoDBClient; readonly tableName: string };
  readonly clock: Clock;
  /** Where an append set aside is said (the AlertsHeld metric on AWS). */
  readonly log: (line: string) => void;
}

/** functions/alerts/lambda.ts's handler, wired to local ports. */
export function alertPublisher(deps: AlertPublisherDeps): StreamConsumer {
  return {
    name: 'alert-publisher',
    filter: triggersPublisher,
    handler: createStreamPublisher({
      store: deps.store,
      policies: deps.policies,
      publisher: deps.topic,
      ledger: new DynamoDbAlertLedger(deps.ledger),
      metrics: {
        held: (held) =>
          deps.log(`!! ALERT HELD: visit ${held.visitId} version ${held.version} cannot be published (${held.reason}: ${held.detail}); kept in the alert ledger`),
      },
      now: () => deps.clock.now(),
    }),
  };
}

/** The board projector's name on the stream: start-up waits for it before reading the board. */
export const BOARD_PROJECTOR = 'board-projector';

/** functions/board/lambda.ts's handler, wired to local ports. */
export function boardProjector(deps: { readonly store: EventStore; readonly board: VisitBoard; readonly policies: PolicyRegistry; readonly log: (line: string) => void }): StreamConsumer {
  return { name: BOARD_PROJECTOR, filter: triggersProjector, handler: createBoardProjector(deps) };
}

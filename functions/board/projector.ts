import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { holdsAnyEventType, STREAM_ID } from '../adapters/event-table';
import type { VisitBoard } from '../adapters/visit-board';
import type { PolicyRegistry } from '../app/policy-registry';
import { boardSummary } from '../core/board';
import type { EventStore } from '../core/event-store';
import { VISIT_EVENT_TYPES } from '../core/events';
import { loadVisit } from '../core/handle-command';
import { RecordUnreadableError } from '../core/record-damage';

/**
 * The office board's one writer, on both sides: the event table's stream (on AWS; in `npm start`,
 * local/table-stream.ts) brings every append to a visit's stream here, and the visit's line is
 * projected from its events as they now stand. The board is a projection: no request or workflow
 * step waits on it or fails for it. A projection that fails (the board or the store throttled or
 * down) names its record as the batch's failure, and the stream retries from there; the line is
 * conditional on the visit's version, so a retried or repeated record never puts an older line back.
 */

/** The event types an append must hold for the trigger to bring it here (lib/board-projection.ts's filter): a visit's, never a history read's or a call for help kept apart. */
export const PROJECTED_EVENT_TYPES = VISIT_EVENT_TYPES;

/** Whether the trigger brings this item here, for a stream emulated where no event source mapping filters. */
export const triggersProjector = holdsAnyEventType(PROJECTED_EVENT_TYPES);

export interface BoardProjectorDeps {
  readonly store: EventStore;
  readonly board: VisitBoard;
  readonly policies: PolicyRegistry;
  /** Where a line that can never be projected as the record stands is said. @default console.error */
  readonly log?: (line: string) => void;
}

export function createBoardProjector(deps: BoardProjectorDeps) {
  const log = deps.log ?? ((line: string) => console.error(line));

  /** Puts the visit's line as its events now stand; a record that no longer parses or a policy this bundle lacks leaves the line as it was. */
  async function project(visitId: string): Promise<void> {
    let loaded;
    try {
      loaded = await loadVisit(deps.store, visitId);
    } catch (error) {
      // Quarantine flags the line (local start-up, the API's reads); retrying cannot mend the record.
      if (error instanceof RecordUnreadableError) return log(JSON.stringify({ error: error.name, visitId, version: error.version }));
      throw error;
    }
    const { events, state } = loaded;
    if (state.status === 'none') return;
    const policy = deps.policies.version(state.policy.schoolId, state.policy.version);
    if (!policy) return log(JSON.stringify({ error: 'PolicyMissing', visitId, policy: state.policy }));
    await deps.board.project(boardSummary(state, policy, events.at(-1)?.meta.recordedAt));
  }

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records = event.Records.filter((record) => record.eventName === 'INSERT');
    // One projection per visit in the batch, from its last record: its line is the visit as it now stands.
    const lastOf = new Map<string, number>();
    records.forEach((record, index) => lastOf.set(visitOf(record), index));
    for (const [index, record] of records.entries()) {
      const visitId = visitOf(record);
      if (lastOf.get(visitId) !== index) continue;
      try {
        await project(visitId);
      } catch (error) {
        console.error(JSON.stringify({ error: error instanceof Error ? error.name : 'Error', message: String(error), visitId }));
        // Retry from this visit's first record in the batch; the lines already projected are projected again, harmlessly.
        const first = records.find((candidate) => visitOf(candidate) === visitId);
        return { batchItemFailures: [{ itemIdentifier: first?.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

function visitOf(record: DynamoDBRecord): string {
  const keys = (record.dynamodb?.Keys ?? record.dynamodb?.NewImage) as Record<string, AttributeValue> | undefined;
  return keys?.[STREAM_ID]?.S ?? '?';
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toEventItem } from '../adapters/dynamodb-event-store';
import type { AlertPublisher } from '../adapters/alert-publisher';
import type { PolicyRegistry } from '../app/policy-registry';
import { alertsFor } from '../core/alerts';
import { AUDIT_STREAM_PREFIX } from '../core/audit';
import type { EventStore } from '../core/event-store';
import { parseVisitEvent } from '../core/events';
import { fold } from '../core/visit-state';
import { HELP_STREAM_PREFIX, panicOnDamagedRecordAlert, parsePanicOnDamagedRecord } from '../core/help-on-damage';

/**
 * The alert outbox on AWS: the event table's stream brings every committed append here, and the
 * alerts its events raise are published to SNS. An alert therefore goes out even when the API or
 * step that appended it died a moment later, and publishing never holds up a request or the
 * workflow. A record that cannot be published is reported as the batch's failure, so Lambda
 * retries from it (and, once its retries are spent, sends it to the dead-letter queue, which
 * raises an alarm); the records before it are not published again.
 */

export interface StreamPublisherDeps {
  readonly store: EventStore;
  readonly policies: PolicyRegistry;
  readonly publisher: AlertPublisher;
}

export function createStreamPublisher(deps: StreamPublisherDeps) {
  async function publishAppend(image: Record<string, AttributeValue>): Promise<void> {
    const item = toEventItem(image);
    // A stream of history reads raises no alerts.
    if (item.streamId.startsWith(AUDIT_STREAM_PREFIX)) return;
    // A call for help on a damaged record (core/help-on-damage.ts): its event says all its alert needs.
    if (item.streamId.startsWith(HELP_STREAM_PREFIX)) {
      for (const event of item.events.map(parsePanicOnDamagedRecord)) {
        const ref = event.data.known?.policy;
        await deps.publisher.publish(panicOnDamagedRecordAlert(event, ref ? deps.policies.version(ref.schoolId, ref.version) : undefined));
      }
      return;
    }
    // Messages name the staff and look up the alert being escalated: the visit as of this append.
    const events = (await deps.store.read(item.streamId, { to: item.last })).map(parseVisitEvent);
    const state = fold(events);
    if (state.status === 'none') return;
    const policy = deps.policies.version(state.policy.schoolId, state.policy.version);
    if (!policy) throw new Error(`visit ${item.streamId}: policy ${state.policy.schoolId}@${state.policy.version} is not in this bundle`);
    const appended = events.filter((event) => event.version >= item.version);
    for (const message of alertsFor(appended, state, policy)) await deps.publisher.publish(message);
  }

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image) continue;
      try {
        await publishAppend(image as Record<string, AttributeValue>);
      } catch {
        // Records of one shard arrive in order: retry from here, never skip past an alert.
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

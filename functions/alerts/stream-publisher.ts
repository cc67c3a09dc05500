import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { toEventItem } from '../adapters/dynamodb-event-store';
import type { AlertPublisher } from '../adapters/alert-publisher';
import { powertoolsLog } from '../adapters/powertools-log';
import type { Log } from '../app/log';
import { FIRST_VERSION, holdsAnyEventType, STREAM_ID } from '../adapters/event-table';
import type { PolicyRegistry } from '../app/policy-registry';
import { ALERTING_EVENT_TYPES, alertsFor } from '../core/alerts';
import { AUDIT_STREAM_PREFIX } from '../core/audit';
import { EventStoreUnavailableError, type EventStore } from '../core/event-store';
import { safeParseVisitEvent, type StoredVisitEvent } from '../core/events';
import { readStreamAsStored } from '../core/record-damage';
import { fold } from '../core/visit-state';
import { HELP_EVENT, HELP_STREAM_PREFIX, panicOnDamagedRecordAlert, parsePanicOnDamagedRecord } from '../core/help-on-damage';
import type { AlertMessage } from '../core/alerts';
import type { AlertLedger, HeldAppend, HoldReason } from './alert-ledger';
import { canaryMessage } from './canary';
import type { HeldMetric } from './held-metric';

/**
 * The alert outbox: the event table's stream (on AWS; in `npm start`, local/table-stream.ts) brings
 * every committed append that can raise an alert here, and the alerts its events raise are published
 * to SNS (locally its stand-in, local/alert-topic.ts), each once (the ledger).
 *
 * Two kinds of failure, kept apart:
 * - an append that can never be published as it stands (its record does not parse, its visit names
 *   a policy version this bundle lacks) is set aside in the ledger with its visit, version and
 *   reason, operations hear of it (HELD_METRIC), and the next records go on;
 * - anything else (SNS or DynamoDB throttled or down, a timeout) names the record as the batch's
 *   failure, so Lambda retries from it, in order, until the fault clears or the record nears the
 *   stream's retention (lib/alert-delivery.ts); the records before it are not published again.
 */

/**
 * The event types an append must hold for the trigger to bring it here (lib/alert-delivery.ts's
 * filter): a visit's alerting events, and a call for help kept apart from a damaged record.
 */
export const PUBLISHED_EVENT_TYPES = [...ALERTING_EVENT_TYPES, HELP_EVENT] as const;

/** Whether the trigger brings this item here, for a stream emulated where no event source mapping filters (local/table-stream.ts). */
export const triggersPublisher = holdsAnyEventType(PUBLISHED_EVENT_TYPES);

export interface StreamPublisherDeps {
  readonly store: EventStore;
  readonly policies: PolicyRegistry;
  readonly publisher: AlertPublisher;
  readonly ledger: AlertLedger;
  readonly metrics: HeldMetric;
  readonly now: () => Date;
  /** @default Powertools Logger */
  readonly log?: Log;
}

/** An append that can never be published as it stands: retrying it only repeats the failure. */
export class AppendHeldError extends Error {
  override readonly name = 'AppendHeldError';
  constructor(
    readonly reason: HoldReason,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${detail}`, options);
  }
}

/**
 * Publishes the alerts of one stored append (the event item as the stream or the table holds it),
 * each message once. Throws AppendHeldError for an append that can never be published as it is;
 * any other error is worth retrying.
 */
export function createAppendDelivery(deps: Omit<StreamPublisherDeps, 'metrics'>) {
  return async function deliver(image: Record<string, AttributeValue>): Promise<void> {
    // Operations' canary (./canary.ts): goes the whole way an alert goes, and no further.
    const canary = canaryMessage(image);
    if (canary) return publishOnce(canary);
    const item = readItem(image);
    // A stream of history reads raises no alerts (the trigger's filter already keeps them out).
    if (item.streamId.startsWith(AUDIT_STREAM_PREFIX)) return;
    // A call for help on a damaged record (core/help-on-damage.ts): its event says all its alert needs.
    if (item.streamId.startsWith(HELP_STREAM_PREFIX)) {
      for (const event of item.events.map(parsePanicOnDamagedRecord)) {
        await publishOnce(panicOnDamagedRecordAlert(event, (schoolId, version) => deps.policies.version(schoolId, version)));
      }
      return;
    }
    // Messages name the staff and look up the alert being escalated: the visit as of this append.
    const events = await readVisit(deps.store, item.streamId, item.last);
    const state = fold(events);
    if (state.status === 'none') return;
    const policy = deps.policies.version(state.policy.schoolId, state.policy.version);
    if (!policy) throw new AppendHeldError('policy-missing', `policy ${state.policy.schoolId}@${state.policy.version} is not in this bundle`);
    const appended = events.filter((event) => event.version >= item.version);
    for (const message of alertsFor(appended, state, policy)) await publishOnce(message);
  };

  async function publishOnce(message: AlertMessage): Promise<void> {
    if (await deps.ledger.sent(message.messageId)) return;
    await deps.publisher.publish(message);
    // Published and not yet remembered when the process dies: the message goes once more, never not at all.
    await deps.ledger.recordSent(message.messageId, deps.now());
  }
}

export function createStreamPublisher(deps: StreamPublisherDeps) {
  const deliver = createAppendDelivery(deps);
  const log = deps.log ?? powertoolsLog('home-visits-alerts');

  /** Publishes the append's alerts, or sets it aside when it can never be published; other failures throw. */
  async function publishOrHold(record: DynamoDBRecord, image: Record<string, AttributeValue>): Promise<void> {
    try {
      await deliver(image);
    } catch (error) {
      if (!(error instanceof AppendHeldError)) throw error;
      const held: HeldAppend = { ...keyOf(record), reason: error.reason, detail: error.detail, heldAt: deps.now().toISOString() };
      await deps.ledger.hold(held);
      deps.metrics.held(held);
    }
  }

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image) continue;
      try {
        await publishOrHold(record, image as Record<string, AttributeValue>);
      } catch (error) {
        // Records of one shard arrive in order: retry from here, never skip past an alert.
        log({ level: 'error', message: 'alert not published: retrying from this record', error: error instanceof Error ? error.name : 'Error', detail: String(error).slice(0, 300), ...keyOf(record) });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

function readItem(image: Record<string, AttributeValue>) {
  try {
    return toEventItem(image);
  } catch (error) {
    throw new AppendHeldError('record-unreadable', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * The visit's events up to `last`, or AppendHeldError when one of them no longer parses (damage
 * after `last` does not stop this append's alerts). A read that fails for any other reason rethrows.
 */
async function readVisit(store: EventStore, streamId: string, last: number): Promise<StoredVisitEvent[]> {
  let stored;
  try {
    stored = await store.read(streamId, { to: last });
  } catch (error) {
    if (error instanceof EventStoreUnavailableError) throw error;
    const { damage } = await readStreamAsStored(store, streamId);
    if (damage && damage.version <= last) {
      throw new AppendHeldError('record-unreadable', `version ${damage.version} no longer parses (${damage.reason}: ${damage.detail})`, { cause: error });
    }
    throw error;
  }
  return stored.map((event) => {
    const parsed = safeParseVisitEvent(event);
    if (!parsed.ok) throw new AppendHeldError('record-unreadable', `version ${event.version} no longer parses (${parsed.problem}: ${parsed.detail})`);
    return parsed.event;
  });
}

/** The visit and version of a stream record from its keys, which are there even when the item does not parse. */
function keyOf(record: DynamoDBRecord): { visitId: string; version: number } {
  const keys = record.dynamodb?.Keys ?? record.dynamodb?.NewImage;
  return { visitId: keys?.[STREAM_ID]?.S ?? '?', version: Number(keys?.[FIRST_VERSION]?.N) };
}

import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  EventStoreUnavailableError,
  ExpectedVersionConflictError,
  GENESIS_HASH,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadOptions,
  type StoredEvent,
} from '../core/event-store';
import { chainEvents } from '../core/hash-chain';
import { isTransientAwsError } from './dependency-unavailable';
import type { RawStoredEvent } from '../core/record-damage';
import { COMMAND_ID, EVENT_TYPES, EVENTS, FIRST_VERSION, LAST_VERSION, STREAM_ID } from './event-table';
import { rawEventsOf } from './raw-events';
import { parseAppendInput, parseReadInput, parseStoredText, selectRange, storedText } from './stored-event';

/**
 * The event store on DynamoDB (and dynalite): one item per append, written with one conditional
 * PutItem. No transactions and no streams, so the same code runs against both.
 *
 * Why the head read before the put: items are keyed by the *first* version of their append, so
 * `attribute_not_exists(version)` alone only stops two appends starting at the same version. A
 * stale expected version could still start inside another item's range (versions 3..5 stored,
 * a put at 4 would succeed). Requiring head.last === expectedVersion first means a put can only
 * start right after the newest item; a concurrent append that got there first holds the same key,
 * so the condition fails and ranges can never overlap.
 */
export class DynamoDbEventStore implements EventStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const newEvents = parseAppendInput(streamId, events, options);
    const { expectedVersion, commandId } = options;

    // The caller's own read of the head makes the append one conditional write; without it, read the head here.
    const prevHash = options.head?.version === expectedVersion ? options.head.hash : await this.checkHead(streamId, expectedVersion, commandId);
    if (typeof prevHash !== 'string') return prevHash;
    const stored = chainEvents(streamId, expectedVersion + 1, prevHash, newEvents);
    const first = stored[0];
    const last = stored[stored.length - 1];
    if (!first || !last) throw new Error('unreachable: chainEvents returned no events');

    const put = new PutItemCommand({
      TableName: this.tableName,
      Item: {
        [STREAM_ID]: { S: streamId },
        [FIRST_VERSION]: { N: String(first.version) },
        [LAST_VERSION]: { N: String(last.version) },
        [COMMAND_ID]: { S: commandId },
        [EVENTS]: { S: storedText(stored) },
        [EVENT_TYPES]: { SS: [...new Set(stored.map((event) => event.type))] },
      },
      ConditionExpression: 'attribute_not_exists(#version)',
      ExpressionAttributeNames: { '#version': FIRST_VERSION },
    });
    try {
      await this.call(() => this.client.send(put));
    } catch (error) {
      // By name: an error from another copy of the SDK module would fail instanceof.
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      // Either a concurrent append took this version, or the SDK retried our own put after a lost
      // response and the first attempt had landed: the item's commandId tells which.
      const winner = await this.getItem(streamId, first.version);
      if (winner?.commandId === commandId) return duplicateOf(winner);
      throw new ExpectedVersionConflictError(streamId, expectedVersion, winner?.last, { cause: error });
    }

    return { nextExpectedVersion: last.version, events: stored, duplicate: false };
  }

  /** The head's hash when the stream is at `expectedVersion`, the earlier result when `commandId` was already appended, else a conflict. */
  private async checkHead(streamId: string, expectedVersion: number, commandId: string): Promise<string | AppendResult> {
    const head = await this.readHeadItem(streamId);
    const headVersion = head?.last ?? 0;

    const earlier =
      head?.commandId === commandId ? head : await this.findCommandAfter(streamId, expectedVersion, headVersion, commandId);
    if (earlier) return duplicateOf(earlier);

    if (headVersion !== expectedVersion) {
      throw new ExpectedVersionConflictError(streamId, expectedVersion, headVersion);
    }
    return head ? lastOf(head).hash : GENESIS_HASH;
  }

  async read(streamId: string, options?: ReadOptions): Promise<StoredEvent[]> {
    const range = parseReadInput(streamId, options);
    // Only the events text (and the item's version, to name it if they do not parse) comes back:
    // every event carries its own stream and version, and the SDK and the table's server spend per
    // attribute and per byte they move.
    const names: Record<string, string> = { '#stream': STREAM_ID, '#version': FIRST_VERSION, '#events': EVENTS };
    const values: Record<string, AttributeValue> = { ':stream': { S: streamId } };
    let keyCondition = '#stream = :stream';
    let filter: string | undefined;
    if (range.to !== Number.MAX_SAFE_INTEGER) {
      keyCondition += ' AND #version <= :to';
      values[':to'] = { N: String(range.to) };
    }
    if (range.from > 1) {
      // An item starting before `from` may still hold events from `from` on.
      filter = '#last >= :from';
      names['#last'] = LAST_VERSION;
      values[':from'] = { N: String(range.from) };
    }
    const input: QueryCommandInput = {
      TableName: this.tableName,
      ConsistentRead: true,
      KeyConditionExpression: keyCondition,
      FilterExpression: filter,
      ProjectionExpression: '#version, #events',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !range.backward,
      // Every item holds at least one event, so `limit` items are always enough.
      Limit: range.limit === Number.MAX_SAFE_INTEGER ? undefined : range.limit,
    };

    const perItem: (readonly StoredEvent[])[] = [];
    let wanted = 0;
    pages: for await (const page of this.query(input)) {
      for (const item of page) {
        const events = eventsOf(streamId, item);
        perItem.push(events);
        for (const event of events) if (event.version >= range.from && event.version <= range.to) wanted += 1;
        if (wanted >= range.limit) break pages;
      }
    }
    if (range.backward) perItem.reverse();
    return selectRange(perItem.flat(), range);
  }

  private async readHeadItem(streamId: string): Promise<EventItem | undefined> {
    const query = new QueryCommand({
      TableName: this.tableName,
      ConsistentRead: true,
      KeyConditionExpression: '#stream = :stream',
      ExpressionAttributeNames: { '#stream': STREAM_ID },
      ExpressionAttributeValues: { ':stream': { S: streamId } },
      ScanIndexForward: false,
      Limit: 1,
    });
    const { Items } = await this.call(() => this.client.send(query));
    const item = Items?.[0];
    return item ? toEventItem(item) : undefined;
  }

  /** The item written by `commandId` among those after `afterVersion`, if the caller is behind. */
  private async findCommandAfter(
    streamId: string,
    afterVersion: number,
    headVersion: number,
    commandId: string,
  ): Promise<EventItem | undefined> {
    if (headVersion <= afterVersion) return undefined;
    for await (const page of this.query({
      TableName: this.tableName,
      ConsistentRead: true,
      KeyConditionExpression: '#stream = :stream AND #version > :after',
      FilterExpression: '#command = :command',
      ExpressionAttributeNames: { '#stream': STREAM_ID, '#version': FIRST_VERSION, '#command': COMMAND_ID },
      ExpressionAttributeValues: {
        ':stream': { S: streamId },
        ':after': { N: String(afterVersion) },
        ':command': { S: commandId },
      },
    })) {
      const item = page[0];
      if (item) return toEventItem(item);
    }
    return undefined;
  }

  private async getItem(streamId: string, firstVersion: number): Promise<EventItem | undefined> {
    const get = new GetItemCommand({
      TableName: this.tableName,
      ConsistentRead: true,
      Key: { [STREAM_ID]: { S: streamId }, [FIRST_VERSION]: { N: String(firstVersion) } },
    });
    const { Item } = await this.call(() => this.client.send(get));
    return Item ? toEventItem(Item) : undefined;
  }

  /** The query's items a page at a time: an async generator yielding each item costs promise turns per item. */
  private async *query(input: QueryCommandInput): AsyncGenerator<readonly Record<string, AttributeValue>[]> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call(() => this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })));
      yield page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /** Every call to DynamoDB goes through here, so transient failures surface as one error type. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isTransientAwsError(error)) {
        throw new EventStoreUnavailableError(`event table ${this.tableName}: ${describe(error)}`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * The stream as stored, without failing on what it holds: each item's events parsed one by one,
   * an item or event that does not parse returned as its text (RawEventReader, for quarantine and
   * the history). Only I/O errors throw.
   */
  async readRaw(streamId: string): Promise<RawStoredEvent[]> {
    parseReadInput(streamId);
    const raw: RawStoredEvent[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            ConsistentRead: true,
            KeyConditionExpression: '#stream = :stream',
            ExpressionAttributeNames: { '#stream': STREAM_ID },
            ExpressionAttributeValues: { ':stream': { S: streamId } },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) raw.push(...rawEventsOf(Number(item[FIRST_VERSION]?.N), item[EVENTS]?.S));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return raw;
  }
}

export interface EventItem {
  readonly streamId: string;
  readonly version: number;
  readonly last: number;
  readonly commandId: string;
  readonly events: readonly StoredEvent[];
}

export function toEventItem(item: Record<string, AttributeValue>): EventItem {
  const streamId = item[STREAM_ID]?.S;
  const version = Number(item[FIRST_VERSION]?.N);
  const last = Number(item[LAST_VERSION]?.N);
  const commandId = item[COMMAND_ID]?.S;
  if (!streamId || !Number.isInteger(version) || !Number.isInteger(last) || !commandId) {
    throw new Error(`${itemName(streamId, item)}: missing or malformed attributes`);
  }
  return { streamId, version, last, commandId, events: eventsOf(streamId, item) };
}

/** The events of an item of `streamId`, parsed (StoredEventSchema, once per event); throws when they do not. */
function eventsOf(streamId: string, item: Record<string, AttributeValue>): readonly StoredEvent[] {
  const json = item[EVENTS]?.S;
  if (json === undefined) throw new Error(`${itemName(streamId, item)}: missing or malformed attributes`);
  try {
    return parseStoredText(json);
  } catch (error) {
    throw new Error(`${itemName(streamId, item)}: stored events do not parse`, { cause: error });
  }
}

const itemName = (streamId: string | undefined, item: Record<string, AttributeValue>) =>
  `event item ${streamId ?? '?'}@${item[FIRST_VERSION]?.N ?? '?'}`;

function lastOf(item: EventItem): StoredEvent {
  const last = item.events[item.events.length - 1];
  if (!last) throw new Error(`event item ${item.streamId}@${item.version}: no events`);
  return last;
}

function duplicateOf(item: EventItem): AppendResult {
  return { nextExpectedVersion: item.last, events: item.events, duplicate: true };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

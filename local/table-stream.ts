import { AsyncResource } from 'node:async_hooks';
import { PutItemCommand, QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue as StreamAttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createTableIfMissing } from '../functions/adapters/create-table';
import { FIRST_VERSION, STREAM_ID } from '../functions/adapters/event-table';

/**
 * The event table's DynamoDB stream, emulated for `npm start`: every item put into the table reaches
 * each consumer (a stream handler as Lambda would run it) as an INSERT record with its NEW_IMAGE, in
 * version order per visit stream, at least once, across restarts and a kill -9.
 *
 * The table is the log: nothing is written besides the facts, so no append can commit without its
 * record. Each consumer keeps its place per stream (a checkpoint item: the last version it finished),
 * as an event source mapping keeps its place in a shard. A put on the table (seen on the client, after
 * it succeeded) wakes that stream's consumers; a start reads the table's keys once and wakes every
 * stream that has items past a consumer's checkpoint, so an append whose process died before its
 * consumers ran is delivered by the next start. A handler that throws, or names a record as its
 * batch's failure, is invoked again from that record after a pause, for ever (the mapping's
 * retryAttempts -1): records of one stream never overtake each other, and a consumer that fails never
 * holds up another.
 */

export interface StreamConsumer {
  /** The checkpoint's key: renaming a consumer starts it from the table's latest items. */
  readonly name: string;
  /** Which records invoke the handler (the event source mapping's filter); the others only move the checkpoint. */
  readonly filter: (image: Record<string, AttributeValue>) => boolean;
  readonly handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
}

export interface StreamRetry {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_STREAM_RETRY: StreamRetry = { firstDelayMs: 100, maxDelayMs: 5_000 };

/** A batch per invocation, as lib/alert-delivery.ts asks of the mapping. */
const BATCH_SIZE = 10;
/** Checkpoint table: partition key (S) the consumer, sort key (S) the visit stream, `version` (N) the last item finished. */
const CONSUMER = 'consumer';
const CHECKPOINT_VERSION = 'version';

export interface LocalTableStreamOptions {
  readonly client: DynamoDBClient;
  /** The table whose puts are streamed (the event table). */
  readonly tableName: string;
  readonly checkpointTable: string;
  readonly consumers: readonly StreamConsumer[];
  /** Said when a handler fails (once per failing record) and when it recovers. */
  readonly log: (line: string) => void;
  readonly retry?: Partial<StreamRetry>;
}

export class LocalTableStream {
  /** `consumer \0 streamId` → the last version finished. */
  private readonly checkpoints = new Map<string, number>();
  /** One pump per consumer and stream: running, and whether a put came in meanwhile. */
  private readonly pumps = new Map<string, { running: Promise<void>; again: boolean }>();
  private readonly retry: StreamRetry;
  /** Each stream's latest item when the stream started: what `caughtUp` waits for. */
  private startedAt = new Map<string, number>();
  private readonly middlewareName: string;
  private closed = false;
  /** Handlers run in the stream's own async context, never the writer's (as a Lambda apart from the one that wrote). */
  private readonly context = new AsyncResource('local-table-stream');

  private constructor(private readonly options: LocalTableStreamOptions) {
    this.retry = { ...DEFAULT_STREAM_RETRY, ...options.retry };
    this.middlewareName = `local-table-stream:${options.tableName}:${Math.random().toString(36).slice(2)}`;
  }

  /**
   * Opens the stream and catches up with every item past each consumer's checkpoint. A checkpoint
   * table created now (a data folder from before the stream) starts every consumer at the table's
   * latest items: what was there was already delivered by whatever ran then.
   */
  static async start(options: LocalTableStreamOptions): Promise<LocalTableStream> {
    const stream = new LocalTableStream(options);
    const created = await createCheckpointTable(options.client, options.checkpointTable);
    options.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { TableName?: string; Item?: Record<string, AttributeValue> };
        const item = input.Item;
        if (context.commandName === 'PutItemCommand' && input.TableName === options.tableName && item) stream.context.runInAsyncScope(() => stream.wake(item));
        return result;
      },
      { step: 'initialize', name: stream.middlewareName },
    );
    await stream.catchUp(created);
    return stream;
  }

  /** Resolves once every consumer has finished every item it was woken for (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pumps.size > 0) await Promise.allSettled([...this.pumps.values()].map((pump) => pump.running));
  }

  /**
   * Resolves once the consumer has finished every item the table held when the stream started (a
   * start-up that reads a projection first), whatever has been put since: live traffic never holds it up.
   */
  async caughtUp(consumer: string): Promise<void> {
    const behind = () => [...this.startedAt].some(([streamId, version]) => this.checkpoint(consumer, streamId) < version);
    while (behind() && !this.closed) await sleep(20);
  }

  /** Stops taking puts and lets the handlers running now finish; the checkpoints hold the place for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.options.client.middlewareStack.remove(this.middlewareName);
    await Promise.allSettled([...this.pumps.values()].map((pump) => pump.running));
  }

  /**
   * A put landed. A consumer whose filter leaves the item out is not woken for it (its checkpoint
   * stays behind, and the next item it takes moves it past this one), so the appends no consumer
   * wants cost nothing.
   */
  private wake(item: Record<string, AttributeValue>): void {
    const streamId = item[STREAM_ID]?.S;
    if (streamId === undefined) return;
    for (const consumer of this.options.consumers) {
      if (consumer.filter(item) || this.pumps.has(`${consumer.name}\0${streamId}`)) this.pump(consumer, streamId);
    }
  }

  private pump(consumer: StreamConsumer, streamId: string): void {
    if (this.closed) return;
    const key = `${consumer.name}\0${streamId}`;
    const pump = this.pumps.get(key);
    if (pump) {
      pump.again = true;
      return;
    }
    const entry = { running: Promise.resolve(), again: true };
    entry.running = (async () => {
      while (entry.again && !this.closed) {
        entry.again = false;
        await this.drain(consumer, streamId);
      }
    })().finally(() => this.pumps.delete(key));
    this.pumps.set(key, entry);
  }

  /** Hands the consumer every item of the stream past its checkpoint, in order, retrying a failure until it passes or the stream closes. */
  private async drain(consumer: StreamConsumer, streamId: string): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        const items = await this.itemsAfter(streamId, this.checkpoint(consumer.name, streamId));
        if (items.length === 0) break;
        const failed = await this.deliver(consumer, streamId, items);
        if (failed === undefined) {
          if (failures > 0) this.options.log(`   stream consumer ${consumer.name} delivered ${streamId} again after ${failures} failed attempt(s)`);
          failures = 0;
          continue;
        }
        throw failed;
      } catch (error) {
        failures += 1;
        if (failures === 1) {
          this.options.log(`!! stream consumer ${consumer.name} failed on ${streamId} (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}); retrying from its checkpoint`);
        }
        const ceiling = Math.min(this.retry.maxDelayMs, this.retry.firstDelayMs * 2 ** (failures - 1));
        await sleep(ceiling / 2 + (Math.random() * ceiling) / 2);
      }
    }
  }

  /** Invokes the handler batch by batch; the checkpoint moves past each batch (or up to its failed record). Returns the failure, if any. */
  private async deliver(consumer: StreamConsumer, streamId: string, items: readonly Record<string, AttributeValue>[]): Promise<Error | undefined> {
    let batch: { version: number; record: DynamoDBRecord }[] = [];
    let passed: number | undefined;
    const flush = async (): Promise<Error | undefined> => {
      if (batch.length > 0) {
        const response = await consumer.handler({ Records: batch.map((entry) => entry.record) });
        const failure = response?.batchItemFailures[0]?.itemIdentifier;
        const at = batch.findIndex((entry) => entry.record.dynamodb?.SequenceNumber === failure);
        if (failure !== undefined) {
          if (at > 0) await this.save(consumer.name, streamId, batch[at - 1]!.version);
          return new Error(`the handler named record ${at >= 0 ? batch[at]!.version : failure} of its batch as failed`);
        }
      }
      // Records the filter left out move the place in memory only: after a restart they are read and left out again.
      if (passed !== undefined) await (batch.length > 0 ? this.save(consumer.name, streamId, passed) : this.remember(consumer.name, streamId, passed));
      batch = [];
      return undefined;
    };
    for (const item of items) {
      const version = Number(item[FIRST_VERSION]?.N);
      if (consumer.filter(item)) batch.push({ version, record: streamRecord(this.options.tableName, item, version) });
      passed = version;
      if (batch.length === BATCH_SIZE) {
        const failed = await flush();
        if (failed) return failed;
      }
    }
    return flush();
  }

  private checkpoint(consumer: string, streamId: string): number {
    return this.checkpoints.get(`${consumer}\0${streamId}`) ?? 0;
  }

  private async remember(consumer: string, streamId: string, version: number): Promise<void> {
    this.checkpoints.set(`${consumer}\0${streamId}`, version);
  }

  private async save(consumer: string, streamId: string, version: number): Promise<void> {
    await this.options.client.send(
      new PutItemCommand({
        TableName: this.options.checkpointTable,
        Item: { [CONSUMER]: { S: consumer }, [STREAM_ID]: { S: streamId }, [CHECKPOINT_VERSION]: { N: String(version) } },
      }),
    );
    this.checkpoints.set(`${consumer}\0${streamId}`, version);
  }

  private itemsAfter(streamId: string, version: number): Promise<Record<string, AttributeValue>[]> {
    return allPages((startKey) =>
      this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          ConsistentRead: true,
          KeyConditionExpression: '#stream = :stream AND #version > :after',
          ExpressionAttributeNames: { '#stream': STREAM_ID, '#version': FIRST_VERSION },
          ExpressionAttributeValues: { ':stream': { S: streamId }, ':after': { N: String(version) } },
          ExclusiveStartKey: startKey,
        }),
      ),
    );
  }

  /** Loads every checkpoint, then wakes each stream with items past one; `fresh`: a new checkpoint table, started at the latest items. */
  private async catchUp(fresh: boolean): Promise<void> {
    const latest = await this.latestVersions();
    this.startedAt = latest;
    for (const consumer of this.options.consumers) {
      if (fresh) {
        for (const [streamId, version] of latest) await this.save(consumer.name, streamId, version);
        continue;
      }
      const saved = await allPages((startKey) =>
        this.options.client.send(
          new QueryCommand({
            TableName: this.options.checkpointTable,
            ConsistentRead: true,
            KeyConditionExpression: '#consumer = :consumer',
            ExpressionAttributeNames: { '#consumer': CONSUMER },
            ExpressionAttributeValues: { ':consumer': { S: consumer.name } },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of saved) this.checkpoints.set(`${consumer.name}\0${item[STREAM_ID]!.S!}`, Number(item[CHECKPOINT_VERSION]!.N));
      for (const [streamId, version] of latest) if (version > this.checkpoint(consumer.name, streamId)) this.pump(consumer, streamId);
    }
  }

  /** Each stream's latest item (its first version), from a Scan of the keys alone. */
  private async latestVersions(): Promise<Map<string, number>> {
    const items = await allPages((startKey) =>
      this.options.client.send(
        new ScanCommand({
          TableName: this.options.tableName,
          ConsistentRead: true,
          ProjectionExpression: '#stream, #version',
          ExpressionAttributeNames: { '#stream': STREAM_ID, '#version': FIRST_VERSION },
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    const latest = new Map<string, number>();
    for (const item of items) {
      const streamId = item[STREAM_ID]!.S!;
      latest.set(streamId, Math.max(latest.get(streamId) ?? 0, Number(item[FIRST_VERSION]!.N)));
    }
    return latest;
  }
}

type Item = Record<string, AttributeValue>;

async function allPages(page: (startKey: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const answer = await page(startKey);
    items.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The record DynamoDB Streams would carry for this put (INSERT, NEW_IMAGE), its sequence number ordered within the visit stream. */
function streamRecord(tableName: string, item: Item, version: number): DynamoDBRecord {
  const image = toStreamImage(item);
  return {
    eventID: `${item[STREAM_ID]?.S}:${version}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${tableName}/stream/local`,
    dynamodb: {
      Keys: { [STREAM_ID]: image[STREAM_ID]!, [FIRST_VERSION]: image[FIRST_VERSION]! },
      NewImage: image,
      SequenceNumber: String(version).padStart(21, '0'),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** An item as a stream record's JSON carries it (binary as base64), not as the SDK holds it. */
function toStreamImage(item: Item): Record<string, StreamAttributeValue> {
  const image: Record<string, StreamAttributeValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) image[name] = { S: value.S };
    else if (value.N !== undefined) image[name] = { N: value.N };
    else if (value.SS !== undefined) image[name] = { SS: value.SS };
    else if (value.NS !== undefined) image[name] = { NS: value.NS };
    else if (value.BOOL !== undefined) image[name] = { BOOL: value.BOOL };
    else if (value.NULL !== undefined) image[name] = { NULL: value.NULL };
    else if (value.B !== undefined) image[name] = { B: Buffer.from(value.B).toString('base64') };
    else throw new Error(`the local table stream cannot carry attribute ${name} (${Object.keys(value).join(', ')})`);
  }
  return image;
}

/** Returns whether the table is new. */
async function createCheckpointTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  return createTableIfMissing(client, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: CONSUMER, KeyType: 'HASH' },
      { AttributeName: STREAM_ID, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: CONSUMER, AttributeType: 'S' },
      { AttributeName: STREAM_ID, AttributeType: 'S' },
    ],
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

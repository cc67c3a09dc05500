import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from '../functions/adapters/create-table';
import type { AlertPublisher } from '../functions/adapters/alert-publisher';
import type { AlertMessage } from '../functions/core/alerts';

/**
 * The local runtime's stand-in for the SNS topic: the stream publisher (functions/alerts/) publishes
 * here as it publishes to SNS on AWS. A publish returns once the message is accepted (its record
 * written, pending); delivery to every sink then happens in the background, each sink retried on its
 * own with backoff and a time limit per attempt, so a webhook that hangs delays nobody and the
 * console shows the alert at once. Each message keeps its record (pending, delivered, or dead: the
 * dead letter, with the sinks that never took it and why), so a restart delivers what a stopped
 * runtime left pending, and a message published again (the publisher died before its ledger said
 * sent) is not delivered twice.
 */

export interface AlertSink {
  /** Named in the dead letter and on the console. */
  readonly name: string;
  readonly sink: AlertPublisher;
}

export interface DeliveryPolicy {
  /** Attempts per sink before the message is dead-lettered for that sink. */
  readonly attempts: number;
  /** The wait before the second attempt; it doubles up to `maxDelayMs` (with full jitter). */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** One attempt that has not settled by then counts as failed (the sink hangs). */
  readonly timeoutMs: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = { attempts: 6, firstDelayMs: 250, maxDelayMs: 8_000, timeoutMs: 5_000 };

export type DeliveryState = 'pending' | 'delivered' | 'dead';

export interface DeliveryRecord {
  readonly messageId: string;
  readonly state: DeliveryState;
  readonly message: AlertMessage;
  readonly failedSinks: readonly string[];
  readonly lastError?: string;
  readonly updatedAt: string;
}

const KEY = 'messageId';
/** Present only while a record is pending: the key of the sparse index that a restart reads. */
const PENDING = 'pending';
const PENDING_INDEX = 'pending-alerts';
export class LocalAlertTopic implements AlertPublisher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly delivery: DeliveryPolicy;

  constructor(
    private readonly options: {
      readonly client: DynamoDBClient;
      readonly tableName: string;
      readonly sinks: readonly AlertSink[];
      /** Where dead letters and bookkeeping failures are said out loud. */
      readonly log: (line: string) => void;
      readonly delivery?: Partial<DeliveryPolicy>;
    },
  ) {
    this.delivery = { ...DEFAULT_DELIVERY, ...options.delivery };
  }

  /**
   * Accepts the message once its record is written (a failure to write it throws: the publisher
   * retries), then delivers it in the background. A message already taken is not delivered again.
   */
  async publish(message: AlertMessage): Promise<void> {
    if (this.inFlight.has(message.messageId) || (await this.record(message.messageId))) return;
    await this.write({ message, state: 'pending', failedSinks: [] }, { mustLand: true });
    this.enqueue(message);
  }

  /** After a restart: deliver what was pending when the last run stopped. Returns how many; it does not wait for them. */
  async redeliverPending(): Promise<number> {
    const pending = (await this.pendingItems()).map((item) => toRecord(item).message);
    for (const message of pending) this.enqueue(message);
    return pending.length;
  }

  /** Resolves once nothing is being delivered (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  async record(messageId: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.options.client.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: { [KEY]: { S: messageId } }, ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  private enqueue(message: AlertMessage): void {
    if (this.inFlight.has(message.messageId)) return;
    const delivering = this.deliver(message).finally(() => this.inFlight.delete(message.messageId));
    this.inFlight.set(message.messageId, delivering);
  }

  private async deliver(message: AlertMessage): Promise<void> {
    // Bookkeeping never stands between an alert and its sinks: a record that cannot be written is
    // said on the console, and the worst it costs is a second delivery after a restart.
    const outcomes = await Promise.all(this.options.sinks.map((sink) => this.toSink(sink, message)));
    const failed = outcomes.filter((outcome): outcome is { sink: string; error: string } => outcome !== undefined);
    if (failed.length > 0) {
      this.options.log(
        `!! ALERT NOT DELIVERED to ${failed.map((f) => f.sink).join(', ')} after ${this.delivery.attempts} attempts ` +
          `(${message.kind} ${message.schoolId}/${message.visitId}, message ${message.messageId}): ${failed[0]!.error}; kept in the alert topic as a dead letter`,
      );
    }
    await this.write({
      message,
      state: failed.length > 0 ? 'dead' : 'delivered',
      failedSinks: failed.map((f) => f.sink),
      ...(failed[0] ? { lastError: failed[0].error } : {}),
    });
  }

  /** Undefined when the sink took it; else the sink and its last error. */
  private async toSink({ name, sink }: AlertSink, message: AlertMessage): Promise<{ sink: string; error: string } | undefined> {
    let lastError = '';
    for (let attempt = 1; attempt <= this.delivery.attempts; attempt++) {
      try {
        await withTimeout(sink.publish(message), this.delivery.timeoutMs, `${name} did not answer within ${this.delivery.timeoutMs} ms`);
        return undefined;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (attempt < this.delivery.attempts) {
        const ceiling = Math.min(this.delivery.maxDelayMs, this.delivery.firstDelayMs * 2 ** (attempt - 1));
        await sleep(ceiling / 2 + (Math.random() * ceiling) / 2);
      }
    }
    return { sink: name, error: lastError };
  }

  private async write(record: Omit<DeliveryRecord, 'messageId' | 'updatedAt'>, { mustLand = false } = {}): Promise<void> {
    const item: Record<string, AttributeValue> = {
      [KEY]: { S: record.message.messageId },
      state: { S: record.state },
      message: { S: JSON.stringify(record.message) },
      failedSinks: { S: JSON.stringify(record.failedSinks) },
      updatedAt: { S: new Date().toISOString() },
      ...(record.lastError ? { lastError: { S: record.lastError.slice(0, 500) } } : {}),
      ...(record.state === 'pending' ? { [PENDING]: { S: PENDING } } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.client.send(new PutItemCommand({ TableName: this.options.tableName, Item: item }));
        return;
      } catch (error) {
        if (attempt >= 3) {
          if (mustLand) throw error;
          this.options.log(`!! alert topic: could not record message ${record.message.messageId} as ${record.state}: ${error instanceof Error ? error.name : 'error'}`);
          return;
        }
        await sleep(50 * attempt);
      }
    }
  }

  private async pendingItems(): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: PENDING_INDEX,
          KeyConditionExpression: '#pending = :pending',
          ExpressionAttributeNames: { '#pending': PENDING },
          ExpressionAttributeValues: { ':pending': { S: PENDING } },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

export async function createAlertTopicTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createTableIfMissing(client, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: KEY, AttributeType: 'S' },
      { AttributeName: PENDING, AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: KEY, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      { IndexName: PENDING_INDEX, KeySchema: [{ AttributeName: PENDING, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ],
  });
}

function toRecord(item: Record<string, AttributeValue>): DeliveryRecord {
  return {
    messageId: item[KEY]!.S!,
    state: item.state!.S as DeliveryState,
    message: JSON.parse(item.message!.S!) as AlertMessage,
    failedSinks: JSON.parse(item.failedSinks?.S ?? '[]') as string[],
    ...(item.lastError?.S ? { lastError: item.lastError.S } : {}),
    updatedAt: item.updatedAt!.S!,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

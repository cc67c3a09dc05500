import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  waitUntilTableExists,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from '../adapters/create-table';
import { whenAvailable } from '../adapters/dependency-unavailable';

/**
 * What the alert publisher has done, beside the event table it reads: which messages went out (so a
 * replayed stream record, a re-drive or a re-created trigger never sends one again), and which
 * appends it set aside because they can never be published as they are (so an operator can read
 * them and re-drive them once mended). The events stay the facts; this table only remembers the
 * publisher's side effects.
 */
export interface AlertLedger {
  /** Whether the message with this id was published already. */
  sent(messageId: string): Promise<boolean>;
  /** Remember a published message; remembering it twice is fine. */
  recordSent(messageId: string, at: Date): Promise<void>;
  /** Set an append aside; setting the same append aside twice keeps the first record. */
  hold(append: HeldAppend): Promise<void>;
  /** Every append set aside, oldest first. */
  held(): Promise<HeldAppend[]>;
  /** The append was re-driven: forget it. */
  release(visitId: string, version: number): Promise<void>;
}

/** Why an append can never be published as it stands. */
export type HoldReason = 'record-unreadable' | 'policy-missing';

export interface HeldAppend {
  readonly visitId: string;
  /** The first version of the append (the event item's sort key). */
  readonly version: number;
  readonly reason: HoldReason;
  /** In words for the operator: which version does not parse and why, or which policy is missing. */
  readonly detail: string;
  readonly heldAt: string;
}

/** Partition key (S): `sent` or `held`, so the held appends are one Query. */
export const LEDGER_KIND = 'kind';
/** Sort key (S): the message id (`<visitId>:<version>`), or the held append's `<visitId>:<version>`. */
export const LEDGER_ID = 'id';
/** A sent entry's expiry (N, epoch seconds), the table's TTL attribute. */
export const LEDGER_EXPIRES = 'expiresAt';

/**
 * How long a sent entry is kept: far past the stream's 24 hours (a re-created trigger) and the
 * on-failure bucket's retention (a late re-drive), so neither can send an old alert again.
 */
export const SENT_KEPT_DAYS = 90;

export class DynamoDbAlertLedger implements AlertLedger {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}

  async sent(messageId: string): Promise<boolean> {
    const { Item } = await this.call(() =>
      this.options.client.send(new GetItemCommand({ TableName: this.options.tableName, ConsistentRead: true, Key: key('sent', messageId) })),
    );
    return Item !== undefined;
  }

  async recordSent(messageId: string, at: Date): Promise<void> {
    const expiresAt = Math.floor(at.getTime() / 1000) + SENT_KEPT_DAYS * 86_400;
    await this.putNew({ ...key('sent', messageId), sentAt: { S: at.toISOString() }, [LEDGER_EXPIRES]: { N: String(expiresAt) } });
  }

  async hold(append: HeldAppend): Promise<void> {
    await this.putNew({
      ...key('held', heldId(append.visitId, append.version)),
      visitId: { S: append.visitId },
      version: { N: String(append.version) },
      reason: { S: append.reason },
      detail: { S: append.detail },
      heldAt: { S: append.heldAt },
    });
  }

  async held(): Promise<HeldAppend[]> {
    const held: HeldAppend[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.call(() =>
        this.options.client.send(
          new QueryCommand({
            TableName: this.options.tableName,
            ConsistentRead: true,
            KeyConditionExpression: '#kind = :held',
            ExpressionAttributeNames: { '#kind': LEDGER_KIND },
            ExpressionAttributeValues: { ':held': { S: 'held' } },
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        held.push({
          visitId: item.visitId?.S ?? '?',
          version: Number(item.version?.N),
          reason: item.reason?.S as HoldReason,
          detail: item.detail?.S ?? '',
          heldAt: item.heldAt?.S ?? '',
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return held.sort((a, b) => a.heldAt.localeCompare(b.heldAt) || a.visitId.localeCompare(b.visitId) || a.version - b.version);
  }

  async release(visitId: string, version: number): Promise<void> {
    await this.call(() =>
      this.options.client.send(new DeleteItemCommand({ TableName: this.options.tableName, Key: key('held', heldId(visitId, version)) })),
    );
  }

  /** A conditional put: an entry already there stays as it was (the first send, the first hold). */
  private async putNew(item: Record<string, AttributeValue>): Promise<void> {
    try {
      await this.call(() =>
        this.options.client.send(
          new PutItemCommand({
            TableName: this.options.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#id)',
            ExpressionAttributeNames: { '#id': LEDGER_ID },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return whenAvailable(`alert ledger ${this.options.tableName}`, request);
  }
}

const key = (kind: 'sent' | 'held', id: string): Record<string, AttributeValue> => ({ [LEDGER_KIND]: { S: kind }, [LEDGER_ID]: { S: id } });
const heldId = (visitId: string, version: number) => `${visitId}:${version}`;

/** Creates the ledger for local use and tests (dynalite); on AWS the stack creates it (lib/alert-delivery.ts). */
export async function createAlertLedgerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createTableIfMissing(client, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: LEDGER_KIND, KeyType: 'HASH' },
      { AttributeName: LEDGER_ID, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: LEDGER_KIND, AttributeType: 'S' },
      { AttributeName: LEDGER_ID, AttributeType: 'S' },
    ],
  });
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
}

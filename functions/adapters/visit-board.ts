import {
  ConditionalCheckFailedException,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ResourceNotFoundException,
  ScanCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { createTableIfMissing } from './create-table';
import { BoardSummary, byUrgency, isOpenLine, matchesBoardFilter, type BoardStatusFilter } from '../core/board';
import { whenAvailable } from './dependency-unavailable';

/**
 * The office board's read model: one item per visit, replaced after each append. Projections may
 * arrive out of order (the API and a workflow step append moments apart), so a put only lands when
 * it carries a newer version than the item holds.
 */

export interface BoardFilter {
  readonly status?: BoardStatusFilter;
  readonly schoolId?: string;
  /**
   * Only the lines that name this user id among their staff (GET /me/visits). Without a status or a
   * school this reads the whole table, as an unfiltered list does: the board has no index by staff.
   */
  readonly staffId?: string;
}

export interface VisitBoard {
  /** Store the line unless the board already holds this version or a newer one. */
  project(summary: BoardSummary): Promise<void>;
  /** Lines matching the filter, most urgent first. Lines stored before a field existed parse with its default (board.ts). */
  list(filter?: BoardFilter): Promise<BoardSummary[]>;
  /** Every visit whose report is not filed yet (the workflow still runs it), or with an alert still open, most urgent first. */
  unfinished(filter?: Pick<BoardFilter, 'schoolId'>): Promise<BoardSummary[]>;
  /**
   * The same lines a page at a time (at most `pageSize` each, in no order), for a reader that must
   * stop within a time limit: shard by shard from `firstShard` (of OPEN_SHARDS), wrapping round, so
   * readers that start at different shards reach every line in turn.
   */
  unfinishedPages(options: { readonly pageSize: number; readonly firstShard?: number }): AsyncIterable<readonly BoardSummary[]>;
  /**
   * Quarantine: flag the visit's line "record damaged" from `version` on, whatever version it holds.
   * The line stays as last read, active, and sorts first; the next projection (once the record is
   * repaired and written to again) replaces it. False when the board has no line for the visit.
   */
  markDamaged(key: BoardKey, damage: { readonly version: number }): Promise<boolean>;
}

export interface BoardKey {
  readonly schoolId: string;
  readonly visitId: string;
}

/** The line as it shows a damaged record. */
const damagedLine = (line: BoardSummary, version: number): BoardSummary => BoardSummary.parse({ ...line, active: true, damaged: { version } });

/** Partition key (S). */
export const BOARD_SCHOOL_ID = 'schoolId';
/** Sort key (S). */
export const BOARD_VISIT_ID = 'visitId';
/** The summary's version (N): the condition that drops stale projections reads it. */
export const BOARD_VERSION = 'version';
export const BOARD_STATUS = 'status';
export const BOARD_ACTIVE = 'active';
/** The whole BoardSummary as JSON text (S). */
export const BOARD_SUMMARY = 'summary';
/**
 * Present (S, always `open`) only while the visit's report is not filed or an alert on it is open: the partition key of the
 * sparse index the office board reads, so that its everyday question ("who is out?") costs what is
 * open today, not every visit the trust has ever made.
 */
export const BOARD_OPEN = 'open';
export const BOARD_OPEN_INDEX = 'open-visits';
/**
 * The open index's partition keys: `open#0` … `open#7`, by a hash of the visit id, so no one key
 * takes every open visit's writes (a partition takes 1,000 writes a second) and a reader can take
 * them a shard at a time. Lines stored before the shards carry `open` and are read with them until
 * their visit's next event re-projects them.
 */
export const OPEN_SHARDS = 8;
const LEGACY_OPEN = 'open';
export const openShardOf = (visitId: string): number => createHash('sha256').update(visitId).digest()[0]! % OPEN_SHARDS;
const openKey = (shard: number): string => `${LEGACY_OPEN}#${shard}`;
/** Every partition key of the open index a read must cover: the shards, then the lines from before them. */
const OPEN_KEYS = [...Array.from({ length: OPEN_SHARDS }, (_, shard) => openKey(shard)), LEGACY_OPEN];

/** Whether a filter can only match unfinished visits, so the open index holds all its answers. */
const onlyUnfinished = (filter: BoardFilter) => filter.status !== undefined && filter.status !== 'filed';

const lineOf = (item: Record<string, AttributeValue>): BoardSummary => BoardSummary.parse(JSON.parse(item[BOARD_SUMMARY]?.S ?? 'null'));

type Page = { readonly Items?: Record<string, AttributeValue>[]; readonly LastEvaluatedKey?: Record<string, AttributeValue> };

/**
 * On DynamoDB. A throttled or unreachable table surfaces as DependencyUnavailableError (retryable);
 * what the table refuses stays the SDK's own error.
 */
export class DynamoDbVisitBoard implements VisitBoard {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}

  async project(summary: BoardSummary): Promise<void> {
    const line = BoardSummary.parse(summary);
    try {
      await this.call(() => this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            [BOARD_SCHOOL_ID]: { S: line.schoolId },
            [BOARD_VISIT_ID]: { S: line.visitId },
            [BOARD_VERSION]: { N: String(line.version) },
            [BOARD_STATUS]: { S: line.status },
            [BOARD_ACTIVE]: { BOOL: line.active },
            [BOARD_SUMMARY]: { S: JSON.stringify(line) },
            ...(isOpenLine(line) ? { [BOARD_OPEN]: { S: openKey(openShardOf(line.visitId)) } } : {}),
          },
          ConditionExpression: 'attribute_not_exists(#visitId) OR #version < :version',
          ExpressionAttributeNames: { '#visitId': BOARD_VISIT_ID, '#version': BOARD_VERSION },
          ExpressionAttributeValues: { ':version': { N: String(line.version) } },
        }),
      ));
    } catch (error) {
      // The board already shows this version or a newer one: the stale line is dropped on purpose.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async list(filter: BoardFilter = {}): Promise<BoardSummary[]> {
    const { schoolId } = filter;
    const lines = onlyUnfinished(filter)
      ? await this.unfinished(filter)
      : await this.readAll(
          schoolId === undefined
            ? (startKey) => this.options.client.send(new ScanCommand({ TableName: this.options.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }))
            : (startKey) =>
                this.options.client.send(new QueryCommand({
                  TableName: this.options.tableName,
                  KeyConditionExpression: '#school = :school',
                  ExpressionAttributeNames: { '#school': BOARD_SCHOOL_ID },
                  ExpressionAttributeValues: { ':school': { S: schoolId } },
                  ExclusiveStartKey: startKey,
                  ConsistentRead: true,
                })),
        );
    return lines.filter((line) => matchesBoardFilter(line, filter)).sort(byUrgency);
  }

  /** From the sparse open index (eventually consistent, as every index: a line may lag its visit by a moment): every shard at once. */
  async unfinished(filter: Pick<BoardFilter, 'schoolId'> = {}): Promise<BoardSummary[]> {
    const shards = await Promise.all(OPEN_KEYS.map((key) => this.readAll((startKey) => this.queryOpen(key, filter.schoolId, startKey))));
    return shards.flat().sort(byUrgency);
  }

  async *unfinishedPages({ pageSize, firstShard = 0 }: { readonly pageSize: number; readonly firstShard?: number }): AsyncIterable<readonly BoardSummary[]> {
    const shards = Array.from({ length: OPEN_SHARDS }, (_, i) => openKey((firstShard + i) % OPEN_SHARDS));
    for (const key of [...shards, LEGACY_OPEN]) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.call(() => this.queryOpen(key, undefined, startKey, pageSize));
        yield (page.Items ?? []).map(lineOf);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
  }

  private queryOpen(key: string, schoolId: string | undefined, startKey?: Record<string, AttributeValue>, limit?: number): Promise<Page> {
    const bySchool = schoolId !== undefined;
    return this.options.client.send(new QueryCommand({
      TableName: this.options.tableName,
      IndexName: BOARD_OPEN_INDEX,
      KeyConditionExpression: bySchool ? '#open = :open AND #school = :school' : '#open = :open',
      ExpressionAttributeNames: { '#open': BOARD_OPEN, ...(bySchool ? { '#school': BOARD_SCHOOL_ID } : {}) },
      ExpressionAttributeValues: { ':open': { S: key }, ...(bySchool ? { ':school': { S: schoolId } } : {}) },
      ExclusiveStartKey: startKey,
      ...(limit !== undefined ? { Limit: limit } : {}),
    }));
  }

  async markDamaged(key: BoardKey, damage: { readonly version: number }): Promise<boolean> {
    const { client, tableName } = this.options;
    const Key = { [BOARD_SCHOOL_ID]: { S: key.schoolId }, [BOARD_VISIT_ID]: { S: key.visitId } };
    // Read, flag, write back unless a projection landed in between (then read that one and flag it).
    for (let attempt = 1; ; attempt++) {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
      if (!Item) return false;
      const line = damagedLine(BoardSummary.parse(JSON.parse(Item[BOARD_SUMMARY]?.S ?? 'null')), damage.version);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { ...Item, [BOARD_ACTIVE]: { BOOL: line.active }, [BOARD_SUMMARY]: { S: JSON.stringify(line) } },
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': BOARD_VERSION },
            ExpressionAttributeValues: { ':version': Item[BOARD_VERSION] ?? { N: '0' } },
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 5) throw error;
      }
    }
  }

  /** Every page of a Scan or Query, as board lines. */
  private async readAll(page: (startKey?: Record<string, AttributeValue>) => Promise<Page>): Promise<BoardSummary[]> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const result = await this.call(() => page(startKey));
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items.map(lineOf);
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return whenAvailable(`board table ${this.options.tableName}`, request);
  }
}

/**
 * Creates the board table for local use and waits until it is ACTIVE; an existing table is fine.
 * One made before the open index existed (a local data folder from an older version) is rebuilt
 * with it, its lines kept: dynalite cannot add an index to a table.
 */
export async function createBoardTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await client.send(new DescribeTableCommand({ TableName: tableName })).catch((error: unknown) => {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  });
  if (existing?.Table?.GlobalSecondaryIndexes?.some((index) => index.IndexName === BOARD_OPEN_INDEX)) return;
  const board = new DynamoDbVisitBoard({ client, tableName });
  const kept = existing ? await board.list() : [];
  if (existing) {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await waitUntilTableNotExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  }
  // Another process may create it meanwhile (tests share a dynalite): that is fine.
  await createTableIfMissing(client, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: BOARD_SCHOOL_ID, KeyType: 'HASH' },
      { AttributeName: BOARD_VISIT_ID, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: BOARD_SCHOOL_ID, AttributeType: 'S' },
      { AttributeName: BOARD_VISIT_ID, AttributeType: 'S' },
      { AttributeName: BOARD_OPEN, AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: BOARD_OPEN_INDEX,
        KeySchema: [
          { AttributeName: BOARD_OPEN, KeyType: 'HASH' },
          { AttributeName: BOARD_SCHOOL_ID, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  for (const line of kept) await board.project(line);
}

export class MemoryVisitBoard implements VisitBoard {
  private readonly lines = new Map<string, BoardSummary>();

  async project(summary: BoardSummary): Promise<void> {
    const line = BoardSummary.parse(summary);
    const key = `${line.schoolId}\u0000${line.visitId}`;
    const current = this.lines.get(key);
    if (current && current.version >= line.version) return;
    this.lines.set(key, line);
  }

  async list(filter: BoardFilter = {}): Promise<BoardSummary[]> {
    return [...this.lines.values()].filter((line) => matchesBoardFilter(line, filter)).sort(byUrgency);
  }

  async unfinished(filter: Pick<BoardFilter, 'schoolId'> = {}): Promise<BoardSummary[]> {
    return (await this.list(filter)).filter(isOpenLine);
  }

  async *unfinishedPages({ pageSize, firstShard = 0 }: { readonly pageSize: number; readonly firstShard?: number }): AsyncIterable<readonly BoardSummary[]> {
    const open = await this.unfinished();
    for (let i = 0; i < OPEN_SHARDS; i++) {
      const shard = (firstShard + i) % OPEN_SHARDS;
      const lines = open.filter((line) => openShardOf(line.visitId) === shard);
      for (let from = 0; from < lines.length; from += pageSize) yield lines.slice(from, from + pageSize);
    }
  }

  async markDamaged(key: BoardKey, damage: { readonly version: number }): Promise<boolean> {
    const id = `${key.schoolId}\u0000${key.visitId}`;
    const current = this.lines.get(id);
    if (!current) return false;
    this.lines.set(id, damagedLine(current, damage.version));
    return true;
  }
}

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  PutItemCommand,
  QueryCommand,
  ResourceInUseException,
  ScanCommand,
  waitUntilTableExists,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { BoardSummary, byUrgency, matchesBoardFilter, type BoardStatusFilter } from '../core/board';

/**
 * The office board's read model: one item per visit, replaced after each append. Projections may
 * arrive out of order (the API and a workflow step append moments apart), so a put only lands when
 * it carries a newer version than the item holds.
 */

export interface BoardFilter {
  readonly status?: BoardStatusFilter;
  readonly schoolId?: string;
}

export interface VisitBoard {
  /** Store the line unless the board already holds this version or a newer one. */
  project(summary: BoardSummary): Promise<void>;
  /** Lines matching the filter, most urgent first. */
  list(filter?: BoardFilter): Promise<BoardSummary[]>;
}

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

export class DynamoDbVisitBoard implements VisitBoard {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}

  async project(summary: BoardSummary): Promise<void> {
    const line = BoardSummary.parse(summary);
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: {
            [BOARD_SCHOOL_ID]: { S: line.schoolId },
            [BOARD_VISIT_ID]: { S: line.visitId },
            [BOARD_VERSION]: { N: String(line.version) },
            [BOARD_STATUS]: { S: line.status },
            [BOARD_ACTIVE]: { BOOL: line.active },
            [BOARD_SUMMARY]: { S: JSON.stringify(line) },
          },
          ConditionExpression: 'attribute_not_exists(#visitId) OR #version < :version',
          ExpressionAttributeNames: { '#visitId': BOARD_VISIT_ID, '#version': BOARD_VERSION },
          ExpressionAttributeValues: { ':version': { N: String(line.version) } },
        }),
      );
    } catch (error) {
      // The board already shows this version or a newer one: the stale line is dropped on purpose.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async list(filter: BoardFilter = {}): Promise<BoardSummary[]> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.options.client.send(
        filter.schoolId === undefined
          ? new ScanCommand({ TableName: this.options.tableName, ExclusiveStartKey: startKey, ConsistentRead: true })
          : new QueryCommand({
              TableName: this.options.tableName,
              KeyConditionExpression: '#school = :school',
              ExpressionAttributeNames: { '#school': BOARD_SCHOOL_ID },
              ExpressionAttributeValues: { ':school': { S: filter.schoolId } },
              ExclusiveStartKey: startKey,
              ConsistentRead: true,
            }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items
      .map((item) => BoardSummary.parse(JSON.parse(item[BOARD_SUMMARY]?.S ?? 'null')))
      .filter((line) => matchesBoardFilter(line, filter))
      .sort(byUrgency);
  }
}

/** Creates the board table for local use and waits until it is ACTIVE; an existing table is fine. */
export async function createBoardTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: BOARD_SCHOOL_ID, KeyType: 'HASH' },
          { AttributeName: BOARD_VISIT_ID, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: BOARD_SCHOOL_ID, AttributeType: 'S' },
          { AttributeName: BOARD_VISIT_ID, AttributeType: 'S' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
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
}

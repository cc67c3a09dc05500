import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from './create-table';
import * as z from 'zod';
import { whenAvailable } from './dependency-unavailable';

/**
 * Where a visit's waiting Step Functions task keeps its token: server side only, apart from the
 * events (never in the history, never in an API response). One waiting task per visit: a new wait
 * replaces the last one's entry.
 */

export const WaitingTask = z.object({
  visitId: z.string().min(1),
  token: z.string().min(1),
  stage: z.string().min(1),
  accepts: z.array(z.string()),
  storedAt: z.string(),
});
export type WaitingTask = z.infer<typeof WaitingTask>;

export interface TaskTokenStore {
  put(task: WaitingTask): Promise<void>;
  get(visitId: string): Promise<WaitingTask | undefined>;
  /** Remove the entry if it still holds this token: true for exactly one caller. */
  take(visitId: string, token: string): Promise<boolean>;
}

/** The token table's partition key (the stack names it from here). */
export const TASK_TOKEN_KEY = 'visitId';
const KEY = TASK_TOKEN_KEY;
const TOKEN = 'token';

/**
 * On DynamoDB. A throttled or unreachable table surfaces as DependencyUnavailableError (retryable);
 * what the table refuses stays the SDK's own error.
 */
export class DynamoDbTaskTokenStore implements TaskTokenStore {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}

  async put(task: WaitingTask): Promise<void> {
    await this.call(() =>
      this.options.client.send(new PutItemCommand({
        TableName: this.options.tableName,
        Item: { [KEY]: { S: task.visitId }, [TOKEN]: { S: task.token }, task: { S: JSON.stringify(task) } },
      })),
    );
  }

  async get(visitId: string): Promise<WaitingTask | undefined> {
    const { Item } = await this.call(() =>
      this.options.client.send(new GetItemCommand({ TableName: this.options.tableName, Key: { [KEY]: { S: visitId } }, ConsistentRead: true })),
    );
    return Item?.task?.S ? WaitingTask.parse(JSON.parse(Item.task.S)) : undefined;
  }

  async take(visitId: string, token: string): Promise<boolean> {
    try {
      // One conditional delete: exactly one caller removes the entry while it still holds this token.
      await this.call(() =>
        this.options.client.send(new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: { [KEY]: { S: visitId } },
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': TOKEN },
          ExpressionAttributeValues: { ':token': { S: token } },
        })),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return whenAvailable(`task token table ${this.options.tableName}`, request);
  }
}

export async function createTaskTokenTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createTableIfMissing(client, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: KEY, KeyType: 'HASH' }],
  });
}

export class MemoryTaskTokenStore implements TaskTokenStore {
  private readonly tasks = new Map<string, WaitingTask>();
  async put(task: WaitingTask): Promise<void> {
    this.tasks.set(task.visitId, task);
  }
  async get(visitId: string): Promise<WaitingTask | undefined> {
    return this.tasks.get(visitId);
  }
  async take(visitId: string, token: string): Promise<boolean> {
    if (this.tasks.get(visitId)?.token !== token) return false;
    this.tasks.delete(visitId);
    return true;
  }
}

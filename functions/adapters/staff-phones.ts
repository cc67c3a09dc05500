import { GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from './create-table';
import { whenAvailable } from './dependency-unavailable';
import { normalisedNumber, type RegisteredPhone, type StaffPhones } from '../app/text-ports';

/**
 * Staff's registered mobiles, one item per number: { number (S, E.164), userId (S), name (S) },
 * and `textReminders` (BOOL, they chose check-in reminders by text), written by the trust's admin
 * tooling (locally: from the demo users), with what texts from it have
 * done: `badCodes` (SS, the ids of the messages that sent a wrong code, so a message delivered twice
 * counts once) and `lockedUntil` (S). An index by user finds the number to text a reminder to.
 */

/** Partition key (S): the number in E.164. */
export const PHONE_NUMBER = 'number';
export const PHONE_USER_ID = 'userId';
/** The index by member of staff (partition key userId). */
export const PHONES_BY_USER = 'byUser';
const NAME = 'name';
const BAD_CODES = 'badCodes';
const LOCKED_UNTIL = 'lockedUntil';
const TEXT_REMINDERS = 'textReminders';

export class DynamoDbStaffPhones implements StaffPhones {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}

  async byNumber(number: string): Promise<RegisteredPhone | undefined> {
    const { Item } = await this.call(() =>
      this.options.client.send(new GetItemCommand({ TableName: this.options.tableName, Key: this.key(number), ConsistentRead: true })),
    );
    return Item ? phoneOf(Item) : undefined;
  }

  async ofUser(userId: string): Promise<RegisteredPhone | undefined> {
    const { Items } = await this.call(() =>
      this.options.client.send(new QueryCommand({
        TableName: this.options.tableName,
        IndexName: PHONES_BY_USER,
        KeyConditionExpression: '#u = :u',
        ExpressionAttributeNames: { '#u': PHONE_USER_ID },
        ExpressionAttributeValues: { ':u': { S: userId } },
        Limit: 1,
      })),
    );
    const item = Items?.[0];
    return item ? phoneOf(item) : undefined;
  }

  async badCode(number: string, messageId: string): Promise<number> {
    const { Attributes } = await this.call(() =>
      this.options.client.send(new UpdateItemCommand({
        TableName: this.options.tableName,
        Key: this.key(number),
        // A set: the same message added again changes nothing.
        UpdateExpression: 'ADD #b :m',
        ConditionExpression: 'attribute_exists(#n)',
        ExpressionAttributeNames: { '#b': BAD_CODES, '#n': PHONE_NUMBER },
        ExpressionAttributeValues: { ':m': { SS: [messageId] } },
        ReturnValues: 'ALL_NEW',
      })),
    );
    return Attributes?.[BAD_CODES]?.SS?.length ?? 0;
  }

  async lock(number: string, until: string): Promise<void> {
    await this.update(number, 'SET #l = :l REMOVE #b', { ':l': { S: until } });
  }

  async goodCode(number: string): Promise<void> {
    await this.update(number, 'REMOVE #b');
  }

  /** Register (or replace) a member of staff's mobile: the admin tooling's write, and the local runtime's seed. */
  async register(phone: Pick<RegisteredPhone, 'number' | 'userId' | 'name' | 'textReminders'>): Promise<void> {
    await this.call(() =>
      this.options.client.send(new PutItemCommand({
        TableName: this.options.tableName,
        Item: { ...this.key(phone.number), [PHONE_USER_ID]: { S: phone.userId }, [NAME]: { S: phone.name }, [TEXT_REMINDERS]: { BOOL: phone.textReminders === true } },
      })),
    );
  }

  private update(number: string, expression: string, values?: Record<string, AttributeValue>) {
    return this.call(() =>
      this.options.client.send(new UpdateItemCommand({
        TableName: this.options.tableName,
        Key: this.key(number),
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(#n)',
        ExpressionAttributeNames: { '#n': PHONE_NUMBER, '#b': BAD_CODES, ...(values ? { '#l': LOCKED_UNTIL } : {}) },
        ...(values ? { ExpressionAttributeValues: values } : {}),
      })),
    );
  }

  private key(number: string): Record<string, AttributeValue> {
    return { [PHONE_NUMBER]: { S: normalisedNumber(number) } };
  }

  private call<T>(send: () => Promise<T>): Promise<T> {
    return whenAvailable(`staff phones table ${this.options.tableName}`, send);
  }
}

function phoneOf(item: Record<string, AttributeValue>): RegisteredPhone {
  const lockedUntil = item[LOCKED_UNTIL]?.S;
  return {
    number: item[PHONE_NUMBER]!.S!,
    userId: item[PHONE_USER_ID]!.S!,
    name: item[NAME]?.S ?? '',
    ...(item[TEXT_REMINDERS]?.BOOL ? { textReminders: true } : {}),
    ...(lockedUntil ? { lockedUntil } : {}),
  };
}

/** The table as the stack creates it (lib/sms.ts), for dynalite. */
export async function createStaffPhonesTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createTableIfMissing(client, {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: PHONE_NUMBER, AttributeType: 'S' },
      { AttributeName: PHONE_USER_ID, AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: PHONE_NUMBER, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: PHONES_BY_USER, KeySchema: [{ AttributeName: PHONE_USER_ID, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}

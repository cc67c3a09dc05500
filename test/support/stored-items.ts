import { PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EVENTS, FIRST_VERSION, LAST_VERSION, STREAM_ID } from '../../functions/adapters/event-table';
import { isEventList, parseStoredText, storedText } from '../../functions/adapters/stored-event';
import type { StoredEvent } from '../../functions/core/event-store';

/** Where a test reaches past the adapter: a DynamoDB client and the event table's name. */
export interface EventTable {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Replace the stored text of the item holding `version`, straight through the SDK, as someone with table access could. */
export async function rewriteStoredText(table: EventTable, streamId: string, version: number, change: (text: string) => string): Promise<void> {
  const { Items = [] } = await table.client.send(
    new QueryCommand({ TableName: table.tableName, KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': STREAM_ID }, ExpressionAttributeValues: { ':s': { S: streamId } } }),
  );
  const item = Items.find((candidate) => Number(candidate[FIRST_VERSION]?.N) <= version && version <= Number(candidate[LAST_VERSION]?.N));
  if (!item) throw new Error(`no item holds ${streamId} version ${version}`);
  await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: { ...item, [EVENTS]: { S: change(item[EVENTS]!.S!) } } }));
}

/** Rewrite one stored event inside its item, leaving the others of that append as they are. */
export function rewriteStoredEvent(table: EventTable, streamId: string, version: number, change: (event: StoredEvent) => StoredEvent): Promise<void> {
  return rewriteStoredText(table, streamId, version, (text) => withStoredEventChanged(text, version, change));
}

/**
 * An item's text with the event at `version` changed, in the item's own form: in a line, the
 * changed event's canonical text beside the hash `change` leaves it.
 */
export function withStoredEventChanged(text: string, version: number, change: (event: StoredEvent) => StoredEvent): string {
  const events = parseStoredText(text).map((event) => (event.version === version ? change(event) : event));
  return isEventList(text) ? JSON.stringify(events) : storedText(events);
}

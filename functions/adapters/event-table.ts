import {
  waitUntilTableExists,
  type AttributeValue,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from './create-table';

/**
 * The event table: one item per append, holding that append's events.
 * Every attribute name is written here once; the adapter, the CDK stack and tests import them.
 */

/** Partition key (S): the stream, one per visit. */
export const STREAM_ID = 'streamId';
/** Sort key (N): version of the first event of the append. */
export const FIRST_VERSION = 'version';
/** Version of the last event of the append (N). */
export const LAST_VERSION = 'last';
/** Idempotency key of the command that made the append (S). */
export const COMMAND_ID = 'commandId';
/** The append's events (S): a line per event, its hash and the canonical text hashed, byte for byte (stored-event.ts). */
export const EVENTS = 'events';
/**
 * The types of the append's events (SS), for the table stream's trigger to filter on: the alert
 * publisher is invoked only for appends that hold an alerting type (lib/alert-delivery.ts). Never
 * read back; items from before it was written lack it.
 */
export const EVENT_TYPES = 'types';
/*
 * Items written before issue 12 also hold `recordedAt` (S), the first event's recorded time, for
 * people reading the table. Nothing read it, and each event holds it in its meta: it cost every
 * append a sixth attribute for dynalite and the SDK to move, and every item its bytes.
 */

/**
 * The rule of a trigger's filter on EVENT_TYPES (lib/stream-trigger.ts writes it for Lambda), for a
 * stream emulated where no event source mapping filters: an item holding any of `types`, or one from
 * before appends stored their types.
 */
export function holdsAnyEventType(types: readonly string[]): (image: Record<string, AttributeValue>) => boolean {
  const wanted = new Set(types);
  return (image) => {
    const held = image[EVENT_TYPES]?.SS;
    return held === undefined || held.some((type) => wanted.has(type));
  };
}

export const EVENT_TABLE_KEY_SCHEMA: KeySchemaElement[] = [
  { AttributeName: STREAM_ID, KeyType: 'HASH' },
  { AttributeName: FIRST_VERSION, KeyType: 'RANGE' },
];

export const EVENT_TABLE_ATTRIBUTE_DEFINITIONS: AttributeDefinition[] = [
  { AttributeName: STREAM_ID, AttributeType: 'S' },
  { AttributeName: FIRST_VERSION, AttributeType: 'N' },
];

/** Creates the table for local use and waits until it is ACTIVE; an existing table is fine. */
export async function createEventTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createTableIfMissing(client, {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: EVENT_TABLE_KEY_SCHEMA,
    AttributeDefinitions: EVENT_TABLE_ATTRIBUTE_DEFINITIONS,
  });
  // The waiter's default 20 s first delay would dominate local start-up.
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
}

import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  RequestLimitExceeded,
  ThrottlingException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { parseStoredText } from '../../functions/adapters/stored-event';
import { COMMAND_ID, EVENTS, FIRST_VERSION, LAST_VERSION, STREAM_ID } from '../../functions/adapters/event-table';
import {
  EventStoreUnavailableError,
  ExpectedVersionConflictError,
  GENESIS_HASH,
  NO_STREAM,
} from '../../functions/core/event-store';
import { chainEvents } from '../../functions/core/hash-chain';
import { testEvents } from '../support/event-store-contract';

const client = new DynamoDBClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const ddb = mockClient(client);
afterAll(() => ddb.restore());
const store = new DynamoDbEventStore({ client, tableName: 'events' });
const $metadata = {};

function item(commandId: string, count: number): Record<string, AttributeValue> {
  const events = chainEvents('visit-1', 1, GENESIS_HASH, testEvents(count, commandId));
  return {
    [STREAM_ID]: { S: 'visit-1' },
    [FIRST_VERSION]: { N: '1' },
    [LAST_VERSION]: { N: String(count) },
    [COMMAND_ID]: { S: commandId },
    [EVENTS]: { S: JSON.stringify(events) },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const transientErrors: Array<[string, () => Error]> = [
  ['ThrottlingException', () => new ThrottlingException({ message: 'slow down', $metadata })],
  [
    'ProvisionedThroughputExceededException',
    () => new ProvisionedThroughputExceededException({ message: 'over capacity', $metadata }),
  ],
  ['RequestLimitExceeded', () => new RequestLimitExceeded({ message: 'account limit', $metadata })],
  ['InternalServerError', () => new InternalServerError({ message: 'oops', $metadata })],
  ['a refused connection', () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })],
];

beforeEach(() => {
  ddb.reset();
});

describe('DynamoDbEventStore when DynamoDB fails', () => {
  it.each(transientErrors)('reports %s on the head Query as unavailable, without trying to write', async (_, makeError) => {
    const cause = makeError();
    ddb.on(QueryCommand).rejects(cause);

    const error = await rejection(store.append('visit-1', testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' }));

    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error).toMatchObject({ retryable: true, cause });
    expect(ddb).not.toHaveReceivedCommand(PutItemCommand);
  });

  it.each(transientErrors)('reports %s on the PutItem as unavailable after a single whole-append put', async (_, makeError) => {
    const cause = makeError();
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutItemCommand).rejects(cause);

    const error = await rejection(store.append('visit-1', testEvents(3, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' }));

    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error).toMatchObject({ retryable: true, cause });
    expect(ddb).toHaveReceivedCommandTimes(PutItemCommand, 1);
    const put = ddb.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(parseStoredText(put?.Item?.[EVENTS]?.S ?? '')).toHaveLength(3);
    expect(put?.ConditionExpression).toBe('attribute_not_exists(#version)');
  });

  it('reports throttling on a read as unavailable', async () => {
    ddb.on(QueryCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata }));

    await expect(store.read('visit-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('passes other errors through unchanged (not retryable)', async () => {
    const cause = Object.assign(new Error('bad request'), { name: 'ValidationException', $fault: 'client' });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutItemCommand).rejects(cause);

    await expect(store.append('visit-1', testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' })).rejects.toBe(cause);
  });

  it('turns a failed put condition into a version conflict when another command holds the version', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata }));
    ddb.on(GetItemCommand).resolves({ Item: item('someone-else', 2) });

    const error = await rejection(store.append('visit-1', testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' }));

    expect(error).toBeInstanceOf(ExpectedVersionConflictError);
    expect(error).toMatchObject({ expectedVersion: 0, actualVersion: 2, retryable: true });
  });

  it('answers as a duplicate when the failed put condition is our own earlier attempt (SDK retry)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata }));
    ddb.on(GetItemCommand).resolves({ Item: item('c1', 2) });

    const result = await store.append('visit-1', testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

    expect(result).toMatchObject({ duplicate: true, nextExpectedVersion: 2 });
    expect(result.events.map((event) => event.version)).toEqual([1, 2]);
  });

  it('refuses to use a stored item whose events do not parse', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...item('c1', 1), [EVENTS]: { S: '[{"type":"Noted"}]' } }] });

    await expect(store.read('visit-1')).rejects.toThrow(/do not parse/);
  });
});

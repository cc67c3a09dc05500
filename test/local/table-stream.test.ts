import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventTable, EVENT_TYPES, FIRST_VERSION, STREAM_ID } from '../../functions/adapters/event-table';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { LocalTableStream, type StreamConsumer } from '../../local/table-stream';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';

/**
 * The event table's stream emulated on in-memory dynalite: every put reaches each consumer as a
 * DynamoDB stream record, in version order per visit stream, from its checkpoint after a restart,
 * retried from the record that failed, and one consumer's failure never holds up another.
 */

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(() => dynalite.stop());

const QUICK = { firstDelayMs: 2, maxDelayMs: 10 };

/** A consumer that keeps what reached it as `streamId:version`, failing a record while `failing` holds it. */
function recorder(name: string, filter: StreamConsumer['filter'] = () => true) {
  const seen: string[] = [];
  const records: DynamoDBStreamEvent['Records'] = [];
  const failing = new Set<string>();
  let invocations = 0;
  const consumer: StreamConsumer = {
    name,
    filter,
    async handler(event) {
      invocations += 1;
      for (const record of event.Records) {
        const key = `${record.dynamodb?.Keys?.[STREAM_ID]?.S}:${record.dynamodb?.Keys?.[FIRST_VERSION]?.N}`;
        if (failing.has(key)) return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
        seen.push(key);
        records.push(record);
      }
      return { batchItemFailures: [] };
    },
  };
  return { consumer, seen, records, failing, invocations: () => invocations };
}

async function eventTable() {
  const tableName = uniqueId('events');
  await createEventTable(dynalite.client, tableName);
  const put = (streamId: string, version: number, types = ['CheckedIn']) =>
    dynalite.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { [STREAM_ID]: { S: streamId }, [FIRST_VERSION]: { N: String(version) }, [EVENT_TYPES]: { SS: types }, events: { S: '[]' } },
      }),
    );
  const open = (consumers: StreamConsumer[], log: (line: string) => void = () => undefined) =>
    LocalTableStream.start({ client: dynalite.client, tableName, checkpointTable: `${tableName}-checkpoints`, consumers, log, retry: QUICK });
  return { tableName, put, open };
}

describe('the local table stream', () => {
  it('hands each put to the consumer as an INSERT record with its new image, in version order per visit stream', async () => {
    const { put, open } = await eventTable();
    const { consumer, seen, records } = recorder('publisher');
    const stream = await open([consumer]);

    await Promise.all(['a', 'b', 'c'].map(async (visit) => {
      for (let version = 1; version <= 12; version++) await put(visit, version);
    }));
    await eventually('every put delivered', () => seen.length === 36);
    await stream.close();

    for (const visit of ['a', 'b', 'c']) {
      expect(seen.filter((key) => key.startsWith(`${visit}:`))).toEqual(Array.from({ length: 12 }, (_, i) => `${visit}:${i + 1}`));
    }
    expect(records[0]).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { StreamViewType: 'NEW_IMAGE', NewImage: { [EVENT_TYPES]: { SS: ['CheckedIn'] }, events: { S: '[]' } } } });
  });

  it('after a restart, delivers from each consumer’s checkpoint: what was put while it was down, and nothing it had finished', async () => {
    const { put, open } = await eventTable();
    const first = recorder('publisher');
    const firstRun = await open([first.consumer]);
    await put('visit', 1);
    await put('visit', 2);
    await firstRun.idle();
    await firstRun.close();

    await put('visit', 3); // no stream running
    const second = recorder('publisher');
    const secondRun = await open([second.consumer]);
    await secondRun.idle();
    await secondRun.close();

    expect(first.seen).toEqual(['visit:1', 'visit:2']);
    expect(second.seen).toEqual(['visit:3']);
  });

  it('retries a failed record until it passes, never passing it by, while the records before it are not sent again', async () => {
    const { put, open } = await eventTable();
    const { consumer, seen, failing, invocations } = recorder('publisher');
    const log: string[] = [];
    const stream = await open([consumer], (line) => log.push(line));
    failing.add('visit:2');

    await put('visit', 1);
    await put('visit', 2);
    await put('visit', 3);
    await eventually('a few retries of version 2', () => invocations() >= 5);
    const whileFailing = [...seen];
    failing.clear();
    await stream.idle();
    await stream.close();

    expect(whileFailing).toEqual(['visit:1']);
    expect(seen).toEqual(['visit:1', 'visit:2', 'visit:3']);
    expect(log.filter((line) => line.startsWith('!! stream consumer publisher failed on visit'))).toHaveLength(1);
  });

  it('keeps one consumer’s failure from holding up another, and passes over what a consumer’s filter leaves out', async () => {
    const { put, open } = await eventTable();
    const stuck = recorder('publisher', (image) => image[EVENT_TYPES]?.SS?.includes('PanicRaised') === true);
    const board = recorder('board');
    const stream = await open([stuck.consumer, board.consumer]);
    stuck.failing.add('visit:2');

    await put('visit', 1, ['CheckedIn']);
    await put('visit', 2, ['PanicRaised']);
    await put('visit', 3, ['CheckedIn']);
    await eventually('the board consumer to reach version 3', () => board.seen.length === 3);
    stuck.failing.clear();
    await stream.idle();
    await stream.close();

    expect(board.seen).toEqual(['visit:1', 'visit:2', 'visit:3']);
    expect(stuck.seen).toEqual(['visit:2']);
  });

  it('starts a consumer at the latest items when its checkpoint table is new (a data folder from before the stream)', async () => {
    const { put, open } = await eventTable();
    await put('old', 1);
    await put('old', 2);
    const { consumer, seen } = recorder('publisher');
    const stream = await open([consumer]);
    await put('old', 3);
    await stream.idle();
    await stream.close();

    expect(seen).toEqual(['old:3']);
  });
});

import { createRequire } from 'node:module';
import { PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventTable } from '../../functions/adapters/event-table';
import { startDynalite, type Dynalite } from '../../local/dynalite';

/**
 * Issue 12: dynalite 4.0.0 left every LevelDB iterator it read through open, each held by its
 * database with the buffers it read (about 20 KiB a Query). Counted here where abstract-level
 * attaches and detaches them: every read shape the event store, the board and the tokens use must
 * leave none behind.
 */

const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { AbstractLevel } = createRequire(fromDynalite.resolve('memory-level'))('abstract-level') as {
  AbstractLevel: { prototype: { attachResource(resource: object): void; detachResource(resource: object): void } };
};

let db: Dynalite;
const open = new Set<object>();
const { attachResource, detachResource } = AbstractLevel.prototype;

beforeAll(async () => {
  AbstractLevel.prototype.attachResource = function (resource) {
    open.add(resource);
    attachResource.call(this, resource);
  };
  AbstractLevel.prototype.detachResource = function (resource) {
    open.delete(resource);
    detachResource.call(this, resource);
  };
  db = await startDynalite();
  await createEventTable(db.client, 'iterators');
  for (let version = 1; version <= 30; version += 1) {
    await db.client.send(
      new PutItemCommand({ TableName: 'iterators', Item: { streamId: { S: `s${version % 3}` }, version: { N: String(version) }, events: { S: '[]' } } }),
    );
  }
});

afterAll(async () => {
  await db.stop();
  Object.assign(AbstractLevel.prototype, { attachResource, detachResource });
});

const query = (input: { Limit?: number; ScanIndexForward?: boolean; ExclusiveStartKey?: Record<string, { S: string } | { N: string }> }) =>
  db.client.send(
    new QueryCommand({
      TableName: 'iterators',
      ConsistentRead: true,
      KeyConditionExpression: 'streamId = :s',
      ExpressionAttributeValues: { ':s': { S: 's1' } },
      ...input,
    }),
  );

describe('dynalite closes the iterators it reads through', () => {
  it.each([
    ['a head read (newest first, Limit 1, the stream not read to its end)', () => query({ Limit: 1, ScanIndexForward: false })],
    ['a whole stream read to its end', () => query({})],
    ['a page of a longer read, and the page after it', async () => {
      const first = await query({ Limit: 4 });
      await query({ Limit: 4, ExclusiveStartKey: first.LastEvaluatedKey as never });
    }],
    ['a scan (the board)', () => db.client.send(new ScanCommand({ TableName: 'iterators' }))],
  ])('%s, 50 times, leaves none open', async (_shape, read) => {
    const before = open.size;
    for (let time = 0; time < 50; time += 1) await read();
    // An iterator closes on the tick its stream ends or is destroyed: let those settle.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(open.size - before).toBe(0);
  });
});

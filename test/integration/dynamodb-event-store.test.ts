import { createHash } from 'node:crypto';
import { GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { COMMAND_ID, createEventTable, EVENTS, FIRST_VERSION, LAST_VERSION, STREAM_ID } from '../../functions/adapters/event-table';
import {
  ExpectedVersionConflictError,
  GENESIS_HASH,
  NO_STREAM,
  type NewEvent,
  type StoredEvent,
} from '../../functions/core/event-store';
import { canonicalJson, chainEvents, hashEvent, verifyChain } from '../../functions/core/hash-chain';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { describeEventStoreContract, testEvent, testEvents } from '../support/event-store-contract';
import { uniqueId } from '../support/ids';
import { rewriteStoredEvent, rewriteStoredText, type EventTable } from '../support/stored-items';

const TABLE = 'events';
let dynalite: Dynalite;

beforeAll(async () => {
  dynalite = await startDynalite();
  await createEventTable(dynalite.client, TABLE);
});
afterAll(async () => {
  await dynalite?.stop();
});

const makeStore = () => new DynamoDbEventStore({ client: dynalite.client, tableName: TABLE });
const table = (): EventTable => ({ client: dynalite.client, tableName: TABLE });

async function itemCount(client: DynamoDBClient, streamId: string): Promise<number> {
  const { Count } = await client.send(
    new QueryCommand({
      TableName: TABLE,
      ConsistentRead: true,
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': STREAM_ID },
      ExpressionAttributeValues: { ':s': { S: streamId } },
    }),
  );
  return Count ?? 0;
}

describeEventStoreContract('DynamoDbEventStore on dynalite', makeStore);

describe('DynamoDbEventStore on dynalite', () => {
  it('creates the event table idempotently', async () => {
    await expect(createEventTable(dynalite.client, TABLE)).resolves.toBeUndefined();
  });

  it('stores an append of several events as one item, so a retry leaves the item count unchanged', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    await store.append(stream, testEvents(3, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    await store.append(stream, testEvents(1, 'c2'), { expectedVersion: 3, commandId: 'c2' });

    await store.append(stream, testEvents(3, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    await store.append(stream, testEvents(1, 'c2'), { expectedVersion: 3, commandId: 'c2' });

    expect(await itemCount(dynalite.client, stream)).toBe(2);
    expect((await store.read(stream)).map((event) => event.version)).toEqual([1, 2, 3, 4]);
  });

  it('writes none of a 3-event append that DynamoDB refuses (item over 400 KB)', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    const events: NewEvent[] = [...testEvents(2, 'c1'), testEvent('Noted', { blob: 'x'.repeat(410 * 1024) }, 'c1')];

    await expect(store.append(stream, events, { expectedVersion: NO_STREAM, commandId: 'c1' })).rejects.toThrow();

    expect(await itemCount(dynalite.client, stream)).toBe(0);
    const { events: stored } = await store.append(stream, testEvents(3, 'c2'), { expectedVersion: NO_STREAM, commandId: 'c2' });
    expect(stored.map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it('reads the head backwards with one Query returning one item', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    let version = NO_STREAM;
    for (let index = 0; index < 20; index += 1) {
      ({ nextExpectedVersion: version } = await store.append(stream, testEvents(2, `c${index}`), {
        expectedVersion: version,
        commandId: `c${index}`,
      }));
    }
    const send = vi.spyOn(dynalite.client, 'send');

    const head = await store.read(stream, { direction: 'backward', limit: 1 });

    const commands = send.mock.calls.map(([command]) => command);
    const outputs = (await Promise.all(send.mock.results.map((result) => result.value))) as Array<{ Count?: number }>;
    send.mockRestore();
    expect(head.map((event) => event.version)).toEqual([40]);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(QueryCommand);
    expect(outputs[0]?.Count).toBe(1);
  });

  it('keeps versions contiguous and every event exactly once under concurrent appenders retrying on conflict', async () => {
    const store = makeStore();
    const writersArbitrary = fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), {
      minLength: 2,
      maxLength: 12,
    });

    await fc.assert(
      fc.asyncProperty(writersArbitrary, async (writers) => {
        const stream = uniqueId('contended');
        const appendWithRetry = async (commandId: string, events: NewEvent[]) => {
          for (;;) {
            const [head] = await store.read(stream, { direction: 'backward', limit: 1 });
            // Even-numbered writers hand over the head they read (one conditional write); the others let the store read it.
            const known = Number(commandId.slice(1, commandId.indexOf('-'))) % 2 === 0 ? { head: { version: head?.version ?? NO_STREAM, hash: head?.hash ?? GENESIS_HASH } } : {};
            try {
              return await store.append(stream, events, { expectedVersion: head?.version ?? NO_STREAM, commandId, ...known });
            } catch (error) {
              if (!(error instanceof ExpectedVersionConflictError)) throw error;
            }
          }
        };

        await Promise.all(
          writers.map(async (batches, writer) => {
            for (const [batch, size] of batches.entries()) {
              await appendWithRetry(`w${writer}-b${batch}`, testEvents(size, `w${writer}-b${batch}`));
            }
          }),
        );

        const events = await store.read(stream);
        const total = writers.flat().reduce((sum, size) => sum + size, 0);
        expect(events.map((event) => event.version)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
        const identities = events.map((event) => `${event.meta.commandId}#${String(event.data.index)}`);
        const expected = writers.flatMap((batches, writer) =>
          batches.flatMap((size, batch) => Array.from({ length: size }, (_, index) => `w${writer}-b${batch}#${index}`)),
        );
        expect(identities.toSorted()).toEqual(expected.toSorted());
        expect(verifyChain(events)).toMatchObject({ ok: true, headVersion: total });
      }),
      { numRuns: 15 },
    );
  });

  it('appends in one conditional write when the caller passes the head it has just read', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    const first = await store.append(stream, testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    const head = first.events.at(-1)!;
    const send = vi.spyOn(dynalite.client, 'send');

    const { events } = await store.append(stream, testEvents(1, 'c2'), { expectedVersion: 2, commandId: 'c2', head: { version: head.version, hash: head.hash } });

    const commands = send.mock.calls.map(([command]) => command.constructor.name);
    send.mockRestore();
    expect(commands).toEqual(['PutItemCommand']);
    expect(events[0]).toMatchObject({ version: 3, prevHash: head.hash });
    expect(verifyChain(await store.read(stream))).toMatchObject({ ok: true, headVersion: 3 });
  });

  it('lets exactly one of two appenders with the same read in, and answers a retry of the winner as a duplicate, when both pass the head', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    const { events: [only] } = await store.append(stream, testEvents(1, 'c0'), { expectedVersion: NO_STREAM, commandId: 'c0' });
    const head = { version: only!.version, hash: only!.hash };

    const results = await Promise.allSettled([
      store.append(stream, testEvents(2, 'a'), { expectedVersion: 1, commandId: 'a', head }),
      store.append(stream, testEvents(1, 'b'), { expectedVersion: 1, commandId: 'b', head }),
    ]);
    const winner = results.findIndex((result) => result.status === 'fulfilled');
    const retry = await store.append(stream, testEvents(winner === 0 ? 2 : 1, winner === 0 ? 'a' : 'b'), { expectedVersion: 1, commandId: winner === 0 ? 'a' : 'b', head });

    expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason)).toEqual([
      expect.any(ExpectedVersionConflictError),
    ]);
    expect(retry.duplicate).toBe(true);
    expect(verifyChain(await store.read(stream))).toMatchObject({ ok: true, headVersion: winner === 0 ? 3 : 2 });
  });

  it('names the version whose stored data was rewritten behind its back', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    await store.append(stream, testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    await store.append(stream, testEvents(3, 'c2'), { expectedVersion: 1, commandId: 'c2' });
    await store.append(stream, testEvents(1, 'c3'), { expectedVersion: 4, commandId: 'c3' });

    await rewriteStoredEvent(table(), stream, 3, (event) => ({ ...event, data: { ...event.data, index: 42 } }));

    expect(verifyChain(await store.read(stream))).toMatchObject({ ok: false, version: 3, reason: 'hash-mismatch' });
  });

  it('names the next version when the rewritten event was given a matching hash', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    await store.append(stream, testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    await store.append(stream, testEvents(3, 'c2'), { expectedVersion: 1, commandId: 'c2' });

    await rewriteStoredEvent(table(), stream, 3, (event) => {
      const changed = { ...event, data: { ...event.data, index: 42 } };
      return { ...changed, hash: hashEvent(changed) };
    });

    expect(verifyChain(await store.read(stream))).toMatchObject({ ok: false, version: 4, reason: 'prev-hash-mismatch' });
  });

  it('writes nothing at all for an empty batch or an empty stream id', async () => {
    const store = makeStore();
    const before = (await dynalite.client.send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }))).Count;

    await expect(store.append(uniqueId('visit'), [], { expectedVersion: NO_STREAM, commandId: 'c1' })).rejects.toThrow(/no events/);
    await expect(store.append('', testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' })).rejects.toThrow(/streamId/);

    const after = (await dynalite.client.send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }))).Count;
    expect(after).toBe(before);
  });
});

describe('DynamoDbEventStore hashes what it stores (issue 23)', () => {
  const storedTextOf = async (streamId: string, version: number): Promise<string> => {
    const { Item } = await dynalite.client.send(
      new GetItemCommand({ TableName: TABLE, ConsistentRead: true, Key: { [STREAM_ID]: { S: streamId }, [FIRST_VERSION]: { N: String(version) } } }),
    );
    return Item?.[EVENTS]?.S ?? '';
  };

  it('stores each event as its hash beside the canonical text that hash is the SHA-256 of', async () => {
    const stream = uniqueId('visit');
    const { events } = await makeStore().append(stream, testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

    const lines = (await storedTextOf(stream, 1)).split('\n');

    expect(lines).toEqual(events.map(({ hash, ...hashed }) => hash + canonicalJson(hashed)));
    expect(lines.map((line) => createHash('sha256').update(line.slice(64)).digest('hex'))).toEqual(events.map((event) => event.hash));
  });

  it('finds a change to the stored canonical text, and reads the event as the changed text says', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    await store.append(stream, testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    await store.append(stream, testEvents(3, 'c2'), { expectedVersion: 1, commandId: 'c2' });

    await rewriteStoredText(table(), stream, 3, (text) => text.replace('"index":1}', '"index":42}'));

    const events = await store.read(stream);
    expect(events[2]?.data).toEqual({ commandId: 'c2', index: 42 });
    expect(verifyChain(events)).toMatchObject({ ok: false, version: 3, reason: 'hash-mismatch' });
  });

  it('finds a change made to an event after it was read', async () => {
    const store = makeStore();
    const stream = uniqueId('visit');
    await store.append(stream, testEvents(3, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    const events = await store.read(stream);
    expect(verifyChain(events)).toMatchObject({ ok: true, headVersion: 3 });

    const changed = events.map((event) => (event.version === 2 ? { ...event, data: { ...event.data, index: 42 } } : event));
    const relabelled = events.map((event) => (event.version === 2 ? { ...event, type: 'Renamed' } : event));

    expect(verifyChain(changed)).toMatchObject({ ok: false, version: 2, reason: 'hash-mismatch' });
    expect(verifyChain(relabelled)).toMatchObject({ ok: false, version: 2, reason: 'hash-mismatch' });
  });

  describe('an item written before issue 23 (its events a JSON list, each with its hash)', () => {
    async function putListItem(streamId: string, events: readonly StoredEvent[], commandId: string): Promise<void> {
      await dynalite.client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: {
            [STREAM_ID]: { S: streamId },
            [FIRST_VERSION]: { N: String(events[0]!.version) },
            [LAST_VERSION]: { N: String(events.at(-1)!.version) },
            [COMMAND_ID]: { S: commandId },
            // Written by the code before: a copy of each event, so no text is remembered for it.
            [EVENTS]: { S: JSON.stringify(events.map((event) => ({ ...event }))) },
          },
        }),
      );
    }

    async function listStream(): Promise<{ stream: string; written: StoredEvent[] }> {
      const stream = uniqueId('visit');
      const written = chainEvents(stream, 1, GENESIS_HASH, testEvents(3, 'old'));
      await putListItem(stream, written, 'old');
      return { stream, written };
    }

    it('is read and verified by encoding its events again, and a new append links to it', async () => {
      const store = makeStore();
      const { stream, written } = await listStream();

      await store.append(stream, testEvents(1, 'new'), { expectedVersion: 3, commandId: 'new' });

      const events = await store.read(stream);
      expect(events.slice(0, 3)).toEqual(written);
      expect(verifyChain(events)).toMatchObject({ ok: true, headVersion: 4 });
      expect((await storedTextOf(stream, 1)).startsWith('[')).toBe(true);
      const appended = await storedTextOf(stream, 4);
      expect(JSON.parse(appended.slice(64))).toMatchObject({ version: 4, prevHash: written[2]!.hash });
    });

    it('finds a change to one of its events', async () => {
      const store = makeStore();
      const { stream } = await listStream();

      await rewriteStoredEvent(table(), stream, 2, (event) => ({ ...event, data: { ...event.data, index: 42 } }));

      const events = await store.read(stream);
      expect(events[1]?.data).toMatchObject({ index: 42 });
      expect(verifyChain(events)).toMatchObject({ ok: false, version: 2, reason: 'hash-mismatch' });
    });
  });
});

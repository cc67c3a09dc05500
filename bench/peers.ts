import { CreateTableCommand, PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventStore as CastoreEventStore, EventType } from '@castore/core';
import {
  DynamoDBSingleTableEventStorageAdapter,
  EVENT_TABLE_EVENT_STORE_ID_KEY,
  EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
  EVENT_TABLE_PK,
  EVENT_TABLE_SK,
  EVENT_TABLE_TIMESTAMP_KEY,
} from '@castore/event-storage-adapter-dynamodb';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../functions/adapters/event-table';
import { GENESIS_HASH, NO_STREAM, type NewEvent } from '../functions/core/event-store';
import { verifyChain } from '../functions/core/hash-chain';
import { startDynalite } from '../local/dynalite';

/**
 * Our event store beside its peer and the floor, in the shapes of issue 12, on one in-memory
 * dynalite, interleaved round by round so that a machine busier in one moment than another weighs
 * on all three alike:
 * - ours: DynamoDbEventStore, the caller passing the head it has just read (what a command does);
 * - Castore: @castore/core over its DynamoDB single-table adapter, the best-known TypeScript event
 *   store on DynamoDB, pushing at the version the caller knows;
 * - the floor: no library, one conditional PutItem per event, and a paged Query + JSON.parse to read.
 * Each append is one event, as a check-in's is.
 */

type Store = 'ours' | 'castore' | 'floor';
const STORES: readonly Store[] = ['ours', 'castore', 'floor'];

interface Appender {
  /** Append events one at a time to a stream, each at the version its caller knows. */
  appendMany(streamId: string, count: number): Promise<void>;
  /** Read the whole stream and fold it (ours also verifies the chain); returns how many events were folded. */
  readAndFold(streamId: string): Promise<number>;
}

/** Appends (and one read) per store before anything is timed. */
const WARM_UP = 500;
const NOTE = 'Parent present; child seen in the kitchen.';
const noted = new EventType<'Noted', { index: number; note: string }>({ type: 'Noted' });

export async function benchPeers(): Promise<void> {
  const dynalite = await startDynalite();
  try {
    const stores = await appenders(dynalite.client);
    const readAll = async (name: Store, streamId: string, count: number) => {
      const folded = await stores[name].readAndFold(streamId);
      if (folded !== count) throw new Error(`bench: ${name} folded ${folded} of ${count} events`);
    };
    // Untimed, each store's code paths (and V8's optimising of them) warmed alike: a long-lived
    // process or a warm Lambda runs them hot, and the first round would otherwise weigh compilation.
    for (const name of STORES) {
      await stores[name].appendMany(`${name}-warm`, WARM_UP);
      await readAll(name, `${name}-warm`, WARM_UP);
    }
    const appendTime = (shape: (store: Appender, prefix: string) => Promise<void>, rounds: number) =>
      interleaved(rounds, async (name, round) => shape(stores[name], `${name}-${round}`));

    // 2,000 sequential appends to one stream: 8 rounds of 250, each store in turn.
    const single = await appendTime((store, prefix) => store.appendMany(`${prefix}-single`, 250), 8);
    // 4,000 appends by 16 writers on 16 streams: 8 rounds of 16 × 31.25 → 16 × 32 (4,096).
    const sixteen = await appendTime(
      (store, prefix) => Promise.all(Array.from({ length: 16 }, (_, writer) => store.appendMany(`${prefix}-w${writer}`, 32))).then(() => undefined),
      8,
    );
    // A 10,000-event stream written one event per append, then read and folded 7 times.
    await interleaved(1, (name) => stores[name].appendMany(`${name}-long`, 10_000));
    const reads = await interleaved(7, (name) => readAll(name, `${name}-long`, 10_000));

    // Per store, the median round: one round slowed by the shared machine moves it less than a total.
    const perSecond = (count: number, ms: number) => (count * 1000) / ms;
    const singleRate = mapStores((name) => perSecond(250, median(single[name])));
    const sixteenRate = mapStores((name) => perSecond(16 * 32, median(sixteen[name])));
    const readMs = mapStores((name) => median(reads[name]));
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

    console.log('  ratios first (ours must reach ≥ 0.9× the floor and ≥ 1.1× Castore on appends; read + fold + verify ≤ 1.0× Castore\'s read + fold)');
    line('appends/s, 1 writer: ours / floor, ours / Castore', `${ratio(singleRate.ours, singleRate.floor)}, ${ratio(singleRate.ours, singleRate.castore)}`);
    line('appends/s, 16 writers: ours / floor, ours / Castore', `${ratio(sixteenRate.ours, sixteenRate.floor)}, ${ratio(sixteenRate.ours, sixteenRate.castore)}`);
    line('read + fold 10,000: ours (with verify) / Castore, floor / Castore', `${ratio(readMs.ours, readMs.castore)}, ${ratio(readMs.floor, readMs.castore)} the time`);
    for (const name of STORES) {
      line(
        `  ${name}`,
        `${singleRate[name].toFixed(0)} appends/s (1 writer), ${sixteenRate[name].toFixed(0)} appends/s (16 writers), read + fold ${readMs[name].toFixed(0)} ms`,
      );
    }
  } finally {
    await dynalite.stop();
  }
}

/** Run each store's share of a shape once per round, the stores taking turns; each round's ms, per store. */
async function interleaved(rounds: number, run: (name: Store, round: number) => Promise<void>): Promise<Record<Store, number[]>> {
  const times: Record<Store, number[]> = { ours: [], castore: [], floor: [] };
  for (let round = 0; round < rounds; round += 1) {
    // Rotate who goes first, so none always runs on a warmer (or busier) machine.
    for (const name of [...STORES.slice(round % 3), ...STORES.slice(0, round % 3)]) {
      const start = performance.now();
      await run(name, round);
      times[name].push(performance.now() - start);
    }
  }
  return times;
}

async function appenders(client: DynamoDBClient): Promise<Record<Store, Appender>> {
  await createEventTable(client, 'peers-ours');
  const ours = new DynamoDbEventStore({ client, tableName: 'peers-ours' });

  await client.send(
    new CreateTableCommand({
      TableName: 'peers-castore',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: EVENT_TABLE_PK, AttributeType: 'S' },
        { AttributeName: EVENT_TABLE_SK, AttributeType: 'N' },
        { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, AttributeType: 'S' },
        { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: EVENT_TABLE_PK, KeyType: 'HASH' },
        { AttributeName: EVENT_TABLE_SK, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
          KeySchema: [
            { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, KeyType: 'HASH' },
            { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  const castore = new CastoreEventStore({
    eventStoreId: 'VISITS',
    eventTypes: [noted],
    reducer: (aggregate: { aggregateId: string; version: number; notes: number } | undefined, event) => ({
      aggregateId: event.aggregateId,
      version: event.version,
      notes: (aggregate?.notes ?? 0) + 1,
    }),
    eventStorageAdapter: new DynamoDBSingleTableEventStorageAdapter({ tableName: 'peers-castore', dynamoDBClient: client }),
  });

  await client.send(
    new CreateTableCommand({
      TableName: 'peers-floor',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'streamId', AttributeType: 'S' },
        { AttributeName: 'version', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'streamId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
    }),
  );

  return {
    ours: {
      async appendMany(streamId, count) {
        let head = { version: NO_STREAM, hash: GENESIS_HASH };
        for (let index = 0; index < count; index += 1) {
          const commandId = `${streamId}-${index}`;
          const { events: [stored] } = await ours.append(streamId, [ourEvent(index, commandId)], { expectedVersion: head.version, commandId, head });
          head = { version: stored!.version, hash: stored!.hash };
        }
      },
      async readAndFold(streamId) {
        const stream = await ours.read(streamId);
        const folded = stream.reduce((notes, event) => (event.type === 'Noted' ? notes + 1 : notes), 0);
        if (!verifyChain(stream).ok) throw new Error('bench: our stream did not verify');
        return folded;
      },
    },
    castore: {
      async appendMany(streamId, count) {
        for (let index = 0; index < count; index += 1) {
          await castore.pushEvent({ aggregateId: streamId, version: index + 1, type: 'Noted', payload: { index, note: NOTE } });
        }
      },
      async readAndFold(streamId) {
        const { aggregate } = await castore.getAggregate(streamId);
        return aggregate?.notes ?? 0;
      },
    },
    floor: {
      async appendMany(streamId, count) {
        for (let index = 0; index < count; index += 1) {
          await client.send(
            new PutItemCommand({
              TableName: 'peers-floor',
              Item: {
                streamId: { S: streamId },
                version: { N: String(index + 1) },
                event: { S: JSON.stringify({ type: 'Noted', data: { index, note: NOTE }, recordedAt: new Date().toISOString() }) },
              },
              ConditionExpression: 'attribute_not_exists(version)',
            }),
          );
        }
      },
      async readAndFold(streamId) {
        let notes = 0;
        let start: Record<string, { S: string } | { N: string }> | undefined;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: 'peers-floor',
              KeyConditionExpression: 'streamId = :id',
              ExpressionAttributeValues: { ':id': { S: streamId } },
              ConsistentRead: true,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          for (const item of page.Items ?? []) if ((JSON.parse(item.event!.S!) as { type: string }).type === 'Noted') notes += 1;
          start = page.LastEvaluatedKey as typeof start;
        } while (start);
        return notes;
      },
    },
  };
}

function ourEvent(index: number, commandId: string): NewEvent {
  return {
    type: 'Noted',
    data: { index, note: NOTE },
    meta: { commandId, actor: { userId: 'staff-alice', role: 'staff' }, recordedAt: '2025-03-04T09:15:00.000Z' },
  };
}

const mapStores = (value: (name: Store) => number): Record<Store, number> => ({ ours: value('ours'), castore: value('castore'), floor: value('floor') });

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function line(what: string, figure: string): void {
  console.log(`  ${what.padEnd(64)} ${figure}`);
}

import { DynamoDbEventStore } from '../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../functions/adapters/event-table';
import { ExpectedVersionConflictError, GENESIS_HASH, NO_STREAM, type EventStore, type NewEvent } from '../functions/core/event-store';
import { verifyChain } from '../functions/core/hash-chain';
import { startDynalite } from '../local/dynalite';

/** Event store throughput and replay cost on in-memory dynalite (a lower bound on DynamoDB latency). */
export async function benchEventStore(): Promise<void> {
  const dynalite = await startDynalite();
  try {
    await createEventTable(dynalite.client, 'bench-events');
    const store = new DynamoDbEventStore({ client: dynalite.client, tableName: 'bench-events' });

    // Each shape twice: the store reading the head itself, and the caller handing over the head it
    // knows (what handleCommand does after its read): one conditional write per append.
    for (const knowsHead of [false, true]) {
      const how = knowsHead ? ', caller passes the head' : '';
      const single = await timed(() => appendMany(store, `single${how}`, 400, knowsHead));
      line(`append, 1 writer${how}`, `${rate(400, single)} appends/s`);
      const ownStreams = await timed(() =>
        Promise.all(Array.from({ length: 16 }, (_, writer) => appendMany(store, `own-${writer}${how}`, 50, knowsHead))),
      );
      line(`append, 16 writers on their own streams${how}`, `${rate(16 * 50, ownStreams)} appends/s`);
    }

    let conflicts = 0;
    const contended = await timed(() =>
      Promise.all(
        Array.from({ length: 16 }, async (_, writer) => {
          for (let index = 0; index < 15; index += 1) {
            conflicts += await appendWithRetry(store, 'contended', events(1, `w${writer}-${index}`));
          }
        }),
      ),
    );
    line(
      'append, 16 writers on one stream (retry on conflict)',
      `${rate(16 * 15, contended)} appends/s, ${rate(conflicts, contended)} conflicts/s (${conflicts} conflicts)`,
    );

    const built = await timed(async () => {
      let version = NO_STREAM;
      for (let batch = 0; batch < 400; batch += 1) {
        ({ nextExpectedVersion: version } = await store.append('long', events(25, `long-${batch}`), {
          expectedVersion: version,
          commandId: `long-${batch}`,
        }));
      }
    });
    line('build a 10,000-event stream in appends of 25', `${Math.round(built)} ms`);

    const reads: number[] = [];
    const verifies: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      const start = performance.now();
      const stream = await store.read('long');
      const read = performance.now();
      const counts = stream.reduce<Record<string, number>>((acc, event) => {
        acc[event.type] = (acc[event.type] ?? 0) + 1;
        return acc;
      }, {});
      const result = verifyChain(stream);
      const end = performance.now();
      if (!result.ok || result.headVersion !== 10_000 || counts.Noted !== 10_000) throw new Error('bench: stream did not verify');
      reads.push(read - start);
      verifies.push(end - read);
    }
    const total = reads.map((read, index) => read + (verifies[index] ?? 0));
    line(
      'read + fold + verify 10,000 events (median of 5)',
      `${median(total).toFixed(0)} ms (read ${median(reads).toFixed(0)} ms, fold + verify ${median(verifies).toFixed(0)} ms)`,
    );
  } finally {
    await dynalite.stop();
  }
}

function events(count: number, commandId: string): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'Noted',
    data: { index, note: 'Parent present; child seen in the kitchen.' },
    meta: { commandId, actor: { userId: 'staff-alice', role: 'staff' }, recordedAt: '2025-03-04T09:15:00.000Z' },
  }));
}

async function appendMany(store: EventStore, streamId: string, count: number, knowsHead: boolean): Promise<void> {
  let head = { version: NO_STREAM, hash: GENESIS_HASH };
  for (let index = 0; index < count; index += 1) {
    const commandId = `${streamId}-${index}`;
    const { events: [stored] } = await store.append(streamId, events(1, commandId), { expectedVersion: head.version, commandId, ...(knowsHead ? { head } : {}) });
    head = { version: stored!.version, hash: stored!.hash };
  }
}

/** Appends, re-reading the head after each conflict; returns how many conflicts it met. */
async function appendWithRetry(store: EventStore, streamId: string, batch: NewEvent[]): Promise<number> {
  const commandId = batch[0]?.meta.commandId ?? 'none';
  for (let conflicts = 0; ; conflicts += 1) {
    const [head] = await store.read(streamId, { direction: 'backward', limit: 1 });
    try {
      await store.append(streamId, batch, { expectedVersion: head?.version ?? NO_STREAM, commandId });
      return conflicts;
    } catch (error) {
      if (!(error instanceof ExpectedVersionConflictError)) throw error;
    }
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function rate(count: number, ms: number): string {
  return ((count * 1000) / ms).toFixed(0);
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function line(what: string, figure: string): void {
  console.log(`  ${what.padEnd(56)} ${figure}`);
}

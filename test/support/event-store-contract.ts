import { describe, expect, it } from 'vitest';
import {
  ExpectedVersionConflictError,
  GENESIS_HASH,
  NO_STREAM,
  type EventStore,
  type NewEvent,
} from '../../functions/core/event-store';
import { verifyChain } from '../../functions/core/hash-chain';
import { uniqueId } from './ids';

/** A minimal valid event; `data` is whatever the test needs to recognise it by. */
export function testEvent(type: string, data: Record<string, unknown>, commandId: string): NewEvent {
  return {
    type,
    data,
    meta: { commandId, actor: { userId: 'staff-alice', role: 'staff' }, recordedAt: '2025-03-04T09:15:00.000Z' },
  };
}

export function testEvents(count: number, commandId: string): NewEvent[] {
  return Array.from({ length: count }, (_, index) => testEvent('Noted', { commandId, index }, commandId));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * The behaviour every EventStore adapter must have (functions/core/event-store.ts). Each test
 * uses fresh stream ids, so `makeStore` may return stores sharing one table.
 */
export function describeEventStoreContract(name: string, makeStore: () => EventStore): void {
  describe(`${name}: the EventStore contract`, () => {
    it('numbers a new stream from 1 and links the first event to the genesis hash', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');

      const result = await store.append(stream, testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

      expect(result).toMatchObject({ nextExpectedVersion: 2, duplicate: false });
      expect(result.events.map((event) => event.version)).toEqual([1, 2]);
      expect(result.events[0]?.prevHash).toBe(GENESIS_HASH);
      expect(await store.read(stream)).toEqual(result.events);
      expect(verifyChain(await store.read(stream))).toMatchObject({ ok: true, headVersion: 2 });
    });

    it('reads ranges forward and backward across append boundaries, and the head with limit 1', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      let version = NO_STREAM;
      for (const [index, size] of [3, 2, 3].entries()) {
        ({ nextExpectedVersion: version } = await store.append(stream, testEvents(size, `c${index}`), {
          expectedVersion: version,
          commandId: `c${index}`,
        }));
      }
      const versions = async (options: Parameters<EventStore['read']>[1]) =>
        (await store.read(stream, options)).map((event) => event.version);

      expect(await versions({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(await versions({ from: 2, to: 6 })).toEqual([2, 3, 4, 5, 6]);
      expect(await versions({ from: 5 })).toEqual([5, 6, 7, 8]);
      expect(await versions({ to: 4, direction: 'backward' })).toEqual([4, 3, 2, 1]);
      expect(await versions({ direction: 'backward', limit: 1 })).toEqual([8]);
      expect(await versions({ from: 3, direction: 'backward', limit: 2 })).toEqual([8, 7]);
      expect(await versions({ from: 2, limit: 3 })).toEqual([2, 3, 4]);
      expect(await versions({ from: 9 })).toEqual([]);
      expect(verifyChain(await store.read(stream, { from: 4 }), { expectedFirstVersion: 4 })).toMatchObject({
        ok: true,
        headVersion: 8,
      });
    });

    it('reads an unknown stream as empty', async () => {
      expect(await makeStore().read(uniqueId('nobody'))).toEqual([]);
    });

    it('keeps versions per stream', async () => {
      const store = makeStore();
      const [a, b] = [uniqueId('visit'), uniqueId('visit')];
      await store.append(a, testEvents(2, 'a1'), { expectedVersion: NO_STREAM, commandId: 'a1' });

      const result = await store.append(b, testEvents(1, 'b1'), { expectedVersion: NO_STREAM, commandId: 'b1' });

      expect(result.nextExpectedVersion).toBe(1);
      expect((await store.read(a)).length).toBe(2);
    });

    it('refuses a stale expected version with a conflict naming the actual version, writing nothing', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      await store.append(stream, testEvents(3, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

      const stale = await rejection(store.append(stream, testEvents(1, 'c2'), { expectedVersion: 1, commandId: 'c2' }));
      const fresh = await rejection(store.append(stream, testEvents(1, 'c3'), { expectedVersion: NO_STREAM, commandId: 'c3' }));
      const ahead = await rejection(store.append(stream, testEvents(1, 'c4'), { expectedVersion: 5, commandId: 'c4' }));

      for (const error of [stale, fresh, ahead]) {
        expect(error).toBeInstanceOf(ExpectedVersionConflictError);
        expect(error).toMatchObject({ streamId: stream, actualVersion: 3, retryable: true });
      }
      expect((await store.read(stream)).length).toBe(3);
    });

    it('appends several events at once with contiguous versions, each linked to the one before', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      await store.append(stream, testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

      const { events } = await store.append(stream, testEvents(3, 'c2'), { expectedVersion: 1, commandId: 'c2' });

      expect(events.map((event) => event.version)).toEqual([2, 3, 4]);
      const all = await store.read(stream);
      expect(events.map((event) => event.prevHash)).toEqual(all.slice(0, 3).map((event) => event.hash));
      expect(verifyChain(all)).toMatchObject({ ok: true, headVersion: 4 });
    });

    it('answers a retried append (same commandId, same expected version) with the first result, writing nothing', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      const first = await store.append(stream, testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

      const retry = await store.append(stream, testEvents(2, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });

      expect(retry).toEqual({ ...first, duplicate: true });
      expect((await store.read(stream)).length).toBe(2);
    });

    it('answers a retried append with the first result even after other appends followed it', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      await store.append(stream, testEvents(1, 'c0'), { expectedVersion: NO_STREAM, commandId: 'c0' });
      const first = await store.append(stream, testEvents(2, 'c1'), { expectedVersion: 1, commandId: 'c1' });
      await store.append(stream, testEvents(1, 'c2'), { expectedVersion: 3, commandId: 'c2' });

      const retry = await store.append(stream, testEvents(2, 'c1'), { expectedVersion: 1, commandId: 'c1' });

      expect(retry).toEqual({ nextExpectedVersion: 3, events: first.events, duplicate: true });
      expect((await store.read(stream)).length).toBe(4);
    });

    it('stores what a JSON round trip gives back, so hashes recompute after a read', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      const event = testEvent('Noted', { at: new Date('2025-03-04T09:00:00Z'), gone: undefined, nested: { b: 1, a: [2] } }, 'c1');

      const { events } = await store.append(stream, [event], { expectedVersion: NO_STREAM, commandId: 'c1' });

      expect(events[0]?.data).toEqual({ at: '2025-03-04T09:00:00.000Z', nested: { b: 1, a: [2] } });
      expect(await store.read(stream)).toEqual(events);
      expect(verifyChain(await store.read(stream)).ok).toBe(true);
    });

    it('rejects bad input as a programming error and writes nothing', async () => {
      const store = makeStore();
      const stream = uniqueId('visit');
      const bad: Array<Promise<unknown>> = [
        store.append(stream, [], { expectedVersion: NO_STREAM, commandId: 'c1' }),
        store.append('', testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' }),
        store.append(stream, testEvents(1, 'c1'), { expectedVersion: -1, commandId: 'c1' }),
        store.append(stream, testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: '' }),
        store.append(stream, [{ ...testEvent('Noted', {}, 'c1'), meta: { commandId: 'c1' } } as unknown as NewEvent], {
          expectedVersion: NO_STREAM,
          commandId: 'c1',
        }),
      ];

      for (const attempt of bad) {
        const error = await rejection(attempt);
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(ExpectedVersionConflictError);
      }
      expect(await store.read(stream)).toEqual([]);
      await expect(store.read('')).rejects.toThrow(/streamId/);
    });
  });
}

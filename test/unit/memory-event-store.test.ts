import { describe, expect, it } from 'vitest';
import { NO_STREAM } from '../../functions/core/event-store';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { describeEventStoreContract, testEvents } from '../support/event-store-contract';

describeEventStoreContract('InMemoryEventStore', () => new InMemoryEventStore());

describe('InMemoryEventStore', () => {
  it('hands out stored events that nobody can change in place', async () => {
    const store = new InMemoryEventStore();
    await store.append('visit-1', testEvents(1, 'c1'), { expectedVersion: NO_STREAM, commandId: 'c1' });
    const [event] = await store.read('visit-1');

    expect(() => {
      (event?.data as Record<string, unknown>).index = 99;
    }).toThrow(TypeError);
    expect((await store.read('visit-1'))[0]?.data).toEqual({ commandId: 'c1', index: 0 });
  });
});

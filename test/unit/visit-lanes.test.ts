import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { visitLanes } from '../../functions/app/visit-lanes';
import { WORKFLOW_ACTOR } from '../../functions/core/actor';
import type { Command } from '../../functions/core/commands';
import type { ReadOptions } from '../../functions/core/event-store';
import { catchUp, handleCommand, loadVisit, type LoadedVisit } from '../../functions/core/handle-command';
import { fold } from '../../functions/core/visit-state';
import { ALICE, BOB, HEAD } from '../support/actors';
import { policyOf, T0, visitDetails } from '../support/scenario';

/** Issue 20, item 8: the writers of one visit take turns in a process, and a writer behind reads only what it missed. */

const policy = policyOf('hunsbury-park');
const visitId = 'visit-lanes-1';

/** An in-memory store that remembers the options of every read. */
class CountingStore extends InMemoryEventStore {
  readonly reads: (ReadOptions | undefined)[] = [];
  override async read(streamId: string, options?: ReadOptions) {
    this.reads.push(options);
    return super.read(streamId, options);
  }
}

const run = (store: InMemoryEventStore, name: string, body: unknown, actor = ALICE, commandId = `${name}-0`) =>
  handleCommand(store, visitId, { name, body, meta: { commandId, actor, now: T0 } } as Command, policy);

async function departed(store: InMemoryEventStore): Promise<void> {
  await run(store, 'request', { visitId, details: visitDetails('hunsbury-park') });
  await run(store, 'authorise', {}, HEAD);
  await run(store, 'assess-risk', {}, WORKFLOW_ACTOR);
  await run(store, 'depart', {});
}

/** A promise and the function that settles it, to hold a turn open. */
function gate(): { readonly open: () => void; readonly opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('a visit lane', () => {
  it('runs one turn at a time, and a call for help waiting goes ahead of the ordinary writes waiting before it', async () => {
    const lanes = visitLanes();
    const order: string[] = [];
    const first = gate();
    const turn = (name: string, hold?: Promise<void>) => async () => {
      order.push(`${name} starts`);
      await hold;
      order.push(`${name} ends`);
      return { result: name };
    };

    const running = [
      lanes.run('v', false, turn('check-in 1', first.opened)),
      lanes.run('v', false, turn('check-in 2')),
      lanes.run('v', false, turn('concern 3')),
      lanes.run('v', true, turn('panic 4')),
      lanes.run('v', true, turn('panic 5')),
    ];
    await Promise.resolve();
    first.open();

    expect(await Promise.all(running)).toEqual(['check-in 1', 'check-in 2', 'concern 3', 'panic 4', 'panic 5']);
    expect(order).toEqual([
      'check-in 1 starts', 'check-in 1 ends',
      'panic 4 starts', 'panic 4 ends',
      'panic 5 starts', 'panic 5 ends',
      'check-in 2 starts', 'check-in 2 ends',
      'concern 3 starts', 'concern 3 ends',
    ]);
  });

  it('hands each turn the stream the last one left, forgets it after a failed turn, and drops the lane when it empties', async () => {
    const lanes = visitLanes();
    const stream = (version: number): LoadedVisit => ({ events: [], state: { ...fold([]), version } as LoadedVisit['state'] });
    const seen: (number | undefined)[] = [];
    const first = gate();

    const running = [
      lanes.run('v', false, async (kept) => (seen.push(kept?.state.version), await first.opened, { result: 1, stream: stream(7) })),
      lanes.run('v', false, async (kept) => (seen.push(kept?.state.version), { result: 2, stream: stream(8) })),
      lanes.run('v', false, async (kept) => {
        seen.push(kept?.state.version);
        throw new Error('store down');
      }),
      lanes.run('v', false, async (kept) => (seen.push(kept?.state.version), { result: 4 })),
    ];
    const sizeWhileBusy = lanes.size;
    first.open();
    const settled = await Promise.allSettled(running);

    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual([undefined, 7, 8, undefined]);
    expect([sizeWhileBusy, lanes.size]).toEqual([1, 0]);
  });

  it('keeps the lanes of different visits apart: one held open does not hold up another', async () => {
    const lanes = visitLanes();
    const held = gate();
    const slow = lanes.run('a', false, async () => (await held.opened, { result: 'a' }));

    expect(await lanes.run('b', false, async () => ({ result: 'b' }))).toBe('b');
    held.open();
    expect(await slow).toBe('a');
  });
});

describe('catching up with a stream', () => {
  it('reads only the events after the last one known and folds them onto its state, as a whole read would', async () => {
    const store = new CountingStore();
    await departed(store);
    const known = await loadVisit(store, visitId);
    await run(store, 'check-in', { note: 'one' }, BOB, 'check-in-1');
    await run(store, 'panic', { note: 'two' }, ALICE, 'panic-2');
    store.reads.length = 0;

    const caught = await catchUp(store, visitId, known);

    expect(store.reads).toEqual([{ from: known.state.version + 1 }]);
    expect(caught).toEqual(await loadVisit(store, visitId));
  });

  it('on a version conflict, reads only what the winner wrote and lands after it', async () => {
    const store = new CountingStore();
    await departed(store);
    const stale = await loadVisit(store, visitId);
    await run(store, 'check-in', { note: 'won the race' }, BOB, 'check-in-1');
    store.reads.length = 0;

    const handled = await handleCommand(store, visitId, { name: 'panic', body: { note: 'help' }, meta: { commandId: 'panic-1', actor: ALICE, now: T0 } } as Command, policy, { loaded: stale });

    expect(handled.ok && handled.events.map((event) => [event.type, event.version])).toEqual([['PanicRaised', stale.state.version + 2]]);
    expect(store.reads).toEqual([{ from: stale.state.version + 1 }]);
    expect(handled.ok && handled.stream).toEqual(await loadVisit(store, visitId));
  });

  it('reads the stream whole when what it knew does not link to what it finds', async () => {
    const store = new CountingStore();
    await departed(store);
    const whole = await loadVisit(store, visitId);
    // What it knew ends in an event whose hash is not the one the next stored event links to.
    const tampered: LoadedVisit = { events: [...whole.events.slice(0, -1), { ...whole.events.at(-1)!, hash: 'f'.repeat(64) }], state: whole.state };
    await run(store, 'check-in', { note: 'later' }, BOB, 'check-in-1');
    store.reads.length = 0;

    const caught = await catchUp(store, visitId, tampered);

    expect(store.reads).toEqual([{ from: whole.state.version + 1 }, undefined]);
    expect(caught).toEqual(await loadVisit(store, visitId));
  });
});

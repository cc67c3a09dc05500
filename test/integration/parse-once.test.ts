import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as z from 'zod';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../../functions/adapters/event-table';
import { NewEventSchema, StoredEventSchema } from '../../functions/adapters/stored-event';
import type { Command } from '../../functions/core/commands';
import { EventMeta, NO_STREAM } from '../../functions/core/event-store';
import { VISIT_EVENT_SCHEMAS, visitEvent } from '../../functions/core/events';
import { handleCommand, loadVisit, type LoadedVisit } from '../../functions/core/handle-command';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { ALICE } from '../support/actors';
import { uniqueId } from '../support/ids';
import { scenario, T0 } from '../support/scenario';

/**
 * Parse once (issue 12): a new event is parsed once on its way into the store and a stored event
 * once on its way out, each part of it by one schema — the envelope and its meta by the store's, the
 * payload by its type's. Counted by every application of each schema, nested or not (zod runs a
 * schema through `_zod.run` wherever it sits, so a parse of an array of events counts each event).
 */

const TABLE = 'events';
const N = 12;
let dynalite: Dynalite;
let store: DynamoDbEventStore;

beforeAll(async () => {
  dynalite = await startDynalite();
  await createEventTable(dynalite.client, TABLE);
  store = new DynamoDbEventStore({ client: dynalite.client, tableName: TABLE });
});
afterAll(async () => {
  await dynalite?.stop();
});

/** How many times each schema is applied while `act` runs. */
async function parsesDuring(act: () => Promise<unknown>): Promise<{ envelope: number; stored: number; meta: number; payload: number }> {
  const count = (schema: z.ZodType) => vi.spyOn(schema._zod, 'run');
  const envelope = count(NewEventSchema);
  const stored = count(StoredEventSchema);
  const meta = count(EventMeta);
  const payloads = Object.values(VISIT_EVENT_SCHEMAS).map(count);
  try {
    await act();
    return {
      envelope: envelope.mock.calls.length,
      stored: stored.mock.calls.length,
      meta: meta.mock.calls.length,
      payload: payloads.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
    };
  } finally {
    // A second spyOn of a spied method would return the same spy, its count carried over.
    vi.restoreAllMocks();
  }
}

/** A visit at the door and inside (requested … entered), appended one event at a time as commands would. */
async function visitInside(): Promise<string> {
  const visitId = uniqueId('visit');
  const history = scenario('hunsbury-park').readyToGo().departed().arrived().entered().history;
  for (const [index, event] of history.entries()) {
    await store.append(visitId, [event], { expectedVersion: index, commandId: event.meta.commandId });
  }
  return visitId;
}

const checkIn = (index: number): Command => ({ name: 'check-in', body: { note: `All well (${index}).` }, meta: { commandId: `check-in-${index}`, actor: ALICE, now: T0 } }) as Command;

describe('parse once', () => {
  it('parses each of N new events once at the store\'s edge on append, and each of N stored events once on read', async () => {
    const streamId = uniqueId('visit');
    const events = Array.from({ length: N }, (_, index) => visitEvent('CheckedIn', { note: `${index}` }, { commandId: 'c1', actor: ALICE, recordedAt: T0 }));

    const appended = await parsesDuring(() => store.append(streamId, events, { expectedVersion: NO_STREAM, commandId: 'c1' }));
    const read = await parsesDuring(() => store.read(streamId));

    expect(appended).toEqual({ envelope: N, stored: 0, meta: N, payload: 0 });
    expect(read).toEqual({ envelope: 0, stored: N, meta: N, payload: 0 });
  });

  it('parses each new event of N commands once: its payload where the core builds it, its envelope where the store takes it', async () => {
    const visitId = await visitInside();
    let loaded: LoadedVisit = await loadVisit(store, visitId);

    const counts = await parsesDuring(async () => {
      for (let index = 0; index < N; index += 1) {
        const handled = await handleCommand(store, visitId, checkIn(index), scenario('hunsbury-park').policy, { loaded });
        if (!handled.ok) throw new Error(`check-in refused: ${handled.rule}`);
        loaded = { events: [...loaded.events, ...handled.events], state: handled.state };
      }
    });

    expect(loaded.events.slice(-N).map((event) => event.type)).toEqual(Array(N).fill('CheckedIn'));
    expect(counts).toEqual({ envelope: N, stored: 0, meta: N, payload: N });
  });

  it('parses each stored event of a visit once when a command loads it: its envelope in the store, its payload in the core', async () => {
    const visitId = await visitInside();
    const { events } = await loadVisit(store, visitId);

    const counts = await parsesDuring(() => loadVisit(store, visitId));

    expect(counts).toEqual({ envelope: 0, stored: events.length, meta: events.length, payload: events.length });
  });
});

import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { rawEventsOf } from '../../functions/adapters/raw-events';
import { MemoryVisitBoard } from '../../functions/adapters/visit-board';
import { boardSummary, byUrgency, type BoardSummary } from '../../functions/core/board';
import { EventStoreUnavailableError, type EventStore, type NewEvent, type StoredEvent } from '../../functions/core/event-store';
import { loadVisit } from '../../functions/core/handle-command';
import { chainEvents } from '../../functions/core/hash-chain';
import { readStreamAsStored, RecordUnreadableError, type RawEventReader } from '../../functions/core/record-damage';
import { ALICE } from '../support/actors';
import { policyOf, scenario } from '../support/scenario';

/**
 * Quarantine in the core and the adapters: a stream holding an event that no longer parses is a
 * typed error naming the first bad version, the raw read says where even when the item itself is
 * not JSON, and the board puts a damaged visit above everything.
 */

const VISIT = 'visit-0001';

/** A visit out on its journey, appended to a fresh in-memory store (versions 1..4), plus whatever `extra` adds. */
async function storedVisit(...extra: NewEvent[]): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  const events = [...scenario('hunsbury-park').readyToGo().departed().history, ...extra];
  let version = 0;
  for (const event of events) {
    await store.append(VISIT, [event], { expectedVersion: version, commandId: event.meta.commandId });
    version += 1;
  }
  return store;
}

const meta = (commandId: string) => ({ commandId, actor: ALICE, recordedAt: '2026-11-23T11:00:00.000Z' });

describe('loading a visit whose record no longer parses', () => {
  it('throws RecordUnreadableError naming the first version that does not parse, with its cause kept', async () => {
    const store = await storedVisit(
      { type: 'Arrived', data: { at: 'Flat 2, 14 Mill Lane' }, meta: meta('bad-1') },
      { type: 'NoLongerAnEvent', data: {}, meta: meta('bad-2') },
    );

    const error = await loadVisit(store, VISIT).then(() => undefined, (thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RecordUnreadableError);
    expect(error).toMatchObject({ name: 'RecordUnreadableError', streamId: VISIT, version: 5, reason: 'data-invalid', retryable: false });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as RecordUnreadableError).detail).toMatch(/Unrecognized key/);
    // The detail names the field and the rule, never what was stored there.
    expect((error as RecordUnreadableError).detail).not.toContain('Mill Lane');
    expect((error as Error).message).not.toContain('Mill Lane');
  });

  it('names an unknown event type as such', async () => {
    const store = await storedVisit({ type: 'NoLongerAnEvent', data: {}, meta: meta('bad') });

    await expect(loadVisit(store, VISIT)).rejects.toMatchObject({ name: 'RecordUnreadableError', version: 5, reason: 'unknown-event-type' });
  });

  it('loads a sound stream exactly as before', async () => {
    const store = await storedVisit();

    const { events, state } = await loadVisit(store, VISIT);

    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4]);
    expect(state).toMatchObject({ status: 'travelling', version: 4 });
  });

  it('passes on a read that fails for another reason: an unreachable store, or items the raw read finds sound', async () => {
    const sound = await storedVisit();
    const unavailable = new EventStoreUnavailableError('throttled');
    const broken = new Error('something else');
    const failing = (error: Error): EventStore & RawEventReader => ({
      append: sound.append.bind(sound),
      read: async () => {
        throw error;
      },
      readRaw: sound.readRaw.bind(sound),
    });

    await expect(loadVisit(failing(unavailable), VISIT)).rejects.toBe(unavailable);
    await expect(loadVisit(failing(broken), VISIT)).rejects.toBe(broken);
  });

  it('reads the stream as stored for the history, every event kept and the first bad version named', async () => {
    const store = await storedVisit({ type: 'NoLongerAnEvent', data: {}, meta: meta('bad') }, { type: 'Arrived', data: {}, meta: meta('fine') });

    const { events, unreadable, damage } = await readStreamAsStored(store, VISIT);

    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[4]).toMatchObject({ type: 'NoLongerAnEvent' });
    expect(unreadable).toEqual([]);
    expect(damage).toMatchObject({ version: 5, reason: 'unknown-event-type' });
  });
});

describe('the raw read of a stored item', () => {
  const [first, second] = chainEvents(VISIT, 3, '0'.repeat(64), [
    { type: 'Departed', data: {}, meta: meta('a') },
    { type: 'Arrived', data: {}, meta: meta('b') },
  ]) as [StoredEvent, StoredEvent];

  it('returns each sound event parsed', () => {
    expect(rawEventsOf(3, JSON.stringify([first, second]))).toEqual([
      { ok: true, event: first },
      { ok: true, event: second },
    ]);
  });

  it('names the version of an event whose envelope does not parse, and keeps what is stored', () => {
    const broken = { ...second, meta: { ...second.meta, recordedAt: 'yesterday' } };

    const raw = rawEventsOf(3, JSON.stringify([first, broken]));

    expect(raw[0]).toEqual({ ok: true, event: first });
    expect(raw[1]).toMatchObject({ ok: false, version: 4, reason: 'envelope-invalid', detail: expect.stringMatching(/^meta\.recordedAt/), stored: JSON.stringify(broken) });
  });

  it('marks a whole item that is not JSON as unreadable from its first version, its text kept', () => {
    expect(rawEventsOf(3, '[{"version":3,')).toEqual([
      { ok: false, version: 3, reason: 'item-unreadable', detail: 'the events text is not JSON', stored: '[{"version":3,' },
    ]);
    expect(rawEventsOf(3, undefined)).toMatchObject([{ ok: false, version: 3, reason: 'item-unreadable' }]);
    expect(rawEventsOf(3, '{}')).toMatchObject([{ ok: false, version: 3, reason: 'item-unreadable' }]);
  });
});

describe('a damaged visit on the board', () => {
  const line = (visitId: string, overrides: Partial<BoardSummary> = {}): BoardSummary => ({
    ...boardSummary(scenario('hunsbury-park').readyToGo().departed().visit, policyOf('hunsbury-park')),
    visitId,
    ...overrides,
  });

  it('sorts above every alert, however escalated', () => {
    const damaged = line('visit-damaged', { damaged: { version: 3 } });
    const escalated = line('visit-escalated', { escalationLevel: 3, openAlerts: 2 });

    expect([escalated, damaged].sort(byUrgency).map((summary) => summary.visitId)).toEqual(['visit-damaged', 'visit-escalated']);
  });

  it('is flagged whatever version the board holds, stays active, and a later projection replaces it', async () => {
    const board = new MemoryVisitBoard();
    const held = line(VISIT, { active: false });
    await board.project(held);

    expect(await board.markDamaged(held, { version: 2 })).toBe(true);
    expect(await board.list({ status: 'active' })).toEqual([{ ...held, active: true, damaged: { version: 2 } }]);
    expect(await board.markDamaged({ schoolId: held.schoolId, visitId: 'visit-unknown' }, { version: 1 })).toBe(false);

    await board.project({ ...held, version: held.version + 1 });
    expect((await board.list())[0]).not.toHaveProperty('damaged');
  });
});

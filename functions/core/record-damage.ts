import { EventStoreUnavailableError, type EventStore, type StoredEvent } from './event-store';
import { safeParseVisitEvent, type StoredVisitEvent, type VisitEventProblem } from './events';

/**
 * Quarantine: a stream whose stored events no longer parse (someone edited the table, or a schema
 * changed under old events) stops only its own visit. Readers that fold the visit get a
 * RecordUnreadableError naming the first bad version; the API answers it 409, the local runtime
 * skips the visit at resume and marks its board line, and the history shows the stream as stored,
 * with that version named.
 *
 * Three depths of damage, found in this order:
 * - `item-unreadable`: a stored item's events are not JSON, or its attributes are missing;
 * - `envelope-invalid`: one event's envelope (version, hashes, meta) fails the store's schema;
 * - `unknown-event-type` / `data-invalid`: the envelope is fine, the event is not a visit event.
 * The first two make the adapter's read throw; only a raw read (RawEventReader) can say where.
 */

export type DamageReason = 'item-unreadable' | 'envelope-invalid' | VisitEventProblem;

export interface RecordDamage {
  /** The first version of the stream that does not parse. */
  readonly version: number;
  readonly reason: DamageReason;
  /** Which fields break which rule (never their values). */
  readonly detail: string;
}

/** The error's name, which the state machine catches by. */
export const RECORD_UNREADABLE = 'RecordUnreadableError';

/** A visit's stream holds an event that no longer parses: nothing can be decided or shown from it until it is repaired. */
export class RecordUnreadableError extends Error {
  override readonly name = RECORD_UNREADABLE;
  /** Reading again finds the same bytes: only a person repairing the record helps. */
  readonly retryable = false;
  readonly version: number;
  readonly reason: DamageReason;
  readonly detail: string;
  constructor(
    readonly streamId: string,
    damage: RecordDamage,
    options?: { cause?: unknown },
  ) {
    super(`stream ${streamId}: version ${damage.version} no longer parses (${damage.reason})`, options);
    this.version = damage.version;
    this.reason = damage.reason;
    this.detail = damage.detail;
  }
}

/** One stored event as a raw read finds it: its envelope parsed, or the text that did not parse and why. */
export type RawStoredEvent =
  | { readonly ok: true; readonly event: StoredEvent }
  | {
      readonly ok: false;
      readonly version: number;
      readonly reason: 'item-unreadable' | 'envelope-invalid';
      readonly detail: string;
      /** What is stored there, verbatim (an unreadable item's whole text). */
      readonly stored: string;
    };

/** An event store that can also read a stream without failing on what it holds (both adapters). */
export interface RawEventReader {
  /** Every stored event of the stream in version order, each parsed as an envelope where it can be. Throws only for I/O. */
  readRaw(streamId: string): Promise<RawStoredEvent[]>;
}

const canReadRaw = (store: EventStore): store is EventStore & RawEventReader =>
  typeof (store as Partial<RawEventReader>).readRaw === 'function';

/**
 * The stream's events (from version `from` on, default all), parsed as visit events, or a
 * RecordUnreadableError naming the first version that does not parse. The happy path is one `read`; the raw read runs only after a read failed,
 * and only damage it confirms becomes a RecordUnreadableError (any other failure is rethrown as is).
 */
export async function readVisitEvents(store: EventStore, streamId: string, options: { readonly from?: number } = {}): Promise<StoredVisitEvent[]> {
  let stored: StoredEvent[];
  try {
    stored = await store.read(streamId, options.from === undefined ? undefined : { from: options.from });
  } catch (error) {
    if (error instanceof EventStoreUnavailableError || !canReadRaw(store)) throw error;
    const damage = firstDamage(await store.readRaw(streamId));
    if (!damage) throw error;
    throw new RecordUnreadableError(streamId, damage, { cause: error });
  }
  return stored.map((event) => {
    const parsed = safeParseVisitEvent(event);
    if (!parsed.ok) throw new RecordUnreadableError(streamId, { version: event.version, reason: parsed.problem, detail: parsed.detail }, { cause: parsed.error });
    return parsed.event;
  });
}

/**
 * The stream's visit events as far as they still parse, and the damage that stops them, if any: for a
 * reader that shows what it can of every visit (a member of staff's own list) rather than refuse them
 * all for one damaged record. The happy path is readVisitEvents' one read.
 */
export async function readReadableVisitEvents(store: EventStore, streamId: string): Promise<{ readonly events: StoredVisitEvent[]; readonly damage?: RecordDamage }> {
  try {
    return { events: await readVisitEvents(store, streamId) };
  } catch (error) {
    if (!(error instanceof RecordUnreadableError)) throw error;
    const { events } = await readStreamAsStored(store, streamId);
    // Every event before the first damaged version parses (that is what makes it the first).
    const readable = events.filter((event) => event.version < error.version).map(safeParseVisitEvent);
    return {
      events: readable.flatMap((parsed) => (parsed.ok ? [parsed.event] : [])),
      damage: { version: error.version, reason: error.reason, detail: error.detail },
    };
  }
}

export interface StreamAsStored {
  /** Every event whose envelope parses, in version order, exactly as stored. */
  readonly events: readonly StoredEvent[];
  /** Stored entries whose envelope does not parse, as stored. */
  readonly unreadable: readonly Extract<RawStoredEvent, { ok: false }>[];
  /** The first version that does not parse as a visit event; absent when the whole stream does. */
  readonly damage?: RecordDamage;
}

/**
 * The stream as stored, for readers that must show it even when it is damaged (the history).
 * Reads normally; only when that read fails does it fall back to the raw read.
 */
export async function readStreamAsStored(store: EventStore, streamId: string): Promise<StreamAsStored> {
  let raw: RawStoredEvent[];
  try {
    raw = (await store.read(streamId)).map((event) => ({ ok: true, event }));
  } catch (error) {
    if (error instanceof EventStoreUnavailableError || !canReadRaw(store)) throw error;
    raw = await store.readRaw(streamId);
    // The raw read finds every envelope fine: the read failed for another reason.
    if (raw.every((entry) => entry.ok)) throw error;
  }
  const damage = firstDamage(raw);
  return {
    events: raw.flatMap((entry) => (entry.ok ? [entry.event] : [])),
    unreadable: raw.filter((entry): entry is Extract<RawStoredEvent, { ok: false }> => !entry.ok),
    ...(damage ? { damage } : {}),
  };
}

/** The lowest version among the entries that do not parse, as an envelope or as a visit event. */
export function firstDamage(raw: readonly RawStoredEvent[]): RecordDamage | undefined {
  let first: RecordDamage | undefined;
  for (const entry of raw) {
    const damage = entry.ok ? visitEventDamage(entry.event) : entry;
    if (damage && (!first || damage.version < first.version)) first = { version: damage.version, reason: damage.reason, detail: damage.detail };
  }
  return first;
}

function visitEventDamage(event: StoredEvent): RecordDamage | undefined {
  const parsed = safeParseVisitEvent(event);
  return parsed.ok ? undefined : { version: event.version, reason: parsed.problem, detail: parsed.detail };
}

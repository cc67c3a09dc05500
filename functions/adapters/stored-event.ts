import * as z from 'zod';
import {
  EventMeta,
  type AppendOptions,
  type NewEvent,
  type ReadOptions,
  type StoredEvent,
} from '../core/event-store';
import { hashedTextOf, rememberHashedText } from '../core/hash-chain';

/**
 * What both event store adapters share: the shapes parsed at their edge, input checks, and range
 * selection. The semantics of append (expected version, command id, chain) live in each adapter
 * because the DynamoDB one needs I/O between the steps; the chain itself is core/hash-chain.ts.
 */

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/*
 * Parse once (issue 12). The store parses each event's envelope (type, meta, and on the way out its
 * place in the stream and its hashes) once on the way in (NewEventSchema, in parseAppendInput) and
 * once on the way out (StoredEventSchema, per event); it only checks that the payload, `data`, is an
 * object. The payload is parsed by its own type's schema in the core, once each way too: where decide
 * builds the event (visitEvent) and where a reader takes it (parseVisitEvent), which no longer parses
 * the meta again. test/integration/parse-once.test.ts counts every application of each schema.
 *
 * Why split there rather than parse envelope and payload together with the visit events' union: the
 * store holds more than visits (the audit stream of reads, the contract's test events), and
 * quarantine needs a read to fail on a bad envelope (the raw read then says where) yet succeed on an
 * event of a type the core no longer knows (the history still shows it, as stored). A store applying
 * the union would need it injected per stream and would have to say which part failed; a store
 * returning envelopes unparsed would leave each of its readers (the history, the audit stream, the
 * chain's verification) to parse envelopes on its own. Split this way, each part of an event has one
 * parser, and the store stays generic.
 */

export const NewEventSchema = z.object({
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  meta: EventMeta,
});

export const StoredEventSchema = NewEventSchema.extend({
  streamId: z.string().min(1),
  version: z.number().int().min(1),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});


/*
 * An append's events as an item holds them (EVENTS, event-table.ts). Since issue 23, one line per
 * event: its hash (64 hex digits), then the canonical text that hash is the SHA-256 of, byte for
 * byte, so a reader verifies by hashing what it read and parses each event once, from that text.
 * Canonical JSON never holds a line break. Items written before hold a JSON array of the events,
 * each with its hash; they are still read, and their events are encoded again to be verified.
 */

/** The text an item holds for `events` (chained by chainEvents, or read back). */
export function storedText(events: readonly StoredEvent[]): string {
  return events.map((event) => event.hash + hashedTextOf(event)).join('\n');
}

/** Whether an item's text is the JSON list of events written before issue 23 (a line starts with its hash). */
export const isEventList = (text: string): boolean => text.startsWith('[');

/** One event of an item's text before its envelope is parsed: the value, and for a line, the text its hash covers. */
export interface StoredEntry {
  readonly value: unknown;
  readonly hashed?: string;
  /** What is stored for it, verbatim (for a list, the event's JSON again). */
  stored(): string;
}

/** The events of an item's text, unparsed; throws a SyntaxError when any is not JSON, a TypeError when a list is not one. */
export function storedEntries(text: string): StoredEntry[] {
  if (isEventList(text)) {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list) || list.length === 0) throw new TypeError('the events text is not a list of events');
    return list.map((value: unknown) => ({ value, stored: () => JSON.stringify(value) }));
  }
  return text.split('\n').map((line) => {
    const hashed = line.slice(HASH_LENGTH);
    const value: unknown = JSON.parse(hashed);
    // The hash beside the text goes into the envelope parsed from it (a fresh object: ours to add to).
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) Object.assign(value, { hash: line.slice(0, HASH_LENGTH) });
    return { value, hashed, stored: () => line };
  });
}

/** An entry's event, its envelope parsed (once), remembering the text its hash covers. */
export function parseStoredEntry(entry: StoredEntry) {
  const parsed = StoredEventSchema.safeParse(entry.value);
  if (parsed.success && entry.hashed !== undefined) rememberHashedText(parsed.data, entry.hashed);
  return parsed;
}

/** Every event of an item's text, parsed; throws at the first that does not. */
export function parseStoredText(text: string): StoredEvent[] {
  return storedEntries(text).map((entry) => {
    const parsed = parseStoredEntry(entry);
    if (!parsed.success) throw parsed.error;
    return parsed.data;
  });
}

const HASH_LENGTH = 64;

/**
 * Programming errors, not conflicts: thrown before anything is read or written.
 * Events are parsed so that what is hashed is what a read parses back (zod strips unknown keys).
 */
export function parseAppendInput(streamId: string, events: readonly NewEvent[], options: AppendOptions): NewEvent[] {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new Error('append: streamId must be a non-empty string');
  if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
  if (!Number.isInteger(options.expectedVersion) || options.expectedVersion < 0) {
    throw new Error(`append to ${streamId}: expectedVersion must be an integer >= 0, got ${options.expectedVersion}`);
  }
  if (typeof options.commandId !== 'string' || options.commandId.length === 0) {
    throw new Error(`append to ${streamId}: commandId must be a non-empty string`);
  }
  return events.map((event) => NewEventSchema.parse(event));
}

export interface ReadRange {
  readonly from: number;
  readonly to: number;
  readonly backward: boolean;
  readonly limit: number;
}

export function parseReadInput(streamId: string, options: ReadOptions = {}): ReadRange {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new Error('read: streamId must be a non-empty string');
  const range: ReadRange = {
    from: options.from ?? 1,
    to: options.to ?? Number.MAX_SAFE_INTEGER,
    backward: options.direction === 'backward',
    limit: options.limit ?? Number.MAX_SAFE_INTEGER,
  };
  for (const [name, value] of [['from', range.from], ['to', range.to], ['limit', range.limit]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`read ${streamId}: ${name} must be an integer >= 1, got ${value}`);
  }
  return range;
}

/** The events of `events` (ascending, possibly more than needed) inside the range, ordered and limited. */
export function selectRange(events: readonly StoredEvent[], range: ReadRange): StoredEvent[] {
  const inRange = events.filter((event) => event.version >= range.from && event.version <= range.to);
  if (range.backward) inRange.reverse();
  return inRange.slice(0, range.limit);
}

import * as z from 'zod';
import {
  EventMeta,
  type AppendOptions,
  type NewEvent,
  type ReadOptions,
  type StoredEvent,
} from '../core/event-store';

/**
 * What both event store adapters share: the shapes parsed at their edge, input checks, and range
 * selection. The semantics of append (expected version, command id, chain) live in each adapter
 * because the DynamoDB one needs I/O between the steps; the chain itself is core/hash-chain.ts.
 */

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/*
 * Parse once (issue 12). The store parses each event's envelope (type, meta, and on the way out its
 * place in the stream and its hashes) once on the way in (NewEventSchema, in parseAppendInput) and
 * once on the way out (StoredEventsSchema, per item); it only checks that the payload, `data`, is an
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

export const StoredEventsSchema = z.array(StoredEventSchema).min(1);

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

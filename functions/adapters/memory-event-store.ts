import {
  ExpectedVersionConflictError,
  GENESIS_HASH,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadOptions,
  type StoredEvent,
} from '../core/event-store';
import { chainEvents } from '../core/hash-chain';
import type { RawStoredEvent } from '../core/record-damage';
import { rawEventsOf } from './raw-events';
import { parseAppendInput, parseReadInput, selectRange, storedText } from './stored-event';

interface Append {
  readonly commandId: string;
  readonly first: number;
  readonly last: number;
  readonly events: readonly StoredEvent[];
}

/**
 * The event store in memory, for fast tests of command handling. Same semantics as the DynamoDB
 * adapter, down to which retried commandIds count as duplicates (those at the head or after the
 * caller's expected version), so a test passing here does not rely on leniency DynamoDB lacks.
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, Append[]>();

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const newEvents = parseAppendInput(streamId, events, options);
    const { expectedVersion, commandId } = options;
    const appends = this.streams.get(streamId) ?? [];
    const head = appends[appends.length - 1];
    const headVersion = head?.last ?? 0;

    const earlier =
      head?.commandId === commandId
        ? head
        : appends.find((append) => append.first > expectedVersion && append.commandId === commandId);
    if (earlier) return { nextExpectedVersion: earlier.last, events: earlier.events, duplicate: true };

    if (headVersion !== expectedVersion) {
      throw new ExpectedVersionConflictError(streamId, expectedVersion, headVersion);
    }

    const prevHash = head?.events[head.events.length - 1]?.hash ?? GENESIS_HASH;
    const stored = deepFreeze(chainEvents(streamId, expectedVersion + 1, prevHash, newEvents));
    const last = expectedVersion + stored.length;
    appends.push({ commandId, first: expectedVersion + 1, last, events: stored });
    this.streams.set(streamId, appends);
    return { nextExpectedVersion: last, events: stored, duplicate: false };
  }

  async read(streamId: string, options?: ReadOptions): Promise<StoredEvent[]> {
    const range = parseReadInput(streamId, options);
    const appends = this.streams.get(streamId) ?? [];
    return selectRange(
      appends.flatMap((append) => append.events),
      range,
    );
  }

  /** As DynamoDbEventStore.readRaw: each append's events as the text a table would hold, parsed one by one. */
  async readRaw(streamId: string): Promise<RawStoredEvent[]> {
    parseReadInput(streamId);
    return (this.streams.get(streamId) ?? []).flatMap((append) => rawEventsOf(append.first, storedText(append.events)));
  }
}

/** Stored events are shared with every reader, so nobody may change them in place. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

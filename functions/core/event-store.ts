import * as z from 'zod';
import { Actor } from './actor';

/**
 * The event store port. The core and the handlers depend on this; the DynamoDB adapter and the
 * in-memory adapter implement it (functions/adapters/).
 *
 * Contract (shared/DESIGN.md, "Events and the event store"):
 * - one stream per visit, versions 1, 2, 3… with no gaps;
 * - append takes the version the caller last saw; a mismatch is an ExpectedVersionConflictError;
 * - an append of several events is atomic (one stored item per append);
 * - an append retried with the same commandId succeeds and writes nothing new;
 * - every stored event carries the SHA-256 hash of the previous one (GENESIS_HASH for version 1).
 */

/** Expected version for a stream that must not exist yet. */
export const NO_STREAM = 0;

export const IsoTime = z.iso.datetime({ offset: true });

export const EventMeta = z.object({
  /** Idempotency key of the command (API request or workflow step) that produced the event. */
  commandId: z.string().min(1).max(200),
  actor: Actor,
  /** When the server recorded it (the clock port's time). */
  recordedAt: IsoTime,
  /** When the actor says it happened (a check-in sent late from a poor signal, say). */
  claimedAt: IsoTime.optional(),
  /** SHA-256 of the request (action and body) a client's idempotency key was first used for. */
  requestHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type EventMeta = z.infer<typeof EventMeta>;

/** An event as the core produces it. `data` is the event's own schema-checked payload. */
export interface NewEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly meta: EventMeta;
}

/**
 * An event as stored: its place in the stream and its link in the hash chain. A store returns it
 * with its envelope (meta included) parsed; `data` is an object whose own schema is its reader's to
 * apply, once (parseVisitEvent for a visit).
 */
export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  readonly version: number;
  /** Hash of the previous event in the stream; GENESIS_HASH for version 1. */
  readonly prevHash: string;
  /** SHA-256 (hex) over the canonical encoding of streamId, version, type, data, meta, prevHash. */
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface AppendOptions {
  /** The stream's current version as the caller knows it: NO_STREAM (0) for a new stream. */
  readonly expectedVersion: number;
  /** Same commandId again → the earlier result, nothing written. */
  readonly commandId: string;
  /**
   * The stream's last event as the caller has just read it (version 0 and GENESIS_HASH for an empty
   * stream), at `expectedVersion`. The adapter then need not read the head itself: a read can only
   * end at the last version of an append, so any append that raced ours wants the same first
   * version, and the conditional write lets exactly one of them in. Only for a read of the stream,
   * never a version worked out some other way (it could fall inside another append's range).
   */
  readonly head?: { readonly version: number; readonly hash: string };
}

export interface AppendResult {
  /** Version of the last event of this append. */
  readonly nextExpectedVersion: number;
  readonly events: readonly StoredEvent[];
  /** True when this commandId had already been appended and nothing was written now. */
  readonly duplicate: boolean;
}

export interface ReadOptions {
  /** First version to return (inclusive, default 1). */
  readonly from?: number;
  /** Last version to return (inclusive, default: the head). */
  readonly to?: number;
  /** 'backward' returns newest first; with limit 1 it reads the head. */
  readonly direction?: 'forward' | 'backward';
  readonly limit?: number;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  read(streamId: string, options?: ReadOptions): Promise<StoredEvent[]>;
}

export class ExpectedVersionConflictError extends Error {
  override readonly name = 'ExpectedVersionConflictError';
  readonly retryable = true;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `stream ${streamId}: expected version ${expectedVersion}, found ${actualVersion ?? 'unknown'}`,
      options,
    );
  }
}

/** The store could not be reached or was throttled: nothing was written, the caller may retry. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

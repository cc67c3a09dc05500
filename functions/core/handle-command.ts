import type { Command } from './commands';
import { decide } from './decide';
import type { Refusal } from './decision';
import { ExpectedVersionConflictError, GENESIS_HASH, NO_STREAM, type EventStore } from './event-store';
import type { StoredVisitEvent } from './events';
import type { Policy } from './policy';
import { readVisitEvents } from './record-damage';
import { evolve, fold, type VisitState } from './visit-state';

/**
 * The one way a command reaches a visit's stream: read, fold, decide, append with the expected
 * version. A conflict (someone appended meanwhile) reads what was appended since, folds it onto the
 * state it had, and decides again; a
 * command already in the stream (same commandId: an HTTP retry, a Step Functions retry) returns
 * what it wrote the first time and writes nothing.
 */

export type Handled =
  | {
      readonly ok: true;
      readonly events: readonly StoredVisitEvent[];
      readonly state: VisitState;
      readonly duplicate: boolean;
      /** The whole stream as this command last knew it (its read, plus what it wrote), for the next writer to catch up from. */
      readonly stream: LoadedVisit;
    }
  | (Refusal & { readonly state: VisitState });

export interface LoadedVisit {
  readonly events: readonly StoredVisitEvent[];
  readonly state: VisitState;
}

/**
 * The visit's events and the state they fold to. A stream holding an event that no longer parses
 * throws RecordUnreadableError naming the first bad version (quarantine: that visit stops, others go on).
 */
export async function loadVisit(store: EventStore, visitId: string): Promise<LoadedVisit> {
  const events = await readVisitEvents(store, visitId);
  return { events, state: fold(events) };
}

/**
 * `known` brought up to date: only the events after its last version are read, parsed and folded
 * onto its state, so a writer that lost a race pays for what the winners wrote, not for the whole
 * stream again. The new events must continue `known` exactly (next version, previous hash): if they
 * do not (`known` was not a read of this stream's head), the stream is read whole.
 */
export async function catchUp(store: EventStore, visitId: string, known: LoadedVisit): Promise<LoadedVisit> {
  const last = known.events.at(-1);
  const after = last?.version ?? 0;
  const newer = await readVisitEvents(store, visitId, { from: after + 1 });
  if (newer.length === 0) return known;
  const first = newer[0]!;
  if (known.state.version !== after || first.version !== after + 1 || first.prevHash !== (last?.hash ?? GENESIS_HASH)) return loadVisit(store, visitId);
  return { events: [...known.events, ...newer], state: newer.reduce<VisitState>((s, e) => evolve(s, e, e.version), known.state) };
}

/** Safety facts that commute with whatever else was written meanwhile: a version conflict never refuses them. */
export const COMMUTATIVE: ReadonlySet<Command['name']> = new Set(['panic', 'check-in', 'raise-concern']);
/** Enough rounds for every one of dozens of writers racing on one visit to land in turn. */
const COMMUTATIVE_ATTEMPTS = 500;

export interface HandleOptions {
  /** @default 10, or until it lands for a commutative safety fact */
  readonly maxAttempts?: number;
  /** The caller's fresh read of the stream, for the first attempt. */
  readonly loaded?: LoadedVisit;
  /** SHA-256 of the request a client's idempotency key stands for: stamped on the events, compared on a replay. */
  readonly requestHash?: string;
}

export async function handleCommand(
  store: EventStore,
  visitId: string,
  command: Command,
  policy: Policy,
  options: HandleOptions = {},
): Promise<Handled> {
  const maxAttempts = options.maxAttempts ?? (COMMUTATIVE.has(command.name) ? COMMUTATIVE_ATTEMPTS : 10);
  // The caller's fresh read serves the first attempt; a conflict proves it stale, and only what the
  // winners wrote since is read (catchUp), not the whole stream again.
  let loaded = options.loaded ?? (await loadVisit(store, visitId));
  for (let attempt = 1; ; attempt++) {
    const { events, state } = loaded;
    const earlier = events.filter((event) => event.meta.commandId === command.meta.commandId);
    if (earlier.length > 0) {
      // A key replays only the request it was first used for; anything else under it is a client bug, not a retry.
      if (earlier[0]!.meta.requestHash !== options.requestHash) {
        return { ok: false, kind: 'unprocessable', rule: 'idempotency-key-reused', message: 'this Idempotency-Key was used for a different request', state };
      }
      return { ok: true, events: earlier, state, duplicate: true, stream: loaded };
    }

    const decision = decide(command, state, policy);
    if (!decision.ok) return { ...decision, state };
    const toAppend = options.requestHash ? decision.events.map((event) => ({ ...event, meta: { ...event.meta, requestHash: options.requestHash } })) : decision.events;
    try {
      const last = events.at(-1);
      const appended = await store.append(visitId, toAppend, {
        expectedVersion: state.version,
        commandId: command.meta.commandId,
        // We have just read the stream: its head makes the append a single conditional write.
        head: last ? { version: last.version, hash: last.hash } : { version: NO_STREAM, hash: GENESIS_HASH },
      });
      // A twin of this command won the race between our read and our append: report what it wrote.
      if (appended.duplicate) {
        loaded = await catchUp(store, visitId, loaded);
        continue;
      }
      // Not parsed again: each is an event decide built (its payload parsed by visitEvent), its envelope
      // parsed at the store's edge and placed in the stream there, so it already is what a read parses back.
      const stored = appended.events as readonly StoredVisitEvent[];
      const after = stored.reduce<VisitState>((s, e) => evolve(s, e, e.version), state);
      return { ok: true, events: stored, state: after, duplicate: false, stream: { events: [...events, ...stored], state: after } };
    } catch (error) {
      if (!(error instanceof ExpectedVersionConflictError) || attempt >= maxAttempts) throw error;
      // Full jitter, growing to 50 ms: writers that collided spread out instead of colliding again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      loaded = await catchUp(store, visitId, loaded);
    }
  }
}

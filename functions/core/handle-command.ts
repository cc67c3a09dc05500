import type { Command } from './commands';
import { decide } from './decide';
import type { Refusal } from './decision';
import { ExpectedVersionConflictError, type EventStore } from './event-store';
import { parseVisitEvent, type StoredVisitEvent } from './events';
import type { Policy } from './policy';
import { readVisitEvents } from './record-damage';
import { evolve, fold, type VisitState } from './visit-state';

/**
 * The one way a command reaches a visit's stream: read, fold, decide, append with the expected
 * version. A conflict (someone appended meanwhile) re-reads and decides again on the new state; a
 * command already in the stream (same commandId: an HTTP retry, a Step Functions retry) returns
 * what it wrote the first time and writes nothing.
 */

export type Handled =
  | { readonly ok: true; readonly events: readonly StoredVisitEvent[]; readonly state: VisitState; readonly duplicate: boolean }
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

export async function handleCommand(
  store: EventStore,
  visitId: string,
  command: Command,
  policy: Policy,
  options: { maxAttempts?: number; loaded?: LoadedVisit } = {},
): Promise<Handled> {
  const maxAttempts = options.maxAttempts ?? 10;
  // The caller's fresh read serves the first attempt (a conflict proves it stale and re-reads).
  let preloaded = options.loaded;
  for (let attempt = 1; ; attempt++) {
    const { events, state } = preloaded ?? (await loadVisit(store, visitId));
    preloaded = undefined;
    const earlier = events.filter((event) => event.meta.commandId === command.meta.commandId);
    if (earlier.length > 0) return { ok: true, events: earlier, state, duplicate: true };

    const decision = decide(command, state, policy);
    if (!decision.ok) return { ...decision, state };
    try {
      const appended = await store.append(visitId, decision.events, {
        expectedVersion: state.version,
        commandId: command.meta.commandId,
      });
      // A twin of this command won the race between our read and our append: report what it wrote.
      if (appended.duplicate) continue;
      const stored = appended.events.map(parseVisitEvent);
      return { ok: true, events: stored, state: stored.reduce<VisitState>((s, e) => evolve(s, e, e.version), state), duplicate: false };
    } catch (error) {
      if (error instanceof ExpectedVersionConflictError && attempt < maxAttempts) {
        // Jitter spreads writers that collided, so they do not collide again in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * attempt));
        continue;
      }
      throw error;
    }
  }
}

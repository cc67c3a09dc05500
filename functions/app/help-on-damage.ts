import type { Actor } from '../core/actor';
import type { Clock } from '../core/clock';
import { ExpectedVersionConflictError, GENESIS_HASH, NO_STREAM, type EventStore } from '../core/event-store';
import {
  helpStreamId,
  mayCallForHelp,
  panicOnDamagedRecordData,
  panicOnDamagedRecordEvent,
  parsePanicOnDamagedRecord,
  type StoredPanicOnDamagedRecord,
} from '../core/help-on-damage';
import { readReadableVisitEvents, type RecordUnreadableError } from '../core/record-damage';
import { fold } from '../core/visit-state';

/**
 * A panic on a visit whose record no longer parses: kept in the visit's help stream, whose append the
 * table's stream carries to the alert publisher as a critical alert (core/help-on-damage.ts says why
 * a stream of its own). Retried under
 * the same Idempotency-Key, it writes nothing new and answers as the first time.
 */

export interface HelpKeptApart {
  readonly ok: true;
  readonly keptApart: true;
  readonly visitId: string;
  /** The stream it is kept in, and its place there. */
  readonly streamId: string;
  readonly version: number;
  readonly duplicate: boolean;
  /** Where the visit's own record stops parsing, and why. */
  readonly damagedFrom: number;
  readonly damageReason: string;
}

export interface HelpRefused {
  readonly ok: false;
  readonly kind: 'forbidden' | 'unprocessable';
  readonly rule: string;
  readonly message: string;
}

export interface HelpOnDamageDeps {
  readonly store: EventStore;
  readonly clock: Clock;
}

/** A help stream is written by a handful of people at most: a few turns cover any race. */
const ATTEMPTS = 20;

export interface CallForHelp {
  readonly actor: Actor;
  readonly commandId: string;
  readonly requestHash: string;
  readonly note?: string;
  readonly claimedAt?: string;
}

export function createHelpOnDamage(deps: HelpOnDamageDeps) {
  async function readHelp(visitId: string): Promise<StoredPanicOnDamagedRecord[]> {
    return (await deps.store.read(helpStreamId(visitId))).map(parsePanicOnDamagedRecord);
  }

  return {
    readHelp,

    /** Keep the call for help and alert the office; `damage` is what the visit's read met. */
    async panic(visitId: string, call: CallForHelp, damage: RecordUnreadableError): Promise<HelpKeptApart | HelpRefused> {
      const { events } = await readReadableVisitEvents(deps.store, visitId);
      const state = fold(events);
      const known = state.status === 'none' ? undefined : { policy: state.policy, address: state.details.address, staff: state.details.staff };
      if (!mayCallForHelp(known, call.actor)) return { ok: false, kind: 'forbidden', rule: 'assigned-staff-only', message: 'only the assigned staff may raise panic' };

      const streamId = helpStreamId(visitId);
      const answer = (event: StoredPanicOnDamagedRecord, duplicate: boolean): HelpKeptApart => ({
        ok: true, keptApart: true, visitId, streamId, version: event.version, duplicate, damagedFrom: damage.version, damageReason: damage.reason,
      });
      for (let attempt = 1; ; attempt++) {
        const kept = await readHelp(visitId);
        const earlier = kept.find((event) => event.meta.commandId === call.commandId);
        if (earlier) {
          if (earlier.meta.requestHash !== call.requestHash) return { ok: false, kind: 'unprocessable', rule: 'idempotency-key-reused', message: 'this Idempotency-Key was used for a different request' };
          return answer(earlier, true);
        }
        const event = panicOnDamagedRecordEvent(panicOnDamagedRecordData(visitId, call.note, damage, known), {
          commandId: call.commandId,
          actor: call.actor,
          recordedAt: deps.clock.now().toISOString(),
          requestHash: call.requestHash,
          ...(call.claimedAt ? { claimedAt: call.claimedAt } : {}),
        });
        const last = kept.at(-1);
        try {
          const appended = await deps.store.append(streamId, [event], {
            expectedVersion: last?.version ?? NO_STREAM,
            commandId: call.commandId,
            head: last ? { version: last.version, hash: last.hash } : { version: NO_STREAM, hash: GENESIS_HASH },
          });
          const stored = appended.events.map(parsePanicOnDamagedRecord);
          return answer(stored[0]!, appended.duplicate);
        } catch (error) {
          if (!(error instanceof ExpectedVersionConflictError) || attempt >= ATTEMPTS) throw error;
        }
      }
    },
  };
}

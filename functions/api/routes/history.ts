import { recordHistoryRead } from '../../app/history-audit';
import { auditStreamId } from '../../core/audit';
import { parseVisitEvent } from '../../core/events';
import type { StoredEvent } from '../../core/event-store';
import { verifyChain } from '../../core/hash-chain';
import { PolicyRef } from '../../core/policy';
import { fold, type VisitState } from '../../core/visit-state';
import { HISTORY_READERS } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json, NotFoundError } from '../http';
import { callerOf } from '../middleware';
import { parseOr400, queryOf, visitIdOf } from '../request';
import { HistoryQuery } from '../schemas';

/**
 * GET /visits/{id}/history[?asOf=ISO][&include=reads]: the stream in order, who did what and when,
 * with the hash chain's verdict. With asOf, the events recorded by then and the state they folded
 * to. Works from the stored events as read, so a tampered event is shown and named, never hidden.
 *
 * Every read is recorded (who, when, what they were shown) in the visit's audit stream before the
 * answer goes out: a read that cannot be recorded is not served. include=reads returns that stream.
 */
export const historyRoute = (runtime: Pick<ApiRuntime, 'store' | 'policies' | 'clock' | 'newCommandId' | 'logger'>) =>
  apiHandler(runtime.logger, 'GET /visits/{id}/history', HISTORY_READERS, async (event, context) => {
    const actor = callerOf(context);
    const visitId = visitIdOf(event);
    const { asOf, include } = parseOr400(HistoryQuery, queryOf(event), 'query');
    const stored = await runtime.store.read(visitId);
    if (stored.length === 0) throw new NotFoundError('visit-not-found', 'no such visit');

    const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
    const firstAfter = cutoff === undefined ? -1 : stored.findIndex((e) => Date.parse(e.meta.recordedAt) > cutoff);
    const events = firstAfter === -1 ? stored : stored.slice(0, firstAfter);
    const integrity = verifyChain(events);
    const streamIntegrity = asOf === undefined ? undefined : verifyChain(stored);

    const read = await recordHistoryRead(
      runtime.store,
      {
        visitId,
        ...(asOf ? { asOf } : {}),
        shownVersion: events.at(-1)?.version ?? 0,
        ...(integrity.ok ? {} : { failedAtVersion: integrity.version }),
      },
      { commandId: `history-read:${runtime.newCommandId()}`, actor, recordedAt: runtime.clock.now().toISOString() },
    );
    const reads = include === 'reads' ? await runtime.store.read(auditStreamId(visitId)) : undefined;

    return json(200, {
      visitId,
      ...(asOf ? { asOf } : {}),
      integrity,
      ...(streamIntegrity ? { streamIntegrity } : {}),
      events: events.map(historyEvent),
      state: foldOrNull(events),
      policy: governingPolicy(runtime, stored[0]) ?? null,
      recordedRead: { version: read.version, recordedAt: read.meta.recordedAt },
      ...(reads ? { reads: { integrity: verifyChain(reads), events: reads.map(historyEvent) } } : {}),
    });
  });

function historyEvent(event: StoredEvent) {
  const { version, type, data, meta, prevHash, hash } = event;
  return {
    version,
    type,
    actor: meta.actor.userId,
    role: meta.actor.role,
    recordedAt: meta.recordedAt,
    ...(meta.claimedAt ? { claimedAt: meta.claimedAt } : {}),
    commandId: meta.commandId,
    data,
    prevHash,
    hash,
  };
}

/** The policy version recorded by VisitRequested, read leniently: a tampered first event still gets a history. */
function governingPolicy(runtime: Pick<ApiRuntime, 'policies'>, first: StoredEvent | undefined) {
  const ref = PolicyRef.safeParse(first?.type === 'VisitRequested' ? first.data.policy : undefined);
  return ref.success ? runtime.policies.version(ref.data.schoolId, ref.data.version) : undefined;
}

function foldOrNull(events: readonly StoredEvent[]): VisitState | null {
  if (events.length === 0) return null;
  try {
    return fold(events.map(parseVisitEvent));
  } catch {
    // An event that no longer parses: the integrity verdict says where; there is no state to show.
    return null;
  }
}

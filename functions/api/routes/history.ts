import { parseVisitEvent } from '../../core/events';
import type { StoredEvent } from '../../core/event-store';
import { verifyChain } from '../../core/hash-chain';
import { fold, type VisitState } from '../../core/visit-state';
import { HISTORY_READERS } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json, NotFoundError } from '../http';
import { parseOr400, queryOf, visitIdOf } from '../request';
import { HistoryQuery } from '../schemas';

/**
 * GET /visits/{id}/history[?asOf=ISO]: the stream in order, who did what and when, with the hash
 * chain's verdict. With asOf, the events recorded by then and the state they folded to.
 * Works from the stored events as read, so a tampered event is shown and named, never hidden.
 */
export const historyRoute = (runtime: Pick<ApiRuntime, 'store' | 'logger'>) =>
  apiHandler(runtime.logger, 'GET /visits/{id}/history', HISTORY_READERS, async (event) => {
    const visitId = visitIdOf(event);
    const { asOf } = parseOr400(HistoryQuery, queryOf(event), 'query');
    const stored = await runtime.store.read(visitId);
    if (stored.length === 0) throw new NotFoundError('visit-not-found', 'no such visit');

    const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
    const firstAfter = cutoff === undefined ? -1 : stored.findIndex((e) => Date.parse(e.meta.recordedAt) > cutoff);
    const events = firstAfter === -1 ? stored : stored.slice(0, firstAfter);

    return json(200, {
      visitId,
      ...(asOf ? { asOf } : {}),
      integrity: verifyChain(events),
      events: events.map(historyEvent),
      state: foldOrNull(events),
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

function foldOrNull(events: readonly StoredEvent[]): VisitState | null {
  if (events.length === 0) return null;
  try {
    return fold(events.map(parseVisitEvent));
  } catch {
    // An event that no longer parses: the integrity verdict says where; there is no state to show.
    return null;
  }
}

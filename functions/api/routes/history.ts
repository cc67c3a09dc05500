import { recordHistoryRead } from '../../app/history-audit';
import { auditStreamId } from '../../core/audit';
import { helpStreamId } from '../../core/help-on-damage';
import { parseVisitEvent } from '../../core/events';
import type { StoredEvent } from '../../core/event-store';
import { verifyChain } from '../../core/hash-chain';
import { PolicyRef } from '../../core/policy';
import { readStreamAsStored } from '../../core/record-damage';
import { fold, isAssignedStaff, type VisitState } from '../../core/visit-state';
import { HISTORY_READERS } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler, logRecordDamaged } from '../handler';
import { ForbiddenError, json, NotFoundError } from '../http';
import { callerOf } from '../middleware';
import { parseOr400, queryOf, visitIdOf } from '../request';
import { HistoryQuery } from '../schemas';

/**
 * GET /visits/{id}/history[?asOf=ISO][&include=reads]: the stream in order, who did what and when,
 * with the hash chain's verdict. With asOf, the events recorded by then and the state they folded
 * to. Works from the stored events as read, so a tampered event is shown and named, never hidden.
 *
 * A record that no longer parses (quarantine) is still shown as stored: `readable` names the first
 * version that does not parse (over the whole stream, as streamIntegrity), `unreadable` holds the
 * stored text of entries whose envelope does not parse, and `state` is null once the events shown
 * reach that version.
 *
 * Every read is recorded (who, when, what they were shown) in the visit's audit stream before the
 * answer goes out: a read that cannot be recorded is not served. include=reads returns that stream.
 * Calls for help made while the record did not parse (the help stream) are shown as callsForHelp.
 */
export const historyRoute = (runtime: Pick<ApiRuntime, 'store' | 'policies' | 'clock' | 'newCommandId' | 'logger'>) =>
  apiHandler(runtime.logger, 'GET /visits/{id}/history', HISTORY_READERS, async (event, context) => {
    const actor = callerOf(context);
    const visitId = visitIdOf(event);
    const { asOf, include } = parseOr400(HistoryQuery, queryOf(event), 'query');
    const asStored = await readStreamAsStored(runtime.store, visitId);
    const { events: stored, unreadable, damage } = asStored;
    if (stored.length === 0 && unreadable.length === 0) throw new NotFoundError('visit-not-found', 'no such visit');
    if (damage) logRecordDamaged(runtime.logger, 'GET /visits/{id}/history', visitId, damage);
    // The whole record holds any duress alert raised on the visit: never for the staff who made it,
    // whatever group they read in (a DSL may make a visit herself), and an audit is by someone not on it.
    const now = foldOrNull(stored);
    if (now && now.status !== 'none' && isAssignedStaff(now, actor)) {
      throw new ForbiddenError('not-on-the-visit', 'the record of a visit is read by someone who was not on it');
    }

    const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
    const firstAfter = cutoff === undefined ? -1 : stored.findIndex((e) => Date.parse(e.meta.recordedAt) > cutoff);
    const events = firstAfter === -1 ? stored : stored.slice(0, firstAfter);
    const integrity = verifyChain(events);
    const streamIntegrity = asOf === undefined ? undefined : verifyChain(stored);
    const shownVersion = events.at(-1)?.version ?? 0;

    const read = await recordHistoryRead(
      runtime.store,
      {
        visitId,
        ...(asOf ? { asOf } : {}),
        shownVersion,
        ...(integrity.ok ? {} : { failedAtVersion: integrity.version }),
        ...(damage ? { unreadableAtVersion: damage.version } : {}),
      },
      { commandId: `history-read:${runtime.newCommandId()}`, actor, recordedAt: runtime.clock.now().toISOString() },
    );
    const reads = include === 'reads' ? await runtime.store.read(auditStreamId(visitId)) : undefined;
    // Kept apart from the record, but part of what happened on the visit: an auditor sees them here.
    const help = await runtime.store.read(helpStreamId(visitId));

    return json(200, {
      visitId,
      ...(asOf ? { asOf } : {}),
      integrity,
      ...(streamIntegrity ? { streamIntegrity } : {}),
      readable: damage ? { ok: false, ...damage } : { ok: true },
      ...(unreadable.length > 0 ? { unreadable: unreadable.map(({ version, reason, detail, stored: text }) => ({ version, reason, detail, stored: text })) } : {}),
      events: events.map(historyEvent),
      state: damage && damage.version <= shownVersion ? null : foldOrNull(events),
      policy: governingPolicy(runtime, stored[0]) ?? null,
      recordedRead: { version: read.version, recordedAt: read.meta.recordedAt },
      ...(reads ? { reads: { integrity: verifyChain(reads), events: reads.map(historyEvent) } } : {}),
      ...(help.length > 0 ? { callsForHelp: { integrity: verifyChain(help), events: help.map(historyEvent) } } : {}),
    });
  });

function historyEvent(event: StoredEvent) {
  const { version, type, data, meta, prevHash, hash } = event;
  return {
    version,
    type,
    actor: meta.actor.userId,
    ...(meta.actor.name ? { actorName: meta.actor.name } : {}),
    role: meta.actor.role,
    recordedAt: meta.recordedAt,
    ...(meta.claimedAt ? { claimedAt: meta.claimedAt } : {}),
    commandId: meta.commandId,
    ...(meta.requestHash ? { requestHash: meta.requestHash } : {}),
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
    // An event that no longer parses: the readable verdict says where; there is no state to show.
    return null;
  }
}

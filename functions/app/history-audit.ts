import { auditStreamId, historyReadEvent, parseHistoryReadEvent, type HistoryRead, type StoredHistoryReadEvent } from '../core/audit';
import { ExpectedVersionConflictError, NO_STREAM, type EventMeta, type EventStore } from '../core/event-store';

/**
 * Recording reads of a visit's history in its audit stream (core/audit.ts says why it is a stream
 * of its own). Readers race each other for the audit stream's next version, never the workflow:
 * a lost race re-reads the head and appends again. The command id is the request's id, so a
 * retried request records its read once.
 */
export async function recordHistoryRead(
  store: EventStore,
  read: HistoryRead,
  meta: EventMeta,
  maxAttempts = 8,
): Promise<StoredHistoryReadEvent> {
  const streamId = auditStreamId(read.visitId);
  const event = historyReadEvent(read, meta);
  for (let attempt = 1; ; attempt++) {
    const [head] = await store.read(streamId, { direction: 'backward', limit: 1 });
    try {
      const appended = await store.append(streamId, [event], { expectedVersion: head?.version ?? NO_STREAM, commandId: meta.commandId });
      const stored = appended.events[0];
      if (!stored) throw new Error(`append to ${streamId} returned no event`);
      return parseHistoryReadEvent(stored);
    } catch (error) {
      if (error instanceof ExpectedVersionConflictError && attempt < maxAttempts) continue;
      throw error;
    }
  }
}


import * as z from 'zod';
import { EventMeta, IsoTime, type NewEvent, type StoredEvent } from './event-store';

/**
 * Who looked at a visit's history, and when: the audit stream.
 *
 * Each visit has its own audit stream, `audit:<visitId>`, in the same event store and hash-chained
 * like every stream, holding one `HistoryRead` per read of the history. It is kept apart from the
 * visit's own stream on purpose: recording a read into the visit's stream would change the very
 * history the auditor is verifying (every read would move the head and the head hash), and would
 * race the workflow for the visit's next version. A visit id never contains `:` (the API's id
 * pattern), so an audit stream can neither collide with a visit nor be read as one.
 */

export const AUDIT_STREAM_PREFIX = 'audit:';

export const auditStreamId = (visitId: string): string => `${AUDIT_STREAM_PREFIX}${visitId}`;

export const HistoryRead = z
  .object({
    visitId: z.string().min(1),
    /** The past time asked for, when the reader asked for the history as it stood then. */
    asOf: IsoTime.optional(),
    /** The visit's version the reader was shown (the last event returned; 0 for none). */
    shownVersion: z.number().int().min(0),
    /** The version the chain failed at, when the history the reader was shown did not verify. */
    failedAtVersion: z.number().int().min(1).optional(),
    /** The first version that no longer parses, when the reader was shown a damaged record. */
    unreadableAtVersion: z.number().int().min(1).optional(),
  })
  .strict();
export type HistoryRead = z.infer<typeof HistoryRead>;

export interface HistoryReadEvent {
  readonly type: 'HistoryRead';
  readonly data: HistoryRead;
  readonly meta: EventMeta;
}

export type StoredHistoryReadEvent = HistoryReadEvent & Pick<StoredEvent, 'streamId' | 'version' | 'prevHash' | 'hash'>;

export function historyReadEvent(data: HistoryRead, meta: EventMeta): HistoryReadEvent & NewEvent {
  return { type: 'HistoryRead', data: HistoryRead.parse(data), meta: EventMeta.parse(meta) };
}

/** Parse what the store returns for an audit stream: anything but a well-formed HistoryRead is an error. */
export function parseHistoryReadEvent(stored: StoredEvent): StoredHistoryReadEvent {
  if (stored.type !== 'HistoryRead') throw new Error(`${stored.streamId} version ${stored.version}: unexpected ${stored.type} in an audit stream`);
  return { ...stored, type: 'HistoryRead', data: HistoryRead.parse(stored.data), meta: EventMeta.parse(stored.meta) };
}

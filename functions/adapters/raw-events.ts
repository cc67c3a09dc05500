import { issueSummary } from '../core/events';
import type { RawStoredEvent } from '../core/record-damage';
import { StoredEventSchema } from './stored-event';

/**
 * One stored append, read raw: each event's envelope parsed on its own, so that one bad event
 * names its version instead of failing the whole read. Both event store adapters' `readRaw` use it.
 *
 * @example
 * rawEventsOf(3, '[{"version":3, ...}]') // [{ ok: true, event }] or [{ ok: false, version: 3, reason, detail, stored }]
 */
export function rawEventsOf(firstVersion: number, text: string | undefined): RawStoredEvent[] {
  const unreadable = (detail: string): RawStoredEvent[] => [{ ok: false, version: firstVersion, reason: 'item-unreadable', detail, stored: text ?? '' }];
  if (text === undefined) return unreadable('the item holds no events text');
  let events: unknown;
  try {
    events = JSON.parse(text);
  } catch {
    return unreadable('the events text is not JSON');
  }
  if (!Array.isArray(events) || events.length === 0) return unreadable('the events text is not a list of events');
  return events.map((candidate: unknown, index): RawStoredEvent => {
    const parsed = StoredEventSchema.safeParse(candidate);
    if (parsed.success) return { ok: true, event: parsed.data };
    const version = (candidate as { version?: unknown } | null)?.version;
    return {
      ok: false,
      version: Number.isInteger(version) ? (version as number) : firstVersion + index,
      reason: 'envelope-invalid',
      detail: issueSummary(parsed.error),
      stored: JSON.stringify(candidate),
    };
  });
}

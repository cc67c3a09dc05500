import { issueSummary } from '../core/events';
import type { RawStoredEvent } from '../core/record-damage';
import { parseStoredEntry, storedEntries, type StoredEntry } from './stored-event';

/**
 * One stored append, read raw: each event's envelope parsed on its own, so that one bad event
 * names its version instead of failing the whole read. Both event store adapters' `readRaw` use it,
 * on either form of an item's text (stored-event.ts).
 *
 * @example
 * rawEventsOf(3, storedText(events)) // [{ ok: true, event }] or [{ ok: false, version: 3, reason, detail, stored }]
 */
export function rawEventsOf(firstVersion: number, text: string | undefined): RawStoredEvent[] {
  const unreadable = (detail: string): RawStoredEvent[] => [{ ok: false, version: firstVersion, reason: 'item-unreadable', detail, stored: text ?? '' }];
  if (text === undefined) return unreadable('the item holds no events text');
  let entries: StoredEntry[];
  try {
    entries = storedEntries(text);
  } catch (error) {
    return unreadable(error instanceof SyntaxError ? 'the events text is not JSON' : 'the events text is not a list of events');
  }
  return entries.map((entry, index): RawStoredEvent => {
    const parsed = parseStoredEntry(entry);
    if (parsed.success) return { ok: true, event: parsed.data };
    const version = (entry.value as { version?: unknown } | null)?.version;
    return {
      ok: false,
      version: Number.isInteger(version) ? (version as number) : firstVersion + index,
      reason: 'envelope-invalid',
      detail: issueSummary(parsed.error),
      stored: entry.stored(),
    };
  });
}

import { alertsFor } from '../core/alerts';
import type { EventStore } from '../core/event-store';
import { loadVisit } from '../core/handle-command';
import type { PolicyRegistry } from '../app/policy-registry';
import type { TextReminders } from '../app/text-reminders';

/**
 * On AWS a check-in reminder reaches the inbound text Lambda as the alerts topic publishes it (a
 * subscription filtered to `check-in-reminder`), which carries the visit and the message id
 * (`<visitId>:<version>`) but not the staff's ids: the message is built again from the event it
 * names, as the alert publisher built it, and handed to the text reminders.
 */
export function createReminderRelay(deps: { readonly store: EventStore; readonly policies: PolicyRegistry; readonly reminders: Pick<TextReminders, 'publish'> }) {
  return async (visitId: string, messageId: string): Promise<void> => {
    const version = Number(messageId.slice(messageId.lastIndexOf(':') + 1));
    const { events, state } = await loadVisit(deps.store, visitId);
    if (state.status === 'none') return;
    const policy = deps.policies.version(state.policy.schoolId, state.policy.version);
    // Thrown, not dropped: Lambda retries, and a deploy that restores the version mends it.
    if (!policy) throw new Error(`visit ${visitId}: policy ${state.policy.schoolId}@${state.policy.version} is not in this bundle`);
    const messages = alertsFor(events.filter((event) => event.version === version), state, policy).filter((message) => message.messageId === messageId);
    for (const message of messages) await deps.reminders.publish(message);
  };
}

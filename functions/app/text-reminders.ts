import type { AlertPublisher } from '../adapters/alert-publisher';
import type { AlertMessage } from '../core/alerts';
import { localTime } from '../core/local-time';
import type { TextWords } from '../core/sms-words';
import type { PolicyRegistry } from './policy-registry';
import type { StaffPhones, TextSender } from './text-ports';

/**
 * The policy's check-in reminder (policy.checkIns.reminderMinutesBefore), also by text to each
 * member of staff on the visit who registered a mobile and chose reminders by text (issue 25): for
 * the phone that runs no web app, or has no data where the visit is. A sink beside the alerts topic:
 * the same message, delivered at least once, its text one per message and person (the id). It says
 * when the check-in is due, in the school's zone, and nothing of the visit: never the pupil or the address.
 */
export class TextReminders implements AlertPublisher {
  constructor(
    private readonly deps: {
      readonly phones: Pick<StaffPhones, 'ofUser'>;
      readonly texts: TextSender;
      readonly policies: Pick<PolicyRegistry, 'current'>;
      readonly words: TextWords;
    },
  ) {}

  async publish(message: AlertMessage): Promise<void> {
    if (message.kind !== 'check-in-reminder' || !message.dueAt) return;
    const zone = this.deps.policies.current(message.schoolId)?.timeZone ?? 'Europe/London';
    const due = localTime(zone, localTime(zone).dateOf(message.dueAt)).at(message.dueAt);
    for (const userId of message.staff ?? []) {
      const phone = await this.deps.phones.ofUser(userId);
      if (!phone?.textReminders) continue;
      await this.deps.texts.send({
        messageId: `${message.messageId}:${userId}`,
        to: phone.number,
        body: `Reminder: your next check-in is due by ${due}. Text ${this.deps.words['check-in'][0]} and your code, or ${this.deps.words.help[0]} if you need help.`,
      });
    }
  }
}

import type { SNSEvent } from 'aws-lambda';
import { InboundText } from '../app/text-ports';
import type { TextGateway } from '../app/text-gateway';

/** One line a text: ids and what became of it, never the text (it may hold a code) nor the number in full. */
export type SmsLog = (line: Readonly<Record<string, string | number>>) => void;

/**
 * The Lambda behind the inbound SNS topic that AWS End User Messaging publishes each text to
 * (lib/sms.ts), and behind the alerts topic for check-in reminders (`relayReminder`). Each record's message is the two-way payload; a payload that is not one is logged
 * and dropped (no retry can mend it). A failure to record or answer a text throws: SNS invokes
 * Lambda asynchronously, which retries, and the inbound message id keeps a retry to one record.
 */
export function createInboundTextHandler(gateway: Pick<TextGateway, 'receive'>, log: SmsLog, relayReminder?: (visitId: string, messageId: string) => Promise<void>) {
  return async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      // From the alerts topic (filtered to check-in reminders): a reminder to text, not a text received.
      const attributes = record.Sns.MessageAttributes ?? {};
      if (attributes.kind?.Value === 'check-in-reminder' && attributes.visit?.Value && attributes.messageId?.Value && relayReminder) {
        await relayReminder(attributes.visit.Value, attributes.messageId.Value);
        log({ level: 'info', message: 'reminder texted', messageId: attributes.messageId.Value });
        continue;
      }
      const parsed = InboundText.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        log({ level: 'error', message: 'not an inbound text: dropped', snsMessageId: record.Sns.MessageId });
        continue;
      }
      const outcome = await gateway.receive(parsed.data);
      log({ level: 'info', message: 'text handled', inboundMessageId: parsed.data.inboundMessageId, outcome, from: `…${parsed.data.originationNumber.slice(-3)}` });
    }
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

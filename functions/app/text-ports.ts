import * as z from 'zod';

/**
 * The ports of the text gateway (text-gateway.ts): who a number belongs to, and how a text goes out.
 * On AWS the registered mobiles are a DynamoDB table the trust's admin tooling writes, and texts
 * leave through AWS End User Messaging; locally the same table on dynalite and an outbox.
 */

/**
 * What AWS End User Messaging publishes to the two-way SNS topic for each text the trust's number
 * receives (https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html), and
 * what `POST /local/sms` takes. Only the fields the gateway reads are required.
 */
export const InboundText = z.object({
  originationNumber: z.string().min(3).max(32),
  destinationNumber: z.string().min(3).max(32),
  messageBody: z.string().max(1600),
  inboundMessageId: z.string().min(1).max(200),
  messageKeyword: z.string().max(100).optional(),
  previousPublishedMessageId: z.string().max(200).optional(),
});
export type InboundText = z.infer<typeof InboundText>;

/** A number as stored and compared: E.164, spaces and punctuation gone (07700 900123 stays as typed: only a + number is E.164). */
export const normalisedNumber = (number: string): string => number.replace(/[^+0-9]/g, '');

/** A member of staff's registered mobile, with the state of its bad codes. */
export interface RegisteredPhone {
  readonly number: string;
  readonly userId: string;
  readonly name: string;
  /** They chose the policy's check-in reminders by text as well. */
  readonly textReminders?: boolean;
  /** Texts from this number record nothing but a call for help until then (ISO time). */
  readonly lockedUntil?: string;
}

export interface StaffPhones {
  /** The member of staff whose registered mobile `number` is, or undefined. */
  byNumber(number: string): Promise<RegisteredPhone | undefined>;
  /** The registered mobile of a member of staff, for texts to them (reminders). */
  ofUser(userId: string): Promise<RegisteredPhone | undefined>;
  /**
   * Count a wrong code sent from `number` in message `messageId` (the same message counted once,
   * however often it is delivered); returns how many wrong codes stand against the number.
   */
  badCode(number: string, messageId: string): Promise<number>;
  /** Lock the number until `until` and start its count again. */
  lock(number: string, until: string): Promise<void>;
  /** A right code: the count starts again. */
  goodCode(number: string): Promise<void>;
}

/** A text to send. `messageId` is ours: a text sent again under the same id is the same text. */
export interface OutboundText {
  readonly messageId: string;
  readonly to: string;
  /** The trust's number to send from (the one the inbound text went to); absent: the trust's configured one. */
  readonly from?: string;
  readonly body: string;
}

export interface TextSender {
  send(text: OutboundText): Promise<void>;
}

import type { OutboundText, TextSender } from '../app/text-ports';

/**
 * The local stand-in for AWS End User Messaging: texts kept in order (the console prints each, and
 * `GET /local/sms` lists them), one per message id, as the real service would have sent one.
 */
export class TextOutbox implements TextSender {
  readonly sent: OutboundText[] = [];
  constructor(private readonly log: (line: string) => void = () => undefined) {}

  async send(text: OutboundText): Promise<void> {
    if (this.sent.some((earlier) => earlier.messageId === text.messageId && earlier.body === text.body)) return;
    this.sent.push(text);
    this.log(`>> text to ${text.to}: ${text.body}`);
  }

  /** The texts sent to `number`, oldest first. */
  to(number: string): OutboundText[] {
    return this.sent.filter((text) => text.to === number);
  }
}

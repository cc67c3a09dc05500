import type { OutboundText, TextSender } from '../app/text-ports';
import type { Clock } from '../core/clock';

/**
 * The local stand-in for AWS End User Messaging: texts kept in order (the console prints each, and
 * `GET /local/sms` lists them), one per message id, as the real service would have sent one.
 */
export class TextOutbox implements TextSender {
  /** Each text with when it was sent, by the runtime's clock. */
  readonly sent: (OutboundText & { readonly sentAt: string })[] = [];
  constructor(
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async send(text: OutboundText): Promise<void> {
    if (this.sent.some((earlier) => earlier.messageId === text.messageId && earlier.body === text.body)) return;
    this.sent.push({ ...text, sentAt: this.clock.now().toISOString() });
    this.log(`>> text to ${text.to}: ${text.body}`);
  }

}

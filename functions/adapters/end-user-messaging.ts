import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundText, TextSender } from '../app/text-ports';
import { whenAvailable } from './dependency-unavailable';

/**
 * Texts out through AWS End User Messaging SMS (SendTextMessage), from the number the member of
 * staff texted, else the trust's own. Transactional: a reply about a safety check-in is never
 * marketing. Our message id rides in the message's Context, so a delivery receipt (the event
 * destination of the configuration set) can be matched to the text it reports on.
 */
export class EndUserMessagingTexts implements TextSender {
  constructor(private readonly options: { readonly client: PinpointSMSVoiceV2Client; readonly originationIdentity?: string; readonly configurationSetName?: string }) {}

  async send(text: OutboundText): Promise<void> {
    const from = text.from ?? this.options.originationIdentity;
    await whenAvailable('End User Messaging SendTextMessage', () =>
      this.options.client.send(new SendTextMessageCommand({
        DestinationPhoneNumber: text.to,
        MessageBody: text.body,
        MessageType: 'TRANSACTIONAL',
        ...(from ? { OriginationIdentity: from } : {}),
        ...(this.options.configurationSetName ? { ConfigurationSetName: this.options.configurationSetName } : {}),
        Context: { messageId: text.messageId },
      })),
    );
  }
}

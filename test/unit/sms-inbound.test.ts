import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { InboundText } from '../../functions/app/text-ports';
import { createInboundTextHandler } from '../../functions/sms/inbound';

/** The inbound text Lambda's edge: each SNS record's message is End User Messaging's two-way payload. */
const PAYLOAD = { originationNumber: '+447700900101', destinationNumber: '+447700900000', messageKeyword: 'KEYWORD', messageBody: 'OK 2468', inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84', previousPublishedMessageId: 'x' };
const snsEvent = (...messages: string[]): SNSEvent =>
  ({ Records: messages.map((Message, index) => ({ Sns: { Message, MessageId: `sns-${index}` } })) }) as unknown as SNSEvent;

describe('the inbound text Lambda', () => {
  it('hands each inbound text to the gateway, and logs its outcome without the text or the whole number', async () => {
    const received: InboundText[] = [];
    const lines: Record<string, unknown>[] = [];
    const handler = createInboundTextHandler({ receive: async (text) => (received.push(text), 'recorded') }, (line) => lines.push(line));

    await handler(snsEvent(JSON.stringify(PAYLOAD)));

    expect(received).toEqual([PAYLOAD]);
    expect(lines).toEqual([{ level: 'info', message: 'text handled', inboundMessageId: PAYLOAD.inboundMessageId, outcome: 'recorded', from: '…101' }]);
    expect(JSON.stringify(lines)).not.toContain('2468');
  });

  it('drops a message that is not an inbound text (no retry mends it), and goes on with the rest', async () => {
    const received: InboundText[] = [];
    const lines: Record<string, unknown>[] = [];
    const handler = createInboundTextHandler({ receive: async (text) => (received.push(text), 'recorded') }, (line) => lines.push(line));

    await handler(snsEvent('not json', JSON.stringify({ messageBody: 'HELP' }), JSON.stringify(PAYLOAD)));

    expect(received).toHaveLength(1);
    expect(lines.filter((line) => line.level === 'error').map((line) => line.snsMessageId)).toEqual(['sns-0', 'sns-1']);
  });

  it('throws when a text could not be handled, so Lambda delivers it again (its message id keeps it to one record)', async () => {
    const handler = createInboundTextHandler({ receive: async () => Promise.reject(new Error('throttled')) }, () => undefined);
    await expect(handler(snsEvent(JSON.stringify(PAYLOAD)))).rejects.toThrow('throttled');
  });

  it('relays a check-in reminder from the alerts topic by its visit and message id, and takes it for no inbound text', async () => {
    const received: InboundText[] = [];
    const relayed: string[][] = [];
    const handler = createInboundTextHandler({ receive: async (text) => (received.push(text), 'recorded') }, () => undefined, async (visitId, messageId) => void relayed.push([visitId, messageId]));
    const reminder = {
      Records: [{ Sns: { Message: 'Your next check-in…', MessageId: 'sns-9', MessageAttributes: { kind: { Type: 'String', Value: 'check-in-reminder' }, visit: { Type: 'String', Value: 'visit-1' }, messageId: { Type: 'String', Value: 'visit-1:12' } } } }],
    } as unknown as SNSEvent;

    await handler(reminder);

    expect(relayed).toEqual([['visit-1', 'visit-1:12']]);
    expect(received).toEqual([]);
  });
});

import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from '../core/alerts';

/** Delivers alert messages. At least once: a retried step may publish the same messageId again. */
export interface AlertPublisher {
  publish(message: AlertMessage): Promise<void>;
}

/** SNS message attributes are what subscriptions filter on: kind, severity, school, level and roles. */
export function snsAttributes(message: AlertMessage) {
  return {
    kind: { DataType: 'String', StringValue: message.kind },
    severity: { DataType: 'String', StringValue: message.severity },
    school: { DataType: 'String', StringValue: message.schoolId },
    visit: { DataType: 'String', StringValue: message.visitId },
    level: { DataType: 'Number', StringValue: String(message.level) },
    notify: { DataType: 'String.Array', StringValue: JSON.stringify(message.notify) },
    messageId: { DataType: 'String', StringValue: message.messageId },
    ...(message.alertId ? { alertId: { DataType: 'String', StringValue: message.alertId } } : {}),
  };
}

export class SnsAlertPublisher implements AlertPublisher {
  constructor(private readonly options: { client: SNSClient; topicArn: string }) {}

  async publish(message: AlertMessage): Promise<void> {
    await this.options.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: message.subject.slice(0, 99),
        Message: message.text,
        MessageAttributes: snsAttributes(message),
      }),
    );
  }
}

/** Keeps what was published: tests of what would be sent. */
export class MemoryAlertPublisher implements AlertPublisher {
  readonly published: AlertMessage[] = [];
  async publish(message: AlertMessage): Promise<void> {
    this.published.push(message);
  }
}

import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { canaryItem, canaryKey, canaryMetricLine, canarySentAt } from './canary';

/** The canary's two ends (lib/alert-canary.ts): the sender on the schedule, the receiver on operations' subscription. */

/** Writes a ping: delete, then put, so the stream carries an INSERT the trigger lets through. */
export function canarySender(deps: { readonly client: DynamoDBClient; readonly tableName: string; readonly now: () => Date }) {
  return async (): Promise<void> => {
    await deps.client.send(new DeleteItemCommand({ TableName: deps.tableName, Key: canaryKey() }));
    await deps.client.send(new PutItemCommand({ TableName: deps.tableName, Item: canaryItem(deps.now()) }));
  };
}

/** Records each canary's delay as a metric line; a message that is not a canary (the filter policy lets none through) is ignored. */
export function canaryReceiver(deps: { readonly stackName: string; readonly now: () => Date; readonly write: (line: string) => void }) {
  return async (event: SNSEvent): Promise<void> => {
    const arrivedAt = deps.now();
    for (const record of event.Records) {
      const sentAt = canarySentAt(record.Sns.MessageAttributes?.messageId?.Value);
      if (sentAt) deps.write(canaryMetricLine(deps.stackName, sentAt, arrivedAt));
    }
  };
}

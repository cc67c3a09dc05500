import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAlertPublisher, type AlertPublisher } from '../../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../../functions/adapters/event-table';
import { createStreamPublisher } from '../../functions/alerts/stream-publisher';
import { policyRegistry } from '../../functions/app/policy-registry';
import type { AlertMessage } from '../../functions/core/alerts';
import type { Command } from '../../functions/core/commands';
import { handleCommand } from '../../functions/core/handle-command';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { ALICE, HEAD, WORKFLOW } from '../support/actors';
import { uniqueId } from '../support/ids';
import { policies, policyOf, T0, visitDetails } from '../support/scenario';

/**
 * The alert outbox on AWS: the publisher behind the event table's stream, fed the stream records
 * DynamoDB would send for items written to dynalite by the real adapter (dynalite has no streams).
 */
let dynalite: Dynalite;
let store: DynamoDbEventStore;
let tableName: string;
const policy = policyOf('hunsbury-park');

beforeAll(async () => {
  dynalite = await startDynalite();
  tableName = uniqueId('events');
  await createEventTable(dynalite.client, tableName);
  store = new DynamoDbEventStore({ client: dynalite.client, tableName });
});
afterAll(() => dynalite.stop());

async function visitOut(): Promise<string> {
  const visitId = uniqueId('visit');
  let n = 0;
  const run = async (name: string, body: unknown, actor = ALICE) => {
    const command = { name, body, meta: { commandId: `${visitId}-${++n}`, actor, now: T0 } } as Command;
    expect((await handleCommand(store, visitId, command, policy)).ok).toBe(true);
  };
  await run('request', { visitId, details: visitDetails('hunsbury-park') });
  await run('authorise', {}, HEAD);
  await run('assess-risk', {}, WORKFLOW);
  await run('depart', {});
  await run('panic', { note: 'shouting inside' });
  await run('check-in', { duress: true });
  return visitId;
}

/** The INSERT records the table's stream carries for a visit's items, in order, as Lambda receives them. */
async function streamEvent(visitId: string): Promise<DynamoDBStreamEvent> {
  const { Items = [] } = await dynalite.client.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'streamId = :s', ExpressionAttributeValues: { ':s': { S: visitId } } }),
  );
  return {
    Records: Items.map((item, index) => ({
      eventName: 'INSERT',
      dynamodb: { NewImage: item as never, SequenceNumber: String(1000 + index) },
    })),
  };
}

const publisher = (publish: AlertPublisher['publish']): AlertPublisher => ({ publish });

describe('the alert publisher behind the event table stream', () => {
  it("publishes each committed append's alerts once, named by the version that raised them", async () => {
    const visitId = await visitOut();
    const sent = new MemoryAlertPublisher();

    const answer = await createStreamPublisher({ store, policies: policyRegistry(policies.values()), publisher: sent })(await streamEvent(visitId));

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sent.published.map((message) => [message.kind, message.messageId])).toEqual([
      ['panic', `${visitId}:5`],
      ['duress', `${visitId}:6`],
    ]);
    expect(sent.published[1]!.text).toContain('do not phone them openly');
  });

  it('names the record whose publish failed, so Lambda retries from it and the alerts before it are not sent again', async () => {
    const visitId = await visitOut();
    const sent: AlertMessage[] = [];
    const failOnDuress = publisher(async (message) => {
      if (message.kind === 'duress') throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      sent.push(message);
    });
    const event = await streamEvent(visitId);

    const answer = await createStreamPublisher({ store, policies: policyRegistry(policies.values()), publisher: failOnDuress })(event);

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[5]!.dynamodb!.SequenceNumber }] });
    expect(sent.map((message) => message.kind)).toEqual(['panic']);
  });

  it('holds back, rather than drops, an alert whose visit names a policy this bundle lacks', async () => {
    const visitId = await visitOut();
    const sent = new MemoryAlertPublisher();
    const event = await streamEvent(visitId);

    const answer = await createStreamPublisher({ store, policies: policyRegistry([]), publisher: sent })(event);

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber }]);
    expect(sent.published).toEqual([]);
  });
});

import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAlertPublisher, SnsAlertPublisher, type AlertPublisher } from '../../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { COMMAND_ID, createEventTable, EVENTS, FIRST_VERSION, LAST_VERSION, STREAM_ID } from '../../functions/adapters/event-table';
import { createAlertLedgerTable, DynamoDbAlertLedger, type HeldAppend } from '../../functions/alerts/alert-ledger';
import { recordsOfFailure, redriveHeld, redriveRecords } from '../../functions/alerts/redrive';
import { createStreamPublisher, type StreamPublisherDeps } from '../../functions/alerts/stream-publisher';
import { policyRegistry, type PolicyRegistry } from '../../functions/app/policy-registry';
import type { AlertMessage } from '../../functions/core/alerts';
import type { Command } from '../../functions/core/commands';
import { handleCommand } from '../../functions/core/handle-command';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { ALICE, HEAD, WORKFLOW } from '../support/actors';
import { uniqueId } from '../support/ids';
import { policies, policyOf, T0, visitDetails } from '../support/scenario';

/**
 * The alert outbox on AWS: the publisher behind the event table's stream, fed the stream records
 * DynamoDB would send for items written to dynalite by the real adapter (dynalite has no streams),
 * with its ledger on dynalite too. SNS faults come from aws-sdk-client-mock.
 */
let dynalite: Dynalite;
let store: DynamoDbEventStore;
let tableName: string;
let ledgerTable: string;
const policy = policyOf('hunsbury-park');
const everyPolicy = policyRegistry(policies.values());
const sns = mockClient(SNSClient);

beforeAll(async () => {
  dynalite = await startDynalite();
  tableName = uniqueId('events');
  await createEventTable(dynalite.client, tableName);
  store = new DynamoDbEventStore({ client: dynalite.client, tableName });
});
afterAll(() => dynalite.stop());
// The test process goes on to other files: give the SDK's client back.
afterAll(() => sns.restore());
afterEach(() => sns.reset());

/** A fresh ledger per test: what one deployment of the publisher has done. */
async function freshLedger(): Promise<DynamoDbAlertLedger> {
  ledgerTable = uniqueId('ledger');
  await createAlertLedgerTable(dynalite.client, ledgerTable);
  return new DynamoDbAlertLedger({ client: dynalite.client, tableName: ledgerTable });
}

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

let sequence = 1000;
/** The INSERT records the table's stream carries for a visit's items, in order, as Lambda receives them. */
async function streamRecords(visitId: string): Promise<DynamoDBRecord[]> {
  const { Items = [] } = await dynalite.client.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'streamId = :s', ExpressionAttributeValues: { ':s': { S: visitId } } }),
  );
  return Items.map((item) => ({
    eventName: 'INSERT',
    dynamodb: { Keys: { [STREAM_ID]: item[STREAM_ID]!, [FIRST_VERSION]: item[FIRST_VERSION]! } as never, NewImage: item as never, SequenceNumber: String(++sequence) },
  }));
}
const streamEvent = async (visitId: string): Promise<DynamoDBStreamEvent> => ({ Records: await streamRecords(visitId) });

/** A record someone damaged in the table: its events are no longer JSON. */
async function damagedAppend(visitId: string, version: number): Promise<void> {
  await dynalite.client.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        [STREAM_ID]: { S: visitId },
        [FIRST_VERSION]: { N: String(version) },
        [LAST_VERSION]: { N: String(version) },
        [COMMAND_ID]: { S: 'edited-by-hand' },
        [EVENTS]: { S: '[{"type":"PanicRaised",' },
      },
    }),
  );
}

const publisher = (publish: AlertPublisher['publish']): AlertPublisher => ({ publish });

function deps(ledger: DynamoDbAlertLedger, sent: AlertPublisher, options: { policies?: PolicyRegistry; held?: HeldAppend[] } = {}): StreamPublisherDeps {
  return {
    store,
    policies: options.policies ?? everyPolicy,
    publisher: sent,
    ledger,
    metrics: { held: (append) => options.held?.push(append) },
    now: () => new Date(T0),
  };
}

/**
 * The event source mapping's loop for one shard, as AWS documents it with ReportBatchItemFailures,
 * unlimited retries and a maximum record age: invoke with the batch; on a reported failure, invoke
 * again from that record; stop when a batch succeeds. Returns how many invocations it took.
 */
async function mappingDelivers(handler: ReturnType<typeof createStreamPublisher>, records: readonly DynamoDBRecord[], cap = 100): Promise<number> {
  let pending = [...records];
  for (let invocation = 1; invocation <= cap; invocation += 1) {
    const { batchItemFailures } = await handler({ Records: pending });
    const failed = batchItemFailures[0]?.itemIdentifier;
    if (failed === undefined) return invocation;
    pending = pending.slice(pending.findIndex((record) => record.dynamodb?.SequenceNumber === failed));
  }
  throw new Error(`still failing after ${cap} invocations`);
}

describe('the alert publisher behind the event table stream', () => {
  it("publishes each committed append's alerts once, named by the version that raised them", async () => {
    const visitId = await visitOut();
    const sent = new MemoryAlertPublisher();

    const answer = await createStreamPublisher(deps(await freshLedger(), sent))(await streamEvent(visitId));

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

    const answer = await createStreamPublisher(deps(await freshLedger(), failOnDuress))(event);

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[5]!.dynamodb!.SequenceNumber }] });
    expect(sent.map((message) => message.kind)).toEqual(['panic']);
  });
});

describe('poison apart from transient faults', () => {
  it("sets a damaged record aside with its visit, version and reason, tells operations, and delivers the records after it", async () => {
    const damaged = await visitOut();
    await damagedAppend(damaged, 7);
    const next = await visitOut();
    const sent = new MemoryAlertPublisher();
    const ledger = await freshLedger();
    const told: HeldAppend[] = [];

    const answer = await createStreamPublisher(deps(ledger, sent, { held: told }))({ Records: [...(await streamRecords(damaged)), ...(await streamRecords(next))] });

    expect(answer).toEqual({ batchItemFailures: [] });
    const held = await ledger.held();
    expect(held).toEqual([expect.objectContaining({ visitId: damaged, version: 7, reason: 'record-unreadable', detail: expect.stringContaining(`${damaged}@7`) })]);
    expect(told).toEqual(held);
    // The damaged visit's earlier alerts and every alert of the visit after it went out.
    expect(sent.published.map((message) => message.messageId)).toEqual([`${damaged}:5`, `${damaged}:6`, `${next}:5`, `${next}:6`]);
  });

  it('sets aside, rather than retries, an append whose visit names a policy this bundle lacks', async () => {
    const visitId = await visitOut();
    const sent = new MemoryAlertPublisher();
    const ledger = await freshLedger();

    const answer = await createStreamPublisher(deps(ledger, sent, { policies: policyRegistry([]) }))(await streamEvent(visitId));

    expect(answer.batchItemFailures).toEqual([]);
    expect(sent.published).toEqual([]);
    const held = await ledger.held();
    expect(held.map((append) => [append.visitId, append.version, append.reason])).toEqual([1, 2, 3, 4, 5, 6].map((version) => [visitId, version, 'policy-missing']));
    expect(held[0]!.detail).toBe(`policy hunsbury-park@${policy.version} is not in this bundle`);
  });

  it('loses nothing to an SNS fault that outlasts ten tries: the mapping retries from the failed record until it clears, and each alert goes once', async () => {
    const visitId = await visitOut();
    // Throttled for 12 publishes in a row (the SDK's own retries off, so each try is one invocation's).
    const fault = sns.on(PublishCommand);
    for (let i = 0; i < 12; i += 1) fault.rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));
    fault.resolves({ MessageId: 'sns-id' });
    const delivered: string[] = [];
    const viaSns = new SnsAlertPublisher({ client: new SNSClient({ region: 'eu-west-2', maxAttempts: 1 }), topicArn: 'arn:aws:sns:eu-west-2:111111111111:alerts' });
    const counted = publisher(async (message) => {
      await viaSns.publish(message);
      delivered.push(message.messageId);
    });

    const invocations = await mappingDelivers(createStreamPublisher(deps(await freshLedger(), counted)), await streamRecords(visitId));

    expect(invocations).toBeGreaterThan(10);
    expect(delivered).toEqual([`${visitId}:5`, `${visitId}:6`]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(14);
  });
});

describe('re-drive and replay', () => {
  it('re-drives a held append once the fault is mended, once: a second re-drive sends nothing', async () => {
    const visitId = await visitOut();
    const sent = new MemoryAlertPublisher();
    const ledger = await freshLedger();
    await createStreamPublisher(deps(ledger, sent, { policies: policyRegistry([]) }))(await streamEvent(visitId));
    // The deploy that dropped the policy is mended: this bundle has it again.
    const mended = { ...deps(ledger, sent), client: dynalite.client, eventsTable: tableName };

    const first = await redriveHeld(mended);
    const second = await redriveHeld(mended);

    expect(first.released).toHaveLength(6);
    expect(first.stillHeld).toEqual([]);
    expect(second).toEqual({ released: [], stillHeld: [] });
    expect(await ledger.held()).toEqual([]);
    expect(sent.published.map((message) => message.messageId)).toEqual([`${visitId}:5`, `${visitId}:6`]);
  });

  it('keeps held what still cannot be published, with the reason as it is now', async () => {
    const visitId = await visitOut();
    const ledger = await freshLedger();
    const noPolicy = deps(ledger, new MemoryAlertPublisher(), { policies: policyRegistry([]) });
    await createStreamPublisher(noPolicy)(await streamEvent(visitId));

    const outcome = await redriveHeld({ ...noPolicy, client: dynalite.client, eventsTable: tableName });

    expect(outcome.released).toEqual([]);
    expect(outcome.stillHeld).toHaveLength(6);
    expect(outcome.stillHeld[0]!.now).toContain('is not in this bundle');
    expect(await ledger.held()).toHaveLength(6);
  });

  it("re-drives the records of an S3 on-failure object, sending only what had not gone out", async () => {
    const visitId = await visitOut();
    const records = await streamRecords(visitId);
    const sent = new MemoryAlertPublisher();
    const ledger = await freshLedger();
    // The panic went out; then the trigger gave up on the duress record and wrote it to the bucket.
    await createStreamPublisher(deps(ledger, sent))({ Records: records.slice(0, 5) });
    const object = {
      requestContext: { condition: 'RecordAgeExceeded', approximateInvokeCount: 9000 },
      DDBStreamBatchInfo: { batchSize: 2 },
      payload: JSON.stringify({ Records: records.slice(4) }),
    };

    const stillFailing = await redriveRecords(deps(ledger, sent), recordsOfFailure(JSON.parse(JSON.stringify(object))));

    expect(stillFailing).toBeUndefined();
    expect(sent.published.map((message) => message.messageId)).toEqual([`${visitId}:5`, `${visitId}:6`]);
  });

  it('sends nothing already delivered when a re-created trigger replays the stream from its oldest record, and what is new once', async () => {
    const visitId = await visitOut();
    const ledger = await freshLedger();
    const before = new MemoryAlertPublisher();
    await createStreamPublisher(deps(ledger, before))(await streamEvent(visitId));
    const ack = { name: 'acknowledge', body: { alertId: before.published[0]!.alertId }, meta: { commandId: `${visitId}-ack`, actor: HEAD, now: T0 } } as Command;
    expect((await handleCommand(store, visitId, ack, policy)).ok).toBe(true);
    const after = new MemoryAlertPublisher();

    // TRIM_HORIZON: the new mapping reads every record still in the stream, old panic included.
    const answer = await createStreamPublisher(deps(ledger, after))(await streamEvent(visitId));

    expect(answer.batchItemFailures).toEqual([]);
    expect(after.published.map((message) => [message.kind, message.messageId])).toEqual([['alert-acknowledged', `${visitId}:7`]]);
  });
});

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent, SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAlertPublisher, snsAttributes } from '../../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { createEventTable, FIRST_VERSION, STREAM_ID } from '../../functions/adapters/event-table';
import { createAlertLedgerTable, DynamoDbAlertLedger } from '../../functions/alerts/alert-ledger';
import { CANARY_STREAM, canaryKey } from '../../functions/alerts/canary';
import { ActionBodies } from '../../functions/core/commands';
import { canaryReceiver, canarySender } from '../../functions/alerts/canary-ends';
import { createStreamPublisher } from '../../functions/alerts/stream-publisher';
import type { AlertMessage } from '../../functions/core/alerts';
import { receives } from '../../lib/alerts';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { synthSampleTrust, type SampleTrustStack } from '../cdk/sample-trust';
import { alarmState, type AlarmProperties, type Datapoint } from '../support/cloudwatch-alarm';
import { uniqueId } from '../support/ids';
import { seedPolicies } from '../support/scenario';

/**
 * The alert path's canary end to end, on a virtual clock: the sender writes its ping to the event
 * table (dynalite, real SDK), the INSERT DynamoDB's stream would carry goes to the real publisher
 * with its ledger on dynalite, each message it publishes reaches the subscriptions whose filter
 * policy takes it, the receiver writes its metric lines, and the synthesised alarms are evaluated
 * over those datapoints as CloudWatch documents (test/support/cloudwatch-alarm.ts).
 */
let dynalite: Dynalite;
let synth: SampleTrustStack;
beforeAll(async () => {
  dynalite = await startDynalite();
  synth = synthSampleTrust();
});
afterAll(() => dynalite.stop());

const MINUTE = 60_000;
const START = Date.parse('2026-12-07T08:00:00.000Z');

/** The synthesised alarm by its construct id (AlertCanarySilent, AlertCanaryLate). */
function alarm(id: string): AlarmProperties {
  const resource = synth.resources('AWS::CloudWatch::Alarm')[synth.logicalId(synth.stack.operations.node.findChild(id))];
  return resource!.Properties as unknown as AlarmProperties;
}

/** The canary subscription's filter policy, as synthesised: SNS delivers a message when each listed attribute holds a listed value. */
function canarySubscriptionTakes(message: AlertMessage): boolean {
  const receiver = JSON.stringify({ 'Fn::GetAtt': [synth.logicalId(synth.stack.canary.receiver), 'Arn'] });
  const subscription = Object.values(synth.resources('AWS::SNS::Subscription')).find((resource) => JSON.stringify(resource.Properties!.Endpoint) === receiver);
  const policy = subscription!.Properties!.FilterPolicy as Record<string, string[]>;
  const attributes = snsAttributes(message) as Record<string, { StringValue: string }>;
  return Object.entries(policy).every(([name, allowed]) => allowed.includes(attributes[name]?.StringValue ?? ''));
}

interface Run {
  /** What the receiver measured: the CanaryDelay datapoints CloudWatch would hold. */
  readonly datapoints: Datapoint[];
  /** Everything the publisher sent to the alerts topic. */
  readonly published: AlertMessage[];
  /** Deliveries to the receiver (a re-delivered stream record must not make a second). */
  deliveries: number;
}

/**
 * Minutes of the schedule: each minute a ping; `publisherRuns(minute)` says whether the trigger
 * invokes the publisher for it; `delaySeconds(minute)` how long the rest of the way takes.
 */
async function runCanary(minutes: number, options: { publisherRuns?: (minute: number) => boolean; delaySeconds?: (minute: number) => number; redeliver?: boolean } = {}): Promise<Run> {
  const tableName = uniqueId('events');
  const ledgerTable = uniqueId('ledger');
  await createEventTable(dynalite.client, tableName);
  await createAlertLedgerTable(dynalite.client, ledgerTable);
  let now = START;
  const clock = () => new Date(now);
  const topic = new MemoryAlertPublisher();
  const run: Run = { datapoints: [], published: topic.published, deliveries: 0 };
  const send = canarySender({ client: dynalite.client, tableName, now: clock });
  const publish = createStreamPublisher({
    store: new DynamoDbEventStore({ client: dynalite.client, tableName }),
    policies: seedPolicies,
    publisher: topic,
    ledger: new DynamoDbAlertLedger({ client: dynalite.client, tableName: ledgerTable }),
    metrics: { held: () => expect.unreachable('a canary is never held') },
    now: clock,
  });
  const receive = canaryReceiver({
    stackName: synth.stack.stackName,
    now: clock,
    write: (line) => {
      const metric = JSON.parse(line) as { _aws: { Timestamp: number }; AlertCanaryDelay: number; Stack: string };
      expect(metric.Stack).toBe(synth.stack.stackName);
      run.datapoints.push({ at: metric._aws.Timestamp, value: metric.AlertCanaryDelay });
    },
  });

  for (let minute = 0; minute < minutes; minute++) {
    const sentAt = START + minute * MINUTE;
    now = sentAt;
    await send();
    const { Item } = await dynalite.client.send(new GetItemCommand({ TableName: tableName, Key: canaryKey(), ConsistentRead: true }));
    const record = { eventName: 'INSERT' as const, dynamodb: { Keys: { [STREAM_ID]: Item![STREAM_ID]!, [FIRST_VERSION]: Item![FIRST_VERSION]! }, NewImage: Item, SequenceNumber: String(minute) } };
    if (!(options.publisherRuns?.(minute) ?? true)) continue;
    const sentBefore = topic.published.length;
    for (let delivery = 0; delivery < (options.redeliver ? 2 : 1); delivery++) {
      expect(await publish({ Records: [record] } as unknown as DynamoDBStreamEvent)).toEqual({ batchItemFailures: [] });
    }
    now = sentAt + (options.delaySeconds?.(minute) ?? 2) * 1000;
    for (const message of topic.published.slice(sentBefore).filter(canarySubscriptionTakes)) {
      run.deliveries++;
      const attributes = Object.fromEntries(Object.entries(snsAttributes(message)).map(([name, value]) => [name, { Type: value.DataType, Value: value.StringValue }]));
      await receive({ Records: [{ Sns: { MessageAttributes: attributes, Message: message.text } }] } as unknown as SNSEvent);
    }
  }
  now = START + minutes * MINUTE;
  return run;
}

const at = (minute: number) => START + minute * MINUTE;

describe('the alert path canary', () => {
  it('goes the whole way each minute, measured at operations\' subscription, and no person\'s subscription receives it', async () => {
    const run = await runCanary(6);
    expect(run.deliveries).toBe(6);
    expect(run.datapoints.map((point) => point.value)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(run.published.every((message) => message.kind === 'canary' && message.notify.length === 0)).toBe(true);
    const people = synth.trust.config.alerts.subscriptions;
    expect(people.length).toBeGreaterThan(0);
    for (const message of run.published) for (const subscription of people) expect(receives(subscription, message)).toBe(false);
    expect(alarmState(alarm('AlertCanarySilent'), run.datapoints, at(6))).toBe('OK');
    expect(alarmState(alarm('AlertCanaryLate'), run.datapoints, at(5))).toBe('OK');
  });

  it('raises the silence alarm on a publisher that never runs, after three silent minutes and not before', async () => {
    const run = await runCanary(10, { publisherRuns: (minute) => minute < 5 });
    expect(run.deliveries).toBe(5);
    const silent = alarm('AlertCanarySilent');
    expect(alarmState(silent, run.datapoints, at(5))).toBe('OK');
    expect(alarmState(silent, run.datapoints, at(7))).toBe('OK');
    expect(alarmState(silent, run.datapoints, at(8))).toBe('ALARM');
    // A publisher that never ran at all: no datapoint ever, and missing data counts as silence.
    const never = await runCanary(3, { publisherRuns: () => false });
    expect(never.datapoints).toEqual([]);
    expect(alarmState(silent, never.datapoints, at(3))).toBe('ALARM');
  });

  it('raises the late alarm when a canary takes a minute and a half, though it did arrive', async () => {
    const run = await runCanary(5, { delaySeconds: (minute) => (minute === 3 ? 90 : 2) });
    expect(run.deliveries).toBe(5);
    expect(alarmState(alarm('AlertCanaryLate'), run.datapoints, at(5))).toBe('ALARM');
    expect(alarmState(alarm('AlertCanarySilent'), run.datapoints, at(5))).toBe('OK');
  });

  it('lives in a partition no visit can be given, so no visit\'s alerts are ever taken for a canary', () => {
    expect(ActionBodies.request.shape.visitId.safeParse(CANARY_STREAM).success).toBe(false);
    expect(ActionBodies.request.shape.visitId.safeParse('canary').success).toBe(true);
  });

  it('is sent once for a ping the stream delivers twice (the ledger), so one ping is one datapoint', async () => {
    const run = await runCanary(3, { redeliver: true });
    expect(run.published).toHaveLength(3);
    expect(run.datapoints).toHaveLength(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPublisher } from '../../functions/adapters/alert-publisher';
import type { AlertMessage } from '../../functions/core/alerts';
import { createAlertTopicTable, LocalAlertTopic, type AlertSink, type DeliveryPolicy } from '../../local/alert-topic';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';

/**
 * The local stand-in for the alerts topic on in-memory dynalite, its sinks faked: each sink retried
 * on its own, a dead letter recorded and said when one never takes a message, what a stopped runtime
 * left pending delivered by the next one, and a message published again not delivered twice.
 */

/** Fast retries, so a scenario of several attempts runs in milliseconds. */
const QUICK: DeliveryPolicy = { attempts: 4, firstDelayMs: 5, maxDelayMs: 20, timeoutMs: 1_000 };

type Behaviour = 'ok' | 'fail' | 'hang';

/** A sink that behaves as told on each attempt and keeps what it took. */
class ScriptedSink implements AlertPublisher {
  readonly took: AlertMessage[] = [];
  attempts = 0;
  private readonly hung: Array<(error: Error) => void> = [];

  constructor(private readonly behaviour: (attempt: number) => Behaviour) {}

  publish(message: AlertMessage): Promise<void> {
    this.attempts += 1;
    const behaviour = this.behaviour(this.attempts);
    if (behaviour === 'fail') return Promise.reject(new Error(`refused attempt ${this.attempts}`));
    if (behaviour === 'hang') return new Promise<void>((_, reject) => this.hung.push(reject));
    this.took.push(message);
    return Promise.resolve();
  }

  /** Ends the attempts that are still hanging (the end of a test). */
  release(): void {
    for (const reject of this.hung.splice(0)) reject(new Error('released'));
  }
}

const always = (behaviour: Behaviour) => new ScriptedSink(() => behaviour);

function panicMessage(visitId = uniqueId('visit'), version = 6): AlertMessage {
  return {
    kind: 'panic',
    severity: 'critical',
    schoolId: 'hunsbury-park',
    visitId,
    level: 0,
    notify: ['office', 'dsl', 'headteacher'],
    alertId: `panic-${version}`,
    messageId: `${visitId}:${version}`,
    subject: 'PANIC: Alice Officer on a home visit',
    text: 'Alice Officer (with Bob Worker) pressed panic at 12 Example Road.',
  };
}

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(() => dynalite.stop());

/** A new topic table, and a way to open topics on it, as successive runs of the runtime would. */
async function topicTable() {
  const tableName = uniqueId('topic');
  await createAlertTopicTable(dynalite.client, tableName);
  const log: string[] = [];
  const open = (sinks: Record<string, AlertPublisher>, delivery: Partial<DeliveryPolicy> = QUICK) =>
    new LocalAlertTopic({
      client: dynalite.client,
      tableName,
      sinks: Object.entries(sinks).map(([name, sink]): AlertSink => ({ name, sink })),
      log: (line) => log.push(line),
      delivery,
    });
  return { open, log };
}

describe.concurrent('delivering to each sink on its own', () => {
  it('delivers once to a sink that fails twice and then works, and records the message delivered', async () => {
    const { open } = await topicTable();
    const flaky = new ScriptedSink((attempt) => (attempt <= 2 ? 'fail' : 'ok'));
    const topic = open({ flaky });
    const message = panicMessage();

    await topic.publish(message);
    await topic.idle();

    expect(flaky.attempts).toBe(3);
    expect(flaky.took).toEqual([message]);
    expect(await topic.record(message.messageId)).toMatchObject({ state: 'delivered', failedSinks: [], message });
  });

  it('gives the other sinks the message when one never takes it, and keeps a dead letter naming that sink, said on the console', async () => {
    const { open, log } = await topicTable();
    const broken = always('fail');
    const consoleSink = always('ok');
    const file = always('ok');
    const topic = open({ broken, console: consoleSink, file });
    const message = panicMessage();

    await topic.publish(message);
    await topic.idle();

    expect(consoleSink.took).toEqual([message]);
    expect(file.took).toEqual([message]);
    expect(broken.attempts).toBe(QUICK.attempts);
    expect(await topic.record(message.messageId)).toMatchObject({ state: 'dead', failedSinks: ['broken'], lastError: `refused attempt ${QUICK.attempts}` });
    expect(log).toEqual([expect.stringMatching(new RegExp(`^!! ALERT NOT DELIVERED to broken after ${QUICK.attempts} attempts \\(panic hunsbury-park/${message.visitId}, message ${message.messageId}\\)`))]);
  });

  it('counts an attempt that never settles as failed once its time limit passes, while the other sinks already have the message', async () => {
    const { open } = await topicTable();
    const hanging = always('hang');
    const consoleSink = always('ok');
    const topic = open({ hanging, console: consoleSink }, { ...QUICK, attempts: 2, timeoutMs: 50 });
    const message = panicMessage();

    await topic.publish(message);
    await eventually('the console sink to take the message', () => consoleSink.took.length === 1);
    const whileHanging = await topic.record(message.messageId);
    await topic.idle();

    expect(whileHanging).toMatchObject({ state: 'pending' });
    expect(hanging.attempts).toBe(2);
    expect(await topic.record(message.messageId)).toMatchObject({ state: 'dead', failedSinks: ['hanging'], lastError: 'hanging did not answer within 50 ms' });
    hanging.release();
  });

  it('delivers a message published twice while it is still being delivered only once', async () => {
    const { open } = await topicTable();
    const sink = new ScriptedSink((attempt) => (attempt === 1 ? 'fail' : 'ok'));
    const topic = open({ sink });
    const message = panicMessage();

    await Promise.all([topic.publish(message), topic.publish(message)]);
    await topic.idle();

    expect(sink.took).toEqual([message]);
  });
});

describe.concurrent('catching up after a restart', () => {
  it('delivers a message that a stopped runtime left pending', async () => {
    // prepare: the first run's only sink hangs, so the message stays pending when that run stops
    const { open } = await topicTable();
    const hanging = always('hang');
    const stopped = open({ hanging }, { ...QUICK, attempts: 1, timeoutMs: 60_000 });
    const message = panicMessage();
    await stopped.publish(message);
    await eventually('the hanging sink to be tried', () => hanging.attempts === 1);
    expect(await stopped.record(message.messageId)).toMatchObject({ state: 'pending' });

    // act: the next run starts
    const sink = always('ok');
    const next = open({ sink });
    const handed = await next.redeliverPending();
    await next.idle();

    // assess
    expect(handed).toBe(1);
    expect(sink.took).toEqual([message]);
    expect(await next.record(message.messageId)).toMatchObject({ state: 'delivered' });
    hanging.release();
    await stopped.idle();
  });

  it('never delivers again a message a run already delivered, when it is published again (the publisher died before its ledger said sent)', async () => {
    const { open } = await topicTable();
    const message = panicMessage();
    const first = always('ok');
    const firstRun = open({ first });
    await firstRun.publish(message);
    await firstRun.idle();

    const second = always('ok');
    const secondRun = open({ second });
    const pending = await secondRun.redeliverPending();
    await secondRun.publish(message);
    await secondRun.idle();

    expect(first.took).toEqual([message]);
    expect([pending, second.took]).toEqual([0, []]);
  });
});

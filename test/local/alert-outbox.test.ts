import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPublisher } from '../../functions/adapters/alert-publisher';
import type { AlertMessage } from '../../functions/core/alerts';
import { createOutboxTable, LocalAlertOutbox, type AlertSink, type DeliveryPolicy } from '../../local/alert-outbox';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';

/**
 * The local alert outbox on in-memory dynalite, its sinks faked: each sink retried on its own,
 * a dead letter recorded and said when one never takes a message, and what a stopped runtime
 * left behind (a pending record, or an alert it never handed over) delivered by the next one.
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

/** A new outbox table, and a way to open outboxes on it, as successive runs of the runtime would. */
async function outboxTable() {
  const tableName = uniqueId('outbox');
  await createOutboxTable(dynalite.client, tableName);
  const log: string[] = [];
  const open = (sinks: Record<string, AlertPublisher>, delivery: Partial<DeliveryPolicy> = QUICK) =>
    new LocalAlertOutbox({
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
    const { open } = await outboxTable();
    const flaky = new ScriptedSink((attempt) => (attempt <= 2 ? 'fail' : 'ok'));
    const outbox = open({ flaky });
    const message = panicMessage();

    outbox.committed([message]);
    await outbox.idle();

    expect(flaky.attempts).toBe(3);
    expect(flaky.took).toEqual([message]);
    expect(await outbox.record(message.messageId)).toMatchObject({ state: 'delivered', failedSinks: [], message });
  });

  it('gives the other sinks the message when one never takes it, and keeps a dead letter naming that sink, said on the console', async () => {
    const { open, log } = await outboxTable();
    const broken = always('fail');
    const consoleSink = always('ok');
    const file = always('ok');
    const outbox = open({ broken, console: consoleSink, file });
    const message = panicMessage();

    outbox.committed([message]);
    await outbox.idle();

    expect(consoleSink.took).toEqual([message]);
    expect(file.took).toEqual([message]);
    expect(broken.attempts).toBe(QUICK.attempts);
    expect(await outbox.record(message.messageId)).toMatchObject({ state: 'dead', failedSinks: ['broken'], lastError: `refused attempt ${QUICK.attempts}` });
    expect(log).toEqual([expect.stringMatching(new RegExp(`^!! ALERT NOT DELIVERED to broken after ${QUICK.attempts} attempts \\(panic hunsbury-park/${message.visitId}, message ${message.messageId}\\)`))]);
  });

  it('counts an attempt that never settles as failed once its time limit passes, while the other sinks already have the message', async () => {
    const { open } = await outboxTable();
    const hanging = always('hang');
    const consoleSink = always('ok');
    const outbox = open({ hanging, console: consoleSink }, { ...QUICK, attempts: 2, timeoutMs: 50 });
    const message = panicMessage();

    outbox.committed([message]);
    await eventually('the console sink to take the message', () => consoleSink.took.length === 1);
    const whileHanging = await outbox.record(message.messageId);
    await outbox.idle();

    expect(whileHanging).toMatchObject({ state: 'pending' });
    expect(hanging.attempts).toBe(2);
    expect(await outbox.record(message.messageId)).toMatchObject({ state: 'dead', failedSinks: ['hanging'], lastError: 'hanging did not answer within 50 ms' });
    hanging.release();
  });

  it('delivers a message handed over twice while it is still being delivered only once', async () => {
    const { open } = await outboxTable();
    const sink = new ScriptedSink((attempt) => (attempt === 1 ? 'fail' : 'ok'));
    const outbox = open({ sink });
    const message = panicMessage();

    outbox.committed([message]);
    outbox.committed([message]);
    await outbox.idle();

    expect(sink.took).toEqual([message]);
  });
});

describe.concurrent('catching up after a restart', () => {
  it('delivers a message that a stopped runtime left pending', async () => {
    // prepare: the first run's only sink hangs, so the message stays pending when that run stops
    const { open } = await outboxTable();
    const hanging = always('hang');
    const stopped = open({ hanging }, { ...QUICK, attempts: 1, timeoutMs: 60_000 });
    const message = panicMessage();
    stopped.committed([message]);
    await eventually('the hanging sink to be tried', () => hanging.attempts === 1);
    expect(await stopped.record(message.messageId)).toMatchObject({ state: 'pending' });

    // act: the next run catches up, knowing no committed alerts of its own
    const sink = always('ok');
    const next = open({ sink });
    const handed = await next.catchUp([]);
    await next.idle();

    // assess
    expect(handed).toBe(1);
    expect(sink.took).toEqual([message]);
    expect(await next.record(message.messageId)).toMatchObject({ state: 'delivered' });
    hanging.release();
    await stopped.idle();
  });

  it('delivers a committed alert it was never handed, exactly once, and never again one it already delivered', async () => {
    // prepare: one alert delivered by the first run; a second committed but never handed over (the run died first)
    const { open } = await outboxTable();
    const delivered = panicMessage();
    const neverHanded = panicMessage(delivered.visitId, 9);
    const first = always('ok');
    const firstRun = open({ first });
    firstRun.committed([delivered]);
    await firstRun.idle();

    // act: two more runs, each catching up with every alert of the visit's events
    const second = always('ok');
    const secondRun = open({ second });
    const handedBySecond = await secondRun.catchUp([delivered, neverHanded]);
    await secondRun.idle();
    const third = always('ok');
    const thirdRun = open({ third });
    const handedByThird = await thirdRun.catchUp([delivered, neverHanded]);
    await thirdRun.idle();

    // assess
    expect(first.took).toEqual([delivered]);
    expect([handedBySecond, second.took]).toEqual([1, [neverHanded]]);
    expect([handedByThird, third.took]).toEqual([0, []]);
    expect(await thirdRun.record(neverHanded.messageId)).toMatchObject({ state: 'delivered' });
  });
});

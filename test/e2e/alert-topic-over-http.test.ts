import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../bin/client/api-client';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import { alertsFor, type AlertMessage } from '../../functions/core/alerts';
import { handleCommand } from '../../functions/core/handle-command';
import { minutesBetween } from '../../functions/core/time';
import { startDynalite } from '../../local/dynalite';
import { startLocal, type LocalOptions, type LocalRuntime } from '../../local/server';
import { DEFAULT_TABLES } from '../../local/visit-runtime';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { ALICE } from '../support/actors';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';
import { policyOf, T0, visitDetails } from '../support/scenario';
import { startWebhookServer, type WebhookAnswer, type WebhookServer } from '../support/webhook-server';

/**
 * Alert delivery in `npm start`'s runtime (the table stream's publisher, then the alert topic's sinks), with a real webhook on 127.0.0.1 beside the console
 * and a test sink: a webhook that fails, one that never works, one that accepts and never answers
 * (neither a panic's answer nor the escalation ladder waits for it), and alerts that a stopped
 * runtime left pending, or appended while no publisher ran, delivered by the next start and only once.
 */

const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' };
const DELIVERY = { attempts: 4, firstDelayMs: 20, maxDelayMs: 40, timeoutMs: 5_000 };

async function clientsOf(local: LocalRuntime) {
  const anonymous = new ApiClient(local.url);
  const as = async (userId: string) => anonymous.as(await local.auth.tokenFor(userId));
  return { alice: await as('staff-alice'), head: await as('head-hana') };
}

async function ok(reply: Promise<{ status: number; body: any }>, expected = 200) {
  const { status, body } = await reply;
  expect({ status, body }).toMatchObject({ status: expected });
  return body;
}

describe.concurrent('a webhook that fails or hangs', () => {
  /** How the webhook answers each visit's alerts, by visit id; 'ok' for any other. */
  const webhookAnswers = new Map<string, (attempt: number) => WebhookAnswer>();
  const memory = new MemoryAlertPublisher();
  const log: string[] = [];
  let hook: WebhookServer;
  let local: LocalRuntime;
  let alice: ApiClient, head: ApiClient;

  beforeAll(async () => {
    hook = await startWebhookServer((message, attempt) => webhookAnswers.get(message.visitId)?.(attempt) ?? 'ok');
    local = await startLocal({ timeScale: 1200, clockStart: new Date(T0), webhooks: [hook.url], alerts: [memory], log: (line) => log.push(line), delivery: DELIVERY });
    ({ alice, head } = await clientsOf(local));
  });
  afterAll(async () => {
    // Closing the webhook ends its hung requests, so the topic settles before the runtime stops.
    await hook?.close();
    await local?.runtime.idle();
    await local?.close();
  });

  /** A visit requested over HTTP whose alerts the webhook answers as `answer` says. */
  async function visitWithWebhook(answer: (attempt: number) => WebhookAnswer): Promise<string> {
    const visitId = uniqueId('visit');
    webhookAnswers.set(visitId, answer);
    await ok(alice.post('/visits', { visitId, details: visitDetails('hunsbury-park') }), 201);
    return visitId;
  }

  const panicOf = (visitId: string) =>
    eventually(`the panic alert of ${visitId} in the test sink`, () => memory.published.find((alert) => alert.visitId === visitId && alert.kind === 'panic'));

  it('delivers a panic once to a webhook that fails twice and then answers, and records it delivered', async () => {
    const visitId = await visitWithWebhook((attempt) => (attempt <= 2 ? 'fail' : 'ok'));

    await ok(alice.post(`/visits/${visitId}/panic`, { note: 'Man shouting at the door' }));
    const panic = await panicOf(visitId);
    const record = await eventually('the panic to be recorded delivered', async () => {
      const found = await local.runtime.topic.record(panic.messageId);
      return found?.state === 'delivered' && found;
    });

    expect(hook.callsFor(panic.messageId).map((call) => call.status)).toEqual([500, 500, 200]);
    expect(record).toMatchObject({ failedSinks: [] });
    expect(memory.published.filter((alert) => alert.messageId === panic.messageId)).toHaveLength(1);
  });

  it('still gives the other sinks a panic that a webhook never takes, keeps a dead letter naming the webhook, and says so on the console', async () => {
    const visitId = await visitWithWebhook(() => 'fail');

    await ok(alice.post(`/visits/${visitId}/panic`, { note: 'Man shouting at the door' }));
    const panic = await panicOf(visitId);
    const record = await eventually('the panic to be dead-lettered', async () => {
      const found = await local.runtime.topic.record(panic.messageId);
      return found?.state === 'dead' && found;
    });

    expect(record).toMatchObject({ failedSinks: [`webhook ${hook.url}`], lastError: `webhook ${hook.url} answered 500` });
    expect(hook.callsFor(panic.messageId)).toHaveLength(DELIVERY.attempts);
    // The console sink still said the panic, and then the dead letter was said beside it.
    expect(log).toContainEqual(expect.stringContaining(`CRITICAL panic hunsbury-park/${visitId}`));
    expect(log.filter((line) => line.startsWith(`!! ALERT NOT DELIVERED to webhook ${hook.url} `) && line.includes(`message ${panic.messageId}`))).toHaveLength(1);
  });

  it('answers a panic while the webhook still holds the alert’s request open', async () => {
    const visitId = await visitWithWebhook(() => 'hang');

    const reply = await alice.post(`/visits/${visitId}/panic`, { note: 'Man shouting at the door' });
    const answeredAt = hook.tick();
    const panic = await panicOf(visitId);
    const [attempt] = await eventually('the webhook to be sent the panic', () => hook.callsFor(panic.messageId).length > 0 && hook.callsFor(panic.messageId));

    expect(reply.status).toBe(200);
    expect(attempt!.answer).toBe('hang');
    // Had the answer waited on the webhook, this attempt would have ended (at its time limit) first.
    expect(attempt!.endedAt ?? Number.POSITIVE_INFINITY).toBeGreaterThan(answeredAt);
  });

  it('climbs the escalation ladder on time while the webhook holds the first level’s alert open', async () => {
    const visitId = await visitWithWebhook(() => 'hang');
    await ok(head.post(`/visits/${visitId}/authorise`, {}));
    await alice.waitForStatus(visitId, ['ready']);
    await ok(alice.post(`/visits/${visitId}/depart`, {}));
    await ok(alice.post(`/visits/${visitId}/arrive`, {}));
    await ok(alice.post(`/visits/${visitId}/enter`, PARENT_AT_HOME));

    const levelOf = (level: number) => (alert: AlertMessage) => alert.visitId === visitId && alert.kind === 'check-in-overdue' && alert.level === level;
    await eventually('the third level of the ladder in the test sink', () => memory.published.some(levelOf(3)), { timeoutMs: 30_000, everyMs: 5 });
    const topReachedAt = hook.tick();
    const first = memory.published.find(levelOf(1))!;
    const [firstAttempt] = await eventually('the webhook to be sent the first level', () => hook.callsFor(first.messageId).length > 0 && hook.callsFor(first.messageId));
    const history = await ok(head.get(`/visits/${visitId}/history`));

    expect(firstAttempt!.answer).toBe('hang');
    expect(firstAttempt!.endedAt ?? Number.POSITIVE_INFINITY).toBeGreaterThan(topReachedAt);
    // Each level after the policy's wait, in the record's own times.
    const escalated = history.events.filter((event: { type: string }) => event.type === 'AlertEscalated');
    const [one, two, three] = escalated.map((event: { recordedAt: string }) => event.recordedAt);
    const { levels } = policyOf('hunsbury-park').escalation;
    expect(minutesBetween(one, two)).toBeGreaterThanOrEqual(levels[1]!.afterMinutes);
    expect(minutesBetween(two, three)).toBeGreaterThanOrEqual(levels[2]!.afterMinutes);
  });
});

describe('the time limit of one delivery attempt', () => {
  it('lets a webhook answer within the delivery policy’s time limit, even past five seconds', async () => {
    const hook = await startWebhookServer(() => ({ okAfterMs: 5_500 }));
    const memory = new MemoryAlertPublisher();
    const local = await startLocal({ clockStart: new Date(T0), webhooks: [hook.url], alerts: [memory], log: () => undefined, delivery: { ...DELIVERY, attempts: 1, timeoutMs: 10_000 } });
    try {
      const { alice } = await clientsOf(local);
      const visitId = uniqueId('visit');
      await ok(alice.post('/visits', { visitId, details: visitDetails('hunsbury-park') }), 201);
      await ok(alice.post(`/visits/${visitId}/panic`, {}));
      const panic = await eventually('the panic in the test sink', () => memory.published.find((alert) => alert.visitId === visitId && alert.kind === 'panic'));
      await local.runtime.idle();

      expect(hook.callsFor(panic.messageId).map((call) => call.status)).toEqual([200]);
      expect(await local.runtime.topic.record(panic.messageId)).toMatchObject({ state: 'delivered' });
    } finally {
      await hook.close();
      await local.runtime.idle();
      await local.close();
    }
  });
});

describe('alerts a stopped runtime did not deliver', () => {
  const dirs: string[] = [];
  const webhooks: WebhookServer[] = [];
  afterAll(async () => {
    await Promise.all(webhooks.map((hook) => hook.close()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function dataDir() {
    const dir = await mkdtemp(join(tmpdir(), 'home-visits-alerts-'));
    dirs.push(dir);
    return dir;
  }
  async function webhook(answer?: (message: AlertMessage, attempt: number) => WebhookAnswer) {
    const hook = await startWebhookServer(answer);
    webhooks.push(hook);
    return hook;
  }
  /** One run of the runtime on a data folder, its console kept. */
  async function run(dir: string, options: Partial<LocalOptions> = {}) {
    const log: string[] = [];
    const local = await startLocal({ dataDir: dir, clockStart: new Date(T0), log: (line) => log.push(line), delivery: DELIVERY, ...options });
    return { local, log, ...(await clientsOf(local)) };
  }
  const linesOf = async (file: string, messageId: string) =>
    (await readFile(file, 'utf8')).split('\n').filter((line) => line.includes(`"messageId":"${messageId}"`));

  it('delivers at the next start an alert appended while no publisher ran, exactly once, and not again at the start after', async () => {
    // prepare: a visit authorised over HTTP, then a panic appended straight to its stream as the
    // API would, with no runtime (and so no stream consumer) running
    const dir = await dataDir();
    const visitId = uniqueId('visit');
    const first = await run(dir);
    await ok(first.alice.post('/visits', { visitId, details: visitDetails('hunsbury-park') }), 201);
    await ok(first.head.post(`/visits/${visitId}/authorise`, {}));
    await first.alice.waitForStatus(visitId, ['ready']);
    await first.local.close();

    const dynalite = await startDynalite({ path: join(dir, 'dynamodb') });
    const store = new DynamoDbEventStore({ client: dynalite.client, tableName: DEFAULT_TABLES.events });
    const policy = policyOf('hunsbury-park');
    const appended = await handleCommand(store, visitId, { name: 'panic', body: { note: 'Pressed as the phone died' }, meta: { commandId: uniqueId('panic'), actor: ALICE, now: T0 } }, policy);
    await dynalite.stop();
    if (!appended.ok || 'keptApart' in appended || appended.state.status === 'none') throw new Error(`the panic was not appended: ${JSON.stringify(appended)}`);
    const [panic] = alertsFor(appended.events, appended.state, policy);

    // act: two more starts on the same data folder
    const hook = await webhook();
    const secondSink = new MemoryAlertPublisher();
    const second = await run(dir, { webhooks: [hook.url], alerts: [secondSink] });
    await eventually('the webhook to be sent the panic', () => hook.callsFor(panic!.messageId).length > 0);
    await second.local.runtime.idle();
    const recordAfterSecond = await second.local.runtime.topic.record(panic!.messageId);
    await second.local.close();

    const thirdSink = new MemoryAlertPublisher();
    const third = await run(dir, { webhooks: [hook.url], alerts: [thirdSink] });
    await third.local.runtime.idle();
    await third.local.close();

    // assess
    expect(panic).toMatchObject({ kind: 'panic', visitId });
    expect(second.local.resumed).toBeGreaterThanOrEqual(1);
    expect(hook.callsFor(panic!.messageId).map((call) => call.status)).toEqual([200]);
    expect(secondSink.published.filter((alert) => alert.messageId === panic!.messageId)).toHaveLength(1);
    expect(await linesOf(join(dir, 'outbox.jsonl'), panic!.messageId)).toHaveLength(1);
    expect(recordAfterSecond).toMatchObject({ state: 'delivered' });
    expect(thirdSink.published.filter((alert) => alert.messageId === panic!.messageId)).toEqual([]);
  });

  it('delivers at the next start an alert the stopped runtime left pending, its webhook hanging when it stopped', async () => {
    // prepare: the only webhook hangs, so the panic is pending when the runtime stops
    const dir = await dataDir();
    const visitId = uniqueId('visit');
    const hanging = await webhook(() => 'hang');
    const first = await run(dir, { webhooks: [hanging.url], delivery: { ...DELIVERY, attempts: 1, timeoutMs: 60_000 } });
    await ok(first.alice.post('/visits', { visitId, details: visitDetails('hunsbury-park') }), 201);
    await ok(first.alice.post(`/visits/${visitId}/panic`, { note: 'Man shouting at the door' }));
    const [held] = await eventually('the hanging webhook to be sent the panic', () => hanging.calls.filter((call) => call.message.visitId === visitId).length > 0 && hanging.calls.filter((call) => call.message.visitId === visitId));
    const panic = held!.message;
    const pendingWhenStopped = await first.local.runtime.topic.record(panic.messageId);
    await first.local.close();
    // Its delivery dies with it: the webhook lets go only once its store has gone.
    await hanging.close();
    await first.local.runtime.idle();

    // act
    const hook = await webhook();
    const second = await run(dir, { webhooks: [hook.url] });
    await second.local.runtime.idle();
    const record = await second.local.runtime.topic.record(panic.messageId);
    await second.local.close();

    // assess
    expect(pendingWhenStopped).toMatchObject({ state: 'pending' });
    expect(hook.callsFor(panic.messageId).map((call) => call.status)).toEqual([200]);
    expect(record).toMatchObject({ state: 'delivered' });
  });
});

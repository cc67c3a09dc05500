import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../bin/client/api-client';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { handleCommand } from '../../functions/core/handle-command';
import { createLocalAuth } from '../../local/auth';
import { startDynalite } from '../../local/dynalite';
import { DEFAULT_TABLES } from '../../local/visit-runtime';
import { ALICE } from '../support/actors';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';
import { freePort, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { policyOf, visitDetails } from '../support/scenario';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

/**
 * The emulated table stream in `npm start` as a child process, killed with SIGKILL: what was
 * appended while no consumer ran (the process dead, a visit requested and a panic pressed straight
 * into the table) reaches the office once the runtime is back, the board shows the visit its
 * projector never saw, and another kill and start sends nothing twice.
 */

let dir: string;
let hook: WebhookServer;
let port: number;
let child: RuntimeProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'home-visits-stream-kill-'));
  hook = await startWebhookServer();
  port = await freePort();
}, 60_000);

afterAll(async () => {
  await child?.kill();
  await hook?.close();
  await rm(dir, { recursive: true, force: true });
});

const start = async () => (child = await startRuntimeProcess({ dataDir: join(dir, 'data'), port, timeScale: 1, webhooks: [hook.url] }));

describe('the local table stream across a kill -9', () => {
  it('delivers an alert appended while no consumer ran once after the restart, projects its visit onto the board, and sends nothing again after another kill', { timeout: 120_000 }, async () => {
    // prepare: one run, killed; then a visit and its panic appended straight into the table while nothing runs
    await start();
    await child!.kill();
    const dynalite = await startDynalite({ path: join(dir, 'data', 'dynamodb') });
    const store = new DynamoDbEventStore({ client: dynalite.client, tableName: DEFAULT_TABLES.events });
    const visitId = uniqueId('visit');
    const policy = policyOf('hunsbury-park');
    const now = new Date().toISOString();
    const run = (name: string, body: unknown) => handleCommand(store, visitId, { name, body, meta: { commandId: uniqueId(name), actor: ALICE, now } } as never, policy);
    expect(await run('request', { visitId, details: visitDetails('hunsbury-park') })).toMatchObject({ ok: true });
    expect(await run('panic', { note: 'Pressed while the office was down' })).toMatchObject({ ok: true });
    await dynalite.stop();

    // act: start again, then kill and start once more
    await start();
    const auth = await createLocalAuth({ dataDir: join(dir, 'data') });
    const office = new ApiClient(child!.url).as(await auth.tokenFor('office-olu'));
    const panics = () => hook.calls.filter((call) => call.message.visitId === visitId && call.message.kind === 'panic');
    await eventually('the panic at the webhook', () => panics().length > 0, { timeoutMs: 30_000, everyMs: 100 });
    const line = await eventually('the visit on the board', async () => {
      const reply = await office.get('/visits?status=active');
      return (reply.body as { visits: Array<{ visitId: string; openAlerts: number }> }).visits.find((candidate) => candidate.visitId === visitId);
    }, { timeoutMs: 30_000, everyMs: 100 });
    await child!.kill();
    await start();
    // Time for a second start to send anything it wrongly thought undelivered.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // assess
    expect(line).toMatchObject({ visitId, openAlerts: 1 });
    expect(panics().map((call) => call.status)).toEqual([200]);
  });
});

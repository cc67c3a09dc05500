import { randomUUID } from 'node:crypto';
import { ApiClient } from '../bin/client/api-client';
import { createApi } from '../functions/api';
import { ALICE } from '../test/support/actors';
import { eventAs } from '../test/support/api-events';
import { driveVisit, startApiHarness } from '../test/support/api-harness';
import { startLocal } from '../local/server';
import { percentile, visitsOut } from './local-runtime';

/**
 * Issue 20, item 8: 50 clients on one visit in the home, each sending check-ins, panics and concerns
 * under its own Idempotency-Key. Prints the latency of the panics and of everything, and how many
 * answers were not 2xx, two ways:
 * - over HTTP to the npm start runtime (one process: its writers to a visit take turns in its lane);
 * - as on AWS, each client its own API instance (a Lambda instance serves one request at a time, so
 *   no lane is shared and writers race for the next version), over the DynamoDB adapter on dynalite,
 *   the workflow a recording stand-in: what the conflict retry and its catch-up cost.
 */

const T0 = new Date('2026-11-23T09:30:00.000Z');
const CLIENTS = 50;
const ROUNDS = 4;
const ACTIONS = [
  { action: 'check-in', body: (i: number) => ({ note: `bench check-in ${i}` }) },
  { action: 'panic', body: (i: number) => ({ note: `bench panic ${i}` }) },
  { action: 'raise-concern', body: (i: number) => ({ summary: `bench concern ${i}` }) },
] as const;

export async function benchContention(): Promise<void> {
  await benchContentionOverHttp();
  await benchContentionAcrossInstances();
}

async function benchContentionOverHttp(): Promise<void> {
  const local = await startLocal({ timeScale: 1, clockStart: T0, log: () => undefined });
  try {
    const [visitId] = await visitsOut(local, 1, 'contention');
    const alice = new ApiClient(local.url).as(await local.auth.tokenFor('staff-alice'));
    const path = `/visits/${visitId}`;
    for (const [step, body] of [['arrive', {}], ['enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }]] as const) {
      const reply = await alice.post(`${path}/${step}`, body);
      if (reply.status !== 200) throw new Error(`bench setup: ${step} answered ${reply.status} ${JSON.stringify(reply.body)}`);
    }

    await crowd('over HTTP', (action, body) => alice.post(`${path}/${action}`, body, { 'Idempotency-Key': randomUUID() }));
  } finally {
    await local.close();
  }
}

type Send = (action: (typeof ACTIONS)[number]['action'], body: object, client: number) => Promise<{ readonly status: number; readonly body: unknown }>;

/** CLIENTS clients, each sending ROUNDS actions one after another, all clients at once; prints what they saw. */
async function crowd(label: string, send: Send): Promise<void> {
  const latencies: Record<string, number[]> = { panic: [], all: [] };
  const failures: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let round = 0; round < ROUNDS; round++) {
        // Each client starts on a different action, so every round holds panics, check-ins and concerns.
        const { action, body } = ACTIONS[(client + round) % ACTIONS.length]!;
        const t = performance.now();
        const reply = await send(action, body(client * ROUNDS + round), client);
        const ms = performance.now() - t;
        if (reply.status !== 200) failures.push(`${action} ${reply.status} ${JSON.stringify(reply.body).slice(0, 80)}`);
        latencies.all!.push(ms);
        if (action === 'panic') latencies.panic!.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const [kind, values] of Object.entries(latencies)) {
    console.log(
      `  ${`${kind === 'panic' ? 'panics' : 'all requests'}, ${CLIENTS} writers, ${label}`.padEnd(62)} ` +
        `${values.length} answered; p50 ${percentile(values, 50).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`,
    );
  }
  console.log(`  ${`not 2xx, ${label}`.padEnd(62)} ${failures.length} of ${latencies.all!.length} in ${seconds.toFixed(1)} s${failures.length ? `: ${failures.slice(0, 3).join('; ')}` : ''}`);
}

/** As on AWS: every client its own API instance (no lane shared), one table on dynalite. */
async function benchContentionAcrossInstances(): Promise<void> {
  const h = await startApiHarness();
  try {
    const visitId = await driveVisit(h, 'in-home');
    const instances = Array.from({ length: CLIENTS }, () => createApi(h.deps));
    await crowd('one API instance each', async (action, body, client) => {
      const raw = await instances[client]!.route(eventAs(ALICE, 'POST', `/visits/${visitId}/${action}`, body, { 'Idempotency-Key': randomUUID() }));
      return { status: raw.statusCode, body: raw.body };
    });
  } finally {
    await h.stop();
  }
}

import { randomUUID } from 'node:crypto';
import { ApiClient } from '../bin/client/api-client';
import { startLocal } from '../local/server';
import { percentile, visitsOut } from './local-runtime';

/**
 * Issue 20, item 8: 50 clients on one visit in the home, each sending check-ins, panics and concerns
 * under its own Idempotency-Key, over HTTP to the npm start runtime (one process). Prints the
 * latency of the panics and of everything, and how many answers were not 2xx.
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
  const local = await startLocal({ timeScale: 1, clockStart: T0, log: () => undefined });
  try {
    const [visitId] = await visitsOut(local, 1, 'contention');
    const alice = new ApiClient(local.url).as(await local.auth.tokenFor('staff-alice'));
    const path = `/visits/${visitId}`;
    for (const [step, body] of [['arrive', {}], ['enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }]] as const) {
      const reply = await alice.post(`${path}/${step}`, body);
      if (reply.status !== 200) throw new Error(`bench setup: ${step} answered ${reply.status} ${JSON.stringify(reply.body)}`);
    }

    const latencies: Record<string, number[]> = { panic: [], all: [] };
    const failures: string[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let round = 0; round < ROUNDS; round++) {
          // Each client starts on a different action, so every round holds panics, check-ins and concerns.
          const { action, body } = ACTIONS[(client + round) % ACTIONS.length]!;
          const t = performance.now();
          const reply = await alice.post(`${path}/${action}`, body(client * ROUNDS + round), { 'Idempotency-Key': randomUUID() });
          const ms = performance.now() - t;
          if (reply.status !== 200) failures.push(`${action} ${reply.status} ${JSON.stringify(reply.body).slice(0, 80)}`);
          latencies.all!.push(ms);
          if (action === 'panic') latencies.panic!.push(ms);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const [label, values] of Object.entries(latencies)) {
      console.log(
        `  ${`${label === 'panic' ? 'panics' : 'all requests'}, ${CLIENTS} writers on one visit`.padEnd(54)} ` +
          `${values.length} answered; p50 ${percentile(values, 50).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`,
      );
    }
    console.log(`  ${'not 2xx'.padEnd(54)} ${failures.length} of ${latencies.all!.length} in ${seconds.toFixed(1)} s${failures.length ? `: ${failures.slice(0, 3).join('; ')}` : ''}`);
  } finally {
    await local.close();
  }
}

import type { AlertPublisher } from '../functions/adapters/alert-publisher';
import type { AlertMessage } from '../functions/core/alerts';
import { ApiClient } from '../bin/client/api-client';
import { startLocal, type LocalRuntime } from '../local/server';
import requestFixture from '../test/fixtures/visit-request.json';

/**
 * The local runtime under load, everything in one process on this machine (dynalite, engine, API):
 * - alert latency: from a missed check-in deadline to the alert's publish, 500 visits out at once;
 * - API check-ins: 200 concurrent clients over HTTP, throughput and latency;
 * - memory with 1,000 active visits.
 */

const T0 = new Date('2026-11-23T09:30:00.000Z');
const TIME_SCALE = 600; // a 2-hour check-in interval passes in 12 s

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

class LatencyProbe implements AlertPublisher {
  readonly latenciesMs: number[] = [];
  constructor(private readonly clock: () => Date) {}
  async publish(message: AlertMessage): Promise<void> {
    if (message.kind !== 'check-in-overdue' || message.level !== 1) return;
    if (message.dueAt) this.latenciesMs.push((this.clock().getTime() - Date.parse(message.dueAt)) / TIME_SCALE);
  }
}

/** `count` visits out on a visit; departures all at once, or `departPerSecond` steadily (all executions live either way). */
async function visitsOut(local: LocalRuntime, count: number, prefix: string, departPerSecond?: number): Promise<string[]> {
  const api = new ApiClient(local.url);
  const [staff, head] = await Promise.all([local.auth.tokenFor('staff-alice'), local.auth.tokenFor('head-hana')]);
  const alice = api.as(staff);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const inBatches = async (work: (id: string) => Promise<unknown>) => {
    for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map(work));
  };
  await inBatches((id) => alice.post('/visits', { visitId: id, details: { ...requestFixture, schoolId: 'hunsbury-park' } }));
  await inBatches((id) => api.as(head).post(`/visits/${id}/authorise`, {}));
  await inBatches((id) => alice.waitForStatus(id, ['ready'], 60_000));
  if (!departPerSecond) {
    await inBatches((id) => alice.post(`/visits/${id}/depart`, {}));
    return ids;
  }
  const start = performance.now();
  await Promise.all(
    ids.map(async (id, i) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + (i * 1000) / departPerSecond - performance.now())));
      await alice.post(`/visits/${id}/depart`, {});
    }),
  );
  return ids;
}

async function alertLatency(label: string, departPerSecond?: number): Promise<void> {
  let probe: LatencyProbe | undefined;
  const forwarder: AlertPublisher = { publish: (message) => probe!.publish(message) };
  const local = await startLocal({ timeScale: TIME_SCALE, clockStart: T0, alerts: [forwarder], log: () => undefined });
  probe = new LatencyProbe(() => local.runtime.clock.now());
  try {
    await visitsOut(local, 500, 'latency', departPerSecond);
    const deadline = Date.now() + 90_000;
    while (probe.latenciesMs.length < 500 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const l = probe.latenciesMs;
    console.log(`  ${label.padEnd(54)} ${l.length} alerts; p50 ${percentile(l, 50).toFixed(0)} ms, p99 ${percentile(l, 99).toFixed(0)} ms, max ${Math.max(...l).toFixed(0)} ms`);
  } finally {
    await local.close();
  }
}

/**
 * Latency is real time from the missed deadline to the publish. At 600× a burst of 500 departures
 * puts 500 deadlines into a few real seconds (50 clock-minutes of a trust's load, 600 times over);
 * the steady run keeps all 500 executions live while deadlines arrive 25 a second.
 */
export async function benchAlertLatency(): Promise<void> {
  await alertLatency('missed check-in → alert, 500 live, 25 deadlines/s', 25);
  await alertLatency('missed check-in → alert, 500 deadlines in one burst');
}

export async function benchApi(): Promise<void> {
  const local = await startLocal({ timeScale: 1, clockStart: T0, log: () => undefined });
  try {
    const before = process.memoryUsage();
    const ids = await visitsOut(local, 1000, 'load');
    global.gc?.();
    const after = process.memoryUsage();
    console.log(`  memory with 1,000 active visits (whole process)        rss ${(after.rss / 2 ** 20).toFixed(0)} MiB (+${((after.rss - before.rss) / 2 ** 20).toFixed(0)}), heap ${(after.heapUsed / 2 ** 20).toFixed(0)} MiB`);

    const alice = new ApiClient(local.url).as(await local.auth.tokenFor('staff-alice'));
    const latencies: number[] = [];
    const perClient = 10;
    const started = performance.now();
    await Promise.all(
      ids.slice(0, 200).map(async (id) => {
        for (let i = 0; i < perClient; i++) {
          const t = performance.now();
          const reply = await alice.post(`/visits/${id}/check-in`, { note: `bench ${i}` });
          if (reply.status !== 200) throw new Error(`check-in answered ${reply.status}`);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`  check-ins over HTTP, 200 concurrent clients            ${(latencies.length / seconds).toFixed(0)} req/s; p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
  } finally {
    await local.close();
  }
}

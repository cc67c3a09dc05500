import type { AlertPublisher } from '../functions/adapters/alert-publisher';
import type { AlertMessage } from '../functions/core/alerts';
import { ApiClient, type Reply } from '../bin/client/api-client';
import { startLocal, type LocalRuntime } from '../local/server';
import requestFixture from '../test/fixtures/visit-request.json';

/**
 * The local runtime under load, everything in one process on this machine (dynalite, engine, API):
 * - alert latency: from a missed deadline to the alert's publish, with 500 visits out, at a steady
 *   rate of missed deadlines and in overload;
 * - API check-ins: 200 concurrent clients over HTTP, throughput and latency;
 * - memory with 1,000 active visits.
 */

const T0 = new Date('2026-11-23T09:30:00.000Z');

export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Real milliseconds from each level-1 alert of `kind` falling due to its publish. */
class LatencyProbe implements AlertPublisher {
  readonly latenciesMs: number[] = [];
  constructor(
    private readonly clock: () => Date,
    private readonly timeScale: number,
    private readonly kind: AlertMessage['kind'],
  ) {}
  async publish(message: AlertMessage): Promise<void> {
    if (message.kind !== this.kind || message.level !== 1 || !message.dueAt) return;
    this.latenciesMs.push((this.clock().getTime() - Date.parse(message.dueAt)) / this.timeScale);
  }
}

async function withProbe(timeScale: number, kind: AlertMessage['kind'], run: (local: LocalRuntime, probe: LatencyProbe) => Promise<void>): Promise<void> {
  let probe: LatencyProbe | undefined;
  const forwarder: AlertPublisher = { publish: (message) => probe!.publish(message) };
  const local = await startLocal({ timeScale, clockStart: T0, alerts: [forwarder], log: () => undefined });
  probe = new LatencyProbe(() => local.runtime.clock.now(), timeScale, kind);
  try {
    await run(local, probe);
  } finally {
    await local.close();
  }
}

async function collected(probe: LatencyProbe, count: number, label: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (probe.latenciesMs.length < count && Date.now() < deadline) await pause(100);
  const l = probe.latenciesMs;
  console.log(`  ${label.padEnd(54)} ${l.length} alerts; p50 ${percentile(l, 50).toFixed(0)} ms, p99 ${percentile(l, 99).toFixed(0)} ms, max ${Math.max(...l).toFixed(0)} ms`);
}

/** Each of `ids` through `work`, 50 at a time; a refusal stops the bench rather than skewing it. */
async function inBatches(ids: readonly string[], work: (id: string) => Promise<Reply>): Promise<void> {
  for (let i = 0; i < ids.length; i += 50) {
    const replies = await Promise.all(ids.slice(i, i + 50).map(work));
    const refused = replies.find((reply) => reply.status >= 300);
    if (refused) throw new Error(`bench setup refused: ${refused.status} ${JSON.stringify(refused.body)}`);
  }
}

/** `count` visits requested, authorised and departed (their executions live, each waiting for a check-in). */
export async function visitsOut(local: LocalRuntime, count: number, prefix: string, departPerSecond?: number): Promise<string[]> {
  const api = new ApiClient(local.url);
  const [staff, head] = await Promise.all([local.auth.tokenFor('staff-alice'), local.auth.tokenFor('head-hana')]);
  const alice = api.as(staff);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  await inBatches(ids, (id) => alice.post('/visits', { visitId: id, details: { ...requestFixture, schoolId: 'hunsbury-park' } }));
  await inBatches(ids, (id) => api.as(head).post(`/visits/${id}/authorise`, {}));
  await inBatches(ids, (id) => alice.waitForStatus(id, ['ready'], 60_000));
  if (!departPerSecond) {
    await inBatches(ids, (id) => alice.post(`/visits/${id}/depart`, {}));
    return ids;
  }
  const start = performance.now();
  await Promise.all(
    ids.map(async (id, i) => {
      await pause(start + (i * 1000) / departPerSecond - performance.now());
      await alice.post(`/visits/${id}/depart`, {});
    }),
  );
  return ids;
}

/**
 * The goal's case: `background` visits out, every execution live and waiting, while missed
 * deadlines fall due at a steady `perSecond` (a trust with 500 visits out sees about 4 check-ins a
 * minute, so 5 a second is some 75 times that). At 60×, the background visits' own check-ins fall
 * due two real minutes after they leave; the probe visits are in the home by then and leave
 * `perSecond`, and each misses its safe return 30 clock-minutes (30 real seconds) later, before any
 * background visit is due.
 */
async function latencyWithVisitsOut(background: number, PROBES: number, perSecond: number): Promise<void> {
  await withProbe(60, 'safe-return-overdue', async (local, probe) => {
    if (background > 0) await visitsOut(local, background, 'out-visit');
    const probes = await visitsOut(local, PROBES, 'probe-visit');
    const alice = new ApiClient(local.url).as(await local.auth.tokenFor('staff-alice'));
    await inBatches(probes, (id) => alice.post(`/visits/${id}/arrive`, {}));
    await inBatches(probes, (id) =>
      alice.post(`/visits/${id}/enter`, { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }),
    );
    const start = performance.now();
    await Promise.all(
      probes.map(async (id, i) => {
        await pause(start + (i * 1000) / perSecond - performance.now());
        await alice.post(`/visits/${id}/leave`, {});
      }),
    );
    await collected(probe, PROBES, `missed safe return → alert, ${background} out, ${perSecond} deadlines/s`);
  });
}

/**
 * Overload, to find the knee: at 600× a 2-hour check-in interval passes in 12 s, and 500 visits
 * leaving 25 a second miss their check-ins 25 a second, each escalating to level 2 a real 1.5 s
 * later (its 15 clock-minutes) while the next departures are still arriving.
 */
async function latencyOverloaded(): Promise<void> {
  await withProbe(600, 'check-in-overdue', async (local, probe) => {
    await visitsOut(local, 500, 'latency', 25);
    await collected(probe, 500, 'missed check-in → alert, 600×, 25 deadlines/s + ladder');
  });
}

export async function benchAlertLatency(): Promise<void> {
  await latencyWithVisitsOut(0, 100, 5);
  await latencyWithVisitsOut(500, 100, 5);
  await latencyOverloaded();
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

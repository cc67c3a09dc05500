import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, type Reply } from '../bin/client/api-client';
import { freePort, startRuntimeProcess, type RuntimeProcess } from '../test/support/runtime-process';

/**
 * `npm start` in its own process under open-loop load: check-ins arrive at a fixed rate whatever
 * the server is doing, each at its scheduled time, over 1,000 live visits. Latency is counted from
 * the time a request was due to go, not from when it went, so a server that falls behind is charged
 * for the queue it builds (no coordinated omission). Memory is the runtime's own resident set, read
 * from /proc (Linux only).
 *
 * At time scale 1 Hunsbury Park's check-in falls due 120 minutes after departure, so none of the
 * 1,000 visits raises an alert during the few minutes this runs.
 */

const VISITS = 1_000;
const SETUP_CONCURRENCY = 8;
const RATE_PER_SECOND = 50;
const SECONDS = 30;
const SETTLE_MS = 5_000;
const STAFF = ['staff-alice', 'staff-bob'] as const;

const GOALS = { p99Ms: 100, idleRssMiB: 250, liveRssMiB: 600 } as const;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export async function benchOpenLoop(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'home-visits-bench-open-loop-'));
  const port = await freePort();
  const runtime = await startRuntimeProcess({ dataDir, port, timeScale: 1 });
  try {
    const pid = await runtimePid(port);
    const api = new ApiClient(runtime.url);
    // The web build (a child process of its own) settles before the idle reading: `/` waits for it.
    await api.get('/');
    await pause(3_000);
    const idleMiB = await rssMiB(pid);
    console.log(`  idle RSS of the runtime (its node process, 3 s after start)        ${idleMiB.toFixed(0)} MiB   goal < ${GOALS.idleRssMiB}: ${verdict(idleMiB < GOALS.idleRssMiB)}`);

    const tokens = await signIn(api, ['office-olu', 'head-hana', ...STAFF]);
    const setupStart = performance.now();
    const visits = await bringLive(runtime, api, tokens);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    console.log(`  ${VISITS} visits requested, authorised, ready, departed (${SETUP_CONCURRENCY} at a time) ${setupSeconds.toFixed(1)} s (${(VISITS / setupSeconds).toFixed(0)} visits/s)`);
    await pause(SETTLE_MS);
    const liveMiB = await rssMiB(pid);
    console.log(`  RSS with ${VISITS} active visits (after ${SETTLE_MS / 1000} s settling)                  ${liveMiB.toFixed(0)} MiB   goal < ${GOALS.liveRssMiB}: ${verdict(liveMiB < GOALS.liveRssMiB)}`);

    const alone = (await oneAtATime(tokens, visits)).toSorted((a, b) => a - b);
    console.log(`  one check-in at a time (the floor, no queue): p50 ${percentile(alone, 50).toFixed(0)} ms, p90 ${percentile(alone, 90).toFixed(0)} ms, max ${(alone.at(-1) ?? Number.NaN).toFixed(0)} ms over ${alone.length}`);
    const cpuBefore = await cpuMs(pid);
    const load = await openLoop(tokens, visits);
    const cpuAfter = await cpuMs(pid);
    const latencies = load.latenciesMs.toSorted((a, b) => a - b);
    const errors = [...load.statuses].filter(([status]) => status !== 200).map(([status, count]) => `${count}× ${status}`);
    const p99 = percentile(latencies, 99);
    console.log(`  open loop: ${load.scheduled} check-ins scheduled at ${RATE_PER_SECOND}/s for ${SECONDS} s; ${latencies.length} answered 200, errors ${errors.length ? errors.join(', ') : 'none'}`);
    console.log(`    achieved ${(latencies.length / load.seconds).toFixed(1)} answered/s over ${load.seconds.toFixed(1)} s; load generator late by at most ${load.maxFireLagMs.toFixed(0)} ms`);
    console.log(`    latency from scheduled send: p50 ${percentile(latencies, 50).toFixed(0)} ms, p90 ${percentile(latencies, 90).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(0)} ms   goal p99 < ${GOALS.p99Ms}: ${verdict(errors.length === 0 && p99 < GOALS.p99Ms)}`);
    const perCheckIn = (key: keyof CpuMs) => (cpuAfter[key] - cpuBefore[key]) / load.scheduled;
    console.log(
      `    runtime CPU per check-in (request + its workflow pass + dynalite): ${perCheckIn('mainThread').toFixed(1)} ms on its main thread ` +
        `(${perCheckIn('process').toFixed(1)} ms all threads), so one event loop saturates at about ${(1000 / perCheckIn('mainThread')).toFixed(0)} check-ins/s`,
    );
    const endMiB = await rssMiB(pid);
    console.log(`  RSS at the end of the load                                          ${endMiB.toFixed(0)} MiB   goal < ${GOALS.liveRssMiB}: ${verdict(endMiB < GOALS.liveRssMiB)}`);
    const failures = runtime.output().split('\n').filter((line) => line.startsWith('!!'));
    if (failures.length) console.log(`  the runtime reported ${failures.length} failures, first: ${failures[0]}`);
  } finally {
    await runtime.kill();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The node process listening on `port`: the child of this process whose arguments name it. */
async function runtimePid(port: number): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (args.includes('bin/start.ts') && args[args.indexOf('--port') + 1] === String(port)) return Number(entry);
    } catch {
      // The process went away while we looked.
    }
  }
  throw new Error(`no runtime process of ours listens on port ${port}`);
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

interface CpuMs {
  /** The JavaScript thread, which every request, step and dynalite call shares: the one that saturates. */
  readonly mainThread: number;
  /** With libuv's pool (LevelDB) and V8's GC helpers. */
  readonly process: number;
}

/** User + system CPU time so far, from /proc (clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<CpuMs> {
  const ticks = async (path: string) => {
    const stat = await readFile(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime
  };
  return { mainThread: await ticks(`/proc/${pid}/task/${pid}/stat`), process: await ticks(`/proc/${pid}/stat`) };
}

async function signIn(api: ApiClient, userIds: readonly string[]): Promise<ReadonlyMap<string, ApiClient>> {
  const signedIn = await Promise.all(
    userIds.map(async (userId) => {
      const reply = await api.post<{ token: string }>('/local/sign-in', { userId });
      return [userId, api.as(must(`sign in ${userId}`, reply).body.token)] as const;
    }),
  );
  return new Map(signedIn);
}

function must<T>(step: string, reply: Reply<T>): Reply<T> {
  if (reply.status >= 300) throw new Error(`bench setup: ${step} answered ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** Each visit through request (office), authorise (headteacher), ready (the workflow), depart (its staff), a few at a time. */
async function bringLive(runtime: RuntimeProcess, api: ApiClient, as: ReadonlyMap<string, ApiClient>): Promise<string[]> {
  const now = Date.parse((await api.get<{ now: string }>('/health')).body.now) || Date.parse(runtime.clockAtStart);
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const details = {
    schoolId: 'hunsbury-park', kind: 'planned', purpose: 'attendance',
    purposeDetail: 'Attendance has fallen this term; agree a plan with the family.',
    pupil: { id: 'pupil-bench', name: 'Sam Pupil' }, address: '12 Example Road, Northampton',
    appointmentAt: at(15), plannedStartAt: at(0), expectedReturnAt: at(120),
    staff: [{ userId: 'staff-alice', name: 'Alice Officer' }, { userId: 'staff-bob', name: 'Bob Worker' }],
    preVisitChecks: ['records-checked', 'line-manager-informed'],
    riskFactors: { knownRisksInRecords: false, previousIncidents: false, agenciesInvolved: false, agencyConcernsForStaff: false, animals: 'none', unmitigatedConcerns: false },
  };
  const user = (userId: string) => as.get(userId)!;
  const ids = Array.from({ length: VISITS }, (_, i) => `open-loop-${i}`);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const id = ids[i]!;
      must(`request ${id}`, await user('office-olu').post('/visits', { visitId: id, details }));
      must(`authorise ${id}`, await user('head-hana').post(`/visits/${id}/authorise`, {}));
      const ready = await user('office-olu').waitForStatus(id, ['ready'], 60_000);
      if (ready.body?.status !== 'ready') throw new Error(`bench setup: ${id} is ${ready.body?.status}, not ready`);
      must(`depart ${id}`, await user(STAFF[i % STAFF.length]!).post(`/visits/${id}/depart`, {}));
    }
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  return ids;
}

/** 50 check-ins one after another, each after the last one's workflow pass has had time to finish: the latency with no queue. */
async function oneAtATime(as: ReadonlyMap<string, ApiClient>, visits: readonly string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (let n = 0; n < 50; n += 1) {
    const started = performance.now();
    const reply = await as.get(STAFF[n % STAFF.length]!)!.post(`/visits/${visits[n * 7]}/check-in`, { note: `alone ${n}` });
    must(`check-in ${n} alone`, reply);
    latencies.push(performance.now() - started);
    await pause(100);
  }
  return latencies;
}

interface LoadResult {
  readonly scheduled: number;
  readonly latenciesMs: readonly number[];
  readonly statuses: ReadonlyMap<number, number>;
  /** From the first scheduled send to the last answer. */
  readonly seconds: number;
  /** How far behind its schedule the generator fired a request (it should stay near 0). */
  readonly maxFireLagMs: number;
}

/**
 * Check-ins due every 1000/RATE ms from the start, each sent when due whether or not the earlier
 * ones have answered (a timer by absolute time, not a pool of clients), on a random live visit as
 * one of its staff; its latency runs from when it was due to its answer.
 */
async function openLoop(as: ReadonlyMap<string, ApiClient>, visits: readonly string[]): Promise<LoadResult> {
  const total = RATE_PER_SECOND * SECONDS;
  const interval = 1000 / RATE_PER_SECOND;
  const latenciesMs: number[] = [];
  const statuses = new Map<number, number>();
  const inFlight: Promise<void>[] = [];
  let maxFireLagMs = 0;
  const send = async (scheduledAt: number, n: number) => {
    const visitId = visits[Math.floor(Math.random() * visits.length)]!;
    const staff = as.get(STAFF[Math.floor(Math.random() * STAFF.length)]!)!;
    const reply = await staff.post(`/visits/${visitId}/check-in`, { note: `open loop ${n}` }).catch(() => ({ status: 0, body: undefined }));
    statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    if (reply.status === 200) latenciesMs.push(performance.now() - scheduledAt);
  };
  const start = performance.now() + 100;
  await new Promise<void>((done) => {
    let n = 0;
    const tick = () => {
      const now = performance.now();
      for (; n < total && start + n * interval <= now; n += 1) {
        const scheduledAt = start + n * interval;
        maxFireLagMs = Math.max(maxFireLagMs, now - scheduledAt);
        inFlight.push(send(scheduledAt, n));
      }
      if (n < total) setTimeout(tick, Math.max(0, start + n * interval - performance.now()));
      else done();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(inFlight);
  return { scheduled: total, latenciesMs, statuses, seconds: (performance.now() - start) / 1000, maxFireLagMs };
}

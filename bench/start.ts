import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWebBuilt } from '../local/web-build';

/**
 * `npm start` as a newcomer runs it: how long until /health answers, and the process's resident
 * memory once it is idle (from /proc, Linux only). Three starts on an empty data folder, median.
 */
export async function benchStart(): Promise<void> {
  // Built first, as after a newcomer's first start: a start that builds the pages (a child process,
  // killed with the group below before it could finish) would be measured with the build.
  await ensureWebBuilt();
  const runs: { seconds: number; rssMiB: number }[] = [];
  for (let run = 0; run < 3; run += 1) runs.push(await oneStart(3700 + run));
  const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`  npm start: /health answers after (median of 3)             ${median(runs.map((r) => r.seconds)).toFixed(2)} s`);
  console.log(`  idle RSS of the runtime, 3 s after it answered (median of 3) ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB`);
}

async function oneStart(port: number): Promise<{ seconds: number; rssMiB: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'home-visits-bench-start-'));
  const started = performance.now();
  // `node --import tsx` is what `npm start` runs (tsx); npm itself adds its own start on top.
  const child = spawn('npm', ['start', '--', '--port', String(port), '--data-dir', dataDir], { stdio: 'ignore', detached: true });
  try {
    let seconds = Number.NaN;
    for (let tries = 0; tries < 600 && Number.isNaN(seconds); tries += 1) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) seconds = (performance.now() - started) / 1000;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { seconds, rssMiB: await runtimeRssMiB(child.pid!) };
  } finally {
    process.kill(-child.pid!, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The largest resident set among the process group npm started (npm, sh, and the node running the runtime). */
async function runtimeRssMiB(groupId: number): Promise<number> {
  let largest = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== groupId) continue; // the process group id
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      largest = Math.max(largest, kib / 1024);
    } catch {
      // The process went away while we looked.
    }
  }
  return largest;
}

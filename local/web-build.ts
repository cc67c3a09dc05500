import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * The web app is built by Vite into web/dist, and rebuilt only when its sources changed: the build
 * stamp is a hash of every file under web/ (but dist) and the lockfile, so a fresh clone builds once
 * and a restart does not. The build runs in a child process, beside the API starting, so `/health`
 * does not wait for it and the runtime's memory does not carry Vite.
 */

export const WEB_ROOT = resolve(import.meta.dirname, '../web');
export const WEB_DIST = join(WEB_ROOT, 'dist');
const STAMP = join(WEB_DIST, '.build-stamp');
const ROOT = resolve(WEB_ROOT, '..');
const CORE_ROOT = join(ROOT, 'functions/core');
/** The build's lock, beside the sources but not one of them: hashed, it made every build stale once its lock was gone. */
const LOCK_NAME = '.build-lock';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !(entry.isDirectory() && (entry.name === 'dist' || entry.name === 'node_modules' || entry.name === LOCK_NAME)))
      .map((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]))),
  );
  return nested.flat().sort();
}

/** The hash the built site must carry to be current. */
export async function webSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  // The pages import the core's pure modules (the stage table that says which buttons a status offers), so they are sources too.
  for (const file of [...(await sourceFiles(WEB_ROOT)), ...(await sourceFiles(CORE_ROOT)), join(ROOT, 'package-lock.json')]) {
    hash.update(file.slice(ROOT.length)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

export async function webIsCurrent(): Promise<boolean> {
  if (!existsSync(STAMP)) return false;
  return (await readFile(STAMP, 'utf8')).trim() === (await webSourceHash());
}

let building: Promise<void> | undefined;

const LOCK = join(WEB_ROOT, LOCK_NAME);

/** Whether the process that made the lock is gone (SIGKILLed mid-build, say): its lock is then taken over. */
async function lockIsStale(): Promise<boolean> {
  const pid = Number(await readFile(join(LOCK, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) {
    // Made but its pid not yet written: stale only if it has been so for a while.
    const held = await stat(LOCK).catch(() => undefined);
    return held !== undefined && Date.now() - held.mtimeMs > 10_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** One build at a time across processes (test files, a second `npm start`): a directory is created atomically or not at all. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(LOCK);
      await writeFile(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      if (await lockIsStale()) await rm(LOCK, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/** Builds web/dist unless it is current; concurrent callers in one process share one build. */
export function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<void> {
  // Current (every start but the first after a change): no lock, so a process killed while it
  // checks can hold up nobody.
  building ??= webIsCurrent().then((current) => (current ? undefined : build(log)));
  return building;
}

function build(log: (line: string) => void): Promise<void> {
  return withBuildLock(async () => {
    if (await webIsCurrent()) return; // another process built it while this one waited
    log('building the web app (web/ or the core it imports changed since the last build)…');
    const hash = await webSourceHash();
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(WEB_ROOT, 'vite.config.ts'), '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', fail);
      child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build exited with ${code}`))));
    });
    await writeFile(STAMP, `${hash}\n`);
    log('web app built');
  });
}

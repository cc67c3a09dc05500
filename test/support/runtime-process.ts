import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * `npm start` (bin/start.ts) as a child process that a test can SIGKILL and start again on the
 * same data folder. A restart costs the runtime's own start: it loads the committed workflow
 * definition (local/workflow-definition.ts), never the CDK.
 */

const ROOT = resolve(import.meta.dirname, '../..');

/** Children still running: killed if the test process itself goes away first. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface RuntimeProcessOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly timeScale: number;
  readonly webhooks?: readonly string[];
  /** Seconds a sign-in's ID token lasts (`--token-lifetime`). @default the runtime's (12 hours) */
  readonly tokenLifetime?: number;
  /** @default 60 s */
  readonly startTimeoutMs?: number;
}

export interface RuntimeProcess {
  readonly url: string;
  /** The server's clock when it had started, resumed its visits and begun to listen (its banner). */
  readonly clockAtStart: string;
  /** Everything it printed so far (alerts, dead letters, failures). */
  output(): string;
  /** SIGKILL, then wait for it to be gone. */
  kill(): Promise<void>;
  readonly exited: boolean;
}

/** A port that was free a moment ago on 127.0.0.1, so every restart listens at the same address. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startRuntimeProcess(options: RuntimeProcessOptions): Promise<RuntimeProcess> {
  const args = [
    '--import', 'tsx', join('bin', 'start.ts'),
    '--port', String(options.port), '--data-dir', options.dataDir, '--time-scale', String(options.timeScale),
    ...(options.webhooks ?? []).flatMap((url) => ['--webhook', url]),
    ...(options.tokenLifetime ? ['--token-lifetime', String(options.tokenLifetime)] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      done();
    }),
  );

  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    await exit;
  };

  const banner = await new Promise<RegExpExecArray>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`bin/start.ts did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`)), options.startTimeoutMs ?? 60_000);
    const look = () => {
      const found = /home-visits is running at (\S+) .*clock at (\S+),/.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        done(found);
      }
    };
    child.stdout!.on('data', look);
    void exit.then(() => {
      clearTimeout(timer);
      fail(new Error(`bin/start.ts exited before it started:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await kill();
    throw error;
  });

  return {
    url: banner[1]!,
    clockAtStart: banner[2]!,
    output: () => output,
    kill,
    get exited() {
      return exited;
    },
  };
}

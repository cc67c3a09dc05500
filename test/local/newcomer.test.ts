import { execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../bin/client/api-client';
import { DEFAULT_URL, demoCommand, startBanner, tokenCommand } from '../../bin/local-commands';
import { startLocal } from '../../local/server';

/**
 * The path a newcomer takes: `npm start`, a token, the demo, `--help` on each, `/health`, and a
 * restart. The bin scripts run as child processes, as npm runs them.
 */

const ROOT = resolve(import.meta.dirname, '../..');

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run <script>` without npm: node with tsx, from the repository root. */
function bin(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join('bin', script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const exists = (path: string) => access(path).then(() => true, () => false);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'home-visits-newcomer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('every bin command answers --help', () => {
  it.each([
    ['start.ts', 'usage: npm start'],
    ['token.ts', 'usage: npm run token'],
    ['demo.ts', 'usage: npm run demo'],
    ['visit.ts', 'usage: npm run visit'],
  ])('%s --help prints its usage, exits 0 and does nothing else', async (script, usage) => {
    const untouched = join(dir, `untouched-${script}`);

    const ran = await bin(script, ['--help', '--data-dir', untouched], { HOME_VISITS_URL: 'http://127.0.0.1:9' });

    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout.startsWith(usage)).toBe(true);
    expect(await exists(untouched)).toBe(false);
  }, 60_000);

  it('answers an option it does not know with the problem and the usage, exit 2', async () => {
    const ran = await bin('token.ts', ['dsl', '--data-dir', join(dir, 'unknown-option'), '--colour']);

    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain("Unknown option '--colour'");
    expect(ran.stderr).toContain('usage: npm run token');
  });
});

describe('npm run demo', () => {
  it('goes to HOME_VISITS_URL, and --url wins over it', async () => {
    const dataDir = join(dir, 'demo');
    const fromEnv = await bin('demo.ts', ['--data-dir', dataDir], { HOME_VISITS_URL: 'http://127.0.0.1:9' });
    const fromFlag = await bin('demo.ts', ['--data-dir', dataDir, '--url', 'http://127.0.0.1:7'], { HOME_VISITS_URL: 'http://127.0.0.1:9' });

    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('No home-visits server at http://127.0.0.1:9.');
    expect(fromFlag.stderr).toContain('No home-visits server at http://127.0.0.1:7.');
  });
});

describe('the start banner', () => {
  const facts = { timeScale: 60, now: new Date('2026-11-23T09:30:00.000Z'), resumed: 0, users: ['staff-alice'] };

  it('prints the token and demo commands bare for the default data folder and port', () => {
    const banner = startBanner({ ...facts, url: DEFAULT_URL, dataDir: '.data' });

    expect(banner).toContain('npm run token -- dsl ');
    expect(banner).toContain('$(npm run -s token -- office)');
    expect(banner).toContain('a demo:   npm run demo ');
    expect(banner).toContain('time scale 60×, clock at 2026-11-23T09:30:00.000Z');
  });

  it('prints the exact --data-dir (quoted if need be) and --url for any other', () => {
    const banner = startBanner({ ...facts, url: 'http://127.0.0.1:4000', dataDir: '/tmp/my visits' });

    expect(banner).toContain(`npm run token -- dsl --data-dir '/tmp/my visits'`);
    expect(banner).toContain(`$(npm run -s token -- office --data-dir '/tmp/my visits')`);
    expect(banner).toContain(`npm run demo -- --url http://127.0.0.1:4000 --data-dir '/tmp/my visits'`);
    expect(tokenCommand('dsl', 'other')).toBe('npm run token -- dsl --data-dir other');
    expect(demoCommand(DEFAULT_URL, '.data')).toBe('npm run demo');
  });
});

describe('npm start with a data folder', () => {
  it('accepts the token the banner command prints, and says so when a token comes from another folder', async () => {
    const dataDir = join(dir, 'served');
    const local = await startLocal({ dataDir, log: () => undefined });
    try {
      const same = await bin('token.ts', ['office', '--data-dir', dataDir]);
      const other = await bin('token.ts', ['office', '--data-dir', join(dir, 'elsewhere')]);

      expect(same).toMatchObject({ code: 0, stderr: '' });
      expect(other.code).toBe(0);
      expect(other.stderr).toContain('a new signing key was made there');
      const api = new ApiClient(local.url);
      expect((await api.as(same.stdout.trim()).get('/visits?status=active')).status).toBe(200);
      expect((await api.as(other.stdout.trim()).get('/visits?status=active')).status).toBe(401);
    } finally {
      await local.close();
    }
  }, 120_000);

  it('tells its clock on /health, and after a restart the clock has moved on, downtime counted at the scale', async () => {
    const dataDir = join(dir, 'restarted');
    const first = await startLocal({ dataDir, timeScale: 60, log: () => undefined });
    const before = (await new ApiClient(first.url).get('/health')).body;
    await first.close();

    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await startLocal({ dataDir, timeScale: 60, log: () => undefined });
    const after = (await new ApiClient(second.url).get('/health')).body;
    await second.close();

    expect(before).toMatchObject({ status: 'ok', timeScale: 60 });
    // half a second down at 60× is thirty seconds of the visit's time
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(30_000);
  }, 120_000);
});

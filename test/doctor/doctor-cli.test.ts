import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm run doctor` as npm runs it (node with tsx, a child process): its usage, its refusals and its exit codes. */

const ROOT = resolve(import.meta.dirname, '../..');

function doctor(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'bin/doctor.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Credentials that sign but an endpoint that refuses: no request leaves the machine. */
const NOWHERE = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-secret', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' };

describe('npm run doctor', () => {
  it('prints its usage with --help and exits 0, reading nothing', async () => {
    const ran = await doctor(['--help', '--trust', 'sample-trust'], NOWHERE);

    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout.startsWith('usage: npm run doctor -- --trust <id> [--region REGION]')).toBe(true);
    expect(ran.stdout).toContain('exit codes: 0 all clear, 1 findings, 2 usage, 3 AWS or the stack cannot be read');
  }, 60_000);

  it.each([
    ['no trust', [], 'which trust? --trust <id>'],
    ['a trust with no file', ['--trust', 'no-such-trust'], 'trust no-such-trust: '],
    ['a region that is not one', ['--trust', 'sample-trust', '--region', 'London'], '--region London is not an AWS region'],
    ['an option it does not know', ['--trust', 'sample-trust', '--stack', 'x'], "Unknown option '--stack'"],
  ])('refuses %s with the usage, exit 2', async (_what, args, problem) => {
    const ran = await doctor(args, NOWHERE);

    expect(ran).toMatchObject({ code: 2, stdout: '' });
    expect(ran.stderr).toContain(problem);
    expect(ran.stderr).toContain('usage: npm run doctor');
  }, 60_000);

  it('exits 3 when AWS cannot be reached, naming the call and the region', async () => {
    const ran = await doctor(['--trust', 'sample-trust', '--region', 'eu-west-1'], NOWHERE);

    expect(ran).toMatchObject({ code: 3, stdout: '' });
    expect(ran.stderr).toContain('Cannot check HomeVisits-sample-trust in eu-west-1: cloudformation DescribeStacks failed');
  }, 60_000);
});

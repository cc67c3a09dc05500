import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPolicyFile, loadTrust, POLICIES_DIR } from '../../policies/load';

/** `npm run policy` as npm runs it (node with tsx, a child process): check, explain, its usage and its exit codes. */

const ROOT = resolve(import.meta.dirname, '../..');
const HUNSBURY = 'policies/schools/hunsbury-park.json';
const TRUST = 'policies/trusts/sample-trust.json';

function policyCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/policy.ts'), ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'home-visits-policy-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** hunsbury-park's file with a wait of no minutes at all and a field no policy has, written to the tmp dir. */
function brokenCopy(path: string): string {
  const json = JSON.parse(readFileSync(join(ROOT, HUNSBURY), 'utf8'));
  json.arrival.parentNoShowMinutes = 0;
  json.favouriteColour = 'blue';
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
}

describe('npm run policy', () => {
  it('prints its usage with --help and exits 0', async () => {
    const ran = await policyCli(['check', HUNSBURY, '--help']);

    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout.startsWith('usage: npm run policy -- <command> <file…>')).toBe(true);
    expect(ran.stdout).toContain('check <file…>');
    expect(ran.stdout).toContain('explain <file>');
  }, 60_000);

  it.each([
    ['no command', [], 'which command?'],
    ['a command it does not know', ['lint', HUNSBURY], 'unknown command lint'],
    ['check with no file', ['check'], 'check which file?'],
    ['explain with two files', ['explain', HUNSBURY, HUNSBURY], "explain one school's policy file at a time"],
    ['explain of a trust file', ['explain', TRUST], 'is a trust file'],
    ['an option it does not know', ['check', HUNSBURY, '--fix'], "Unknown option '--fix'"],
  ])('refuses %s with the usage, exit 2', async (_what, args, problem) => {
    const ran = await policyCli(args);

    expect(ran).toMatchObject({ code: 2, stdout: '' });
    expect(ran.stderr).toContain(problem);
    expect(ran.stderr).toContain('usage: npm run policy');
  }, 60_000);

  it('check: a good school file is ok, named with its school and version, exit 0', async () => {
    const policy = loadPolicyFile(join(ROOT, HUNSBURY));
    const ran = await policyCli(['check', HUNSBURY]);

    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout.trim()).toBe(`ok: ${HUNSBURY} (${policy.schoolName}, version ${policy.version})`);
  }, 60_000);

  it('check: a broken copy exits 1, naming the file and every field at fault, and still says which files are ok', async () => {
    const broken = brokenCopy(join(tmp, 'broken.json'));
    const ran = await policyCli(['check', HUNSBURY, broken]);

    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain(`ok: ${HUNSBURY}`);
    expect(ran.stderr).toContain(`fail: ${broken}`);
    expect(ran.stderr).toContain('arrival.parentNoShowMinutes');
    expect(ran.stderr).toContain('favouriteColour');
  }, 60_000);

  it('check: a file that is not there, or not JSON, exits 1 and says so', async () => {
    const notJson = join(tmp, 'not-json.json');
    writeFileSync(notJson, '{ "schoolId": ');
    const ran = await policyCli(['check', join(tmp, 'missing.json'), notJson]);

    expect(ran).toMatchObject({ code: 1, stdout: '' });
    expect(ran.stderr).toContain(`fail: ${join(tmp, 'missing.json')}\n  - cannot be read`);
    expect(ran.stderr).toContain(`fail: ${notJson}\n  - is not valid JSON`);
  }, 60_000);

  it('check: a trust file checks the trust and every school it lists', async () => {
    const trust = loadTrust('sample-trust');
    const ran = await policyCli(['check', TRUST]);

    expect(ran).toMatchObject({ code: 0, stderr: '' });
    for (const name of trust.config.schools) expect(ran.stdout).toContain(`ok: policies/schools/${name}.json (`);
    expect(ran.stdout).toContain(`ok: ${TRUST} (${trust.config.name}, ${trust.policies.size} schools)`);
  }, 60_000);

  it('check: a trust whose schools are broken names each broken school, not just the first, and exits 1', async () => {
    const dir = join(tmp, 'policies');
    mkdirSync(join(dir, 'trusts'), { recursive: true });
    cpSync(join(POLICIES_DIR, 'schools'), join(dir, 'schools'), { recursive: true });
    cpSync(join(POLICIES_DIR, 'trusts', 'sample-trust.json'), join(dir, 'trusts', 'sample-trust.json'));
    const [first, second, ...rest] = loadTrust('sample-trust').config.schools;
    brokenCopy(join(dir, 'schools', `${first}.json`));
    writeFileSync(join(dir, 'schools', `${second}.json`), 'not json');

    const ran = await policyCli(['check', join(dir, 'trusts', 'sample-trust.json')]);

    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(`fail: ${join(dir, 'schools', `${first}.json`)}`);
    expect(ran.stderr).toContain('arrival.parentNoShowMinutes');
    expect(ran.stderr).toContain(`fail: ${join(dir, 'schools', `${second}.json`)}\n  - is not valid JSON`);
    for (const name of rest) expect(ran.stdout).toContain(`ok: ${join(dir, 'schools', `${name}.json`)}`);
    expect(ran.stdout).not.toContain('sample-trust.json');
  }, 60_000);

  it('explain: prints the policy in plain English, section by section, exit 0', async () => {
    const policy = loadPolicyFile(join(ROOT, HUNSBURY));
    const ran = await policyCli(['explain', HUNSBURY]);

    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout).toContain(policy.schoolName);
    const lines = ran.stdout.split('\n');
    for (const section of ['1. Who', '2. Before the visit', '3. At the door', '4. In the home and out of school', '5. After the visit', '6. Alerts']) {
      expect(lines, section).toContain(section);
    }
    expect(ran.stdout).toContain(`[${policy.citations!['arrival.parentNoShowMinutes']}]`);
  }, 60_000);

  it('explain: a broken file is not explained; its problems are named, exit 1', async () => {
    const broken = brokenCopy(join(tmp, 'broken-explain.json'));
    const ran = await policyCli(['explain', broken]);

    expect(ran).toMatchObject({ code: 1, stdout: '' });
    expect(ran.stderr).toContain('arrival.parentNoShowMinutes');
  }, 60_000);
});

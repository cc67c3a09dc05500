import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { explainPolicy } from '../functions/core/policy-explain';
import { loadPolicyFile, loadTrust, PolicyFileError } from '../policies/load';
import { commandLine, usageError } from './command-line';

const USAGE = `usage: npm run policy -- <command> <file…>
For whoever writes a school's home-visit policy file (policies/schools/<school>.json).
  check <file…>     validate each file and name every problem in it; a trust file
                    (policies/trusts/<id>.json) checks the trust and every school it lists
  explain <file>    a school's policy in plain English, grouped as a written policy is, each rule
                    followed by the clause it cites: for the headteacher to read against the
                    written policy and sign off
  -h, --help        this text
exit codes: 0 every file is valid, 1 a file has problems, 2 usage`;

const { positionals } = await commandLine(USAGE, { allowPositionals: true, options: {} });
const [command, ...files] = positionals;

/** A path as the reader gave it, or relative to here when the loader made it absolute. */
const shown = (file: string): string => (isAbsolute(file) && !relative(process.cwd(), file).startsWith('..') ? relative(process.cwd(), file) : file);

/** A trust file is one in a `trusts/` folder, beside the `schools/` folder its schools are in. */
const isTrustFile = (file: string): boolean => basename(dirname(resolve(file))) === 'trusts';

function fail(error: unknown): false {
  if (!(error instanceof PolicyFileError)) throw error;
  console.error(`fail: ${shown(error.file)}\n${error.issues.map((issue) => `  - ${issue}`).join('\n')}`);
  return false;
}

function checkSchool(file: string): boolean {
  try {
    const policy = loadPolicyFile(file);
    console.log(`ok: ${shown(file)} (${policy.schoolName}, version ${policy.version})`);
    return true;
  } catch (error) {
    return fail(error);
  }
}

/** The schools a trust file lists, as far as it can be read: each is checked on its own, so every broken one is named. */
function schoolsListed(file: string): string[] {
  try {
    const schools: unknown = JSON.parse(readFileSync(file, 'utf8'))?.schools;
    return Array.isArray(schools) ? schools.filter((name): name is string => typeof name === 'string' && /^[a-z0-9-]+$/.test(name)) : [];
  } catch {
    return []; // loadTrust names what is wrong with the file itself
  }
}

function checkTrust(file: string): boolean {
  const dir = dirname(dirname(resolve(file)));
  const broken = new Set<string>();
  for (const name of new Set(schoolsListed(file))) {
    const school = join(dir, 'schools', `${name}.json`);
    if (!checkSchool(school)) broken.add(school);
  }
  try {
    const trust = loadTrust(basename(file, '.json'), dir);
    console.log(`ok: ${shown(file)} (${trust.config.name}, ${trust.policies.size} school${trust.policies.size === 1 ? '' : 's'})`);
    return broken.size === 0;
  } catch (error) {
    // A broken school the trust lists is named above already; anything else is the trust's own.
    if (!(error instanceof PolicyFileError && broken.has(resolve(error.file)))) fail(error);
    return false;
  }
}

if (command === 'check') {
  if (files.length === 0) await usageError(USAGE, 'check which file? name one or more policy or trust files');
  const results = files.map((file) => (isTrustFile(file) ? checkTrust(file) : checkSchool(file)));
  process.exitCode = results.every(Boolean) ? 0 : 1;
} else if (command === 'explain') {
  if (files.length !== 1) await usageError(USAGE, `explain one school's policy file at a time, got ${files.length === 0 ? 'none' : files.join(' ')}`);
  const file = files[0]!;
  if (isTrustFile(file)) await usageError(USAGE, `${file} is a trust file: explain one of its schools (policies/schools/<school>.json)`);
  try {
    process.stdout.write(explainPolicy(loadPolicyFile(file)));
  } catch (error) {
    fail(error);
    process.exitCode = 1;
  }
} else {
  await usageError(USAGE, command === undefined ? 'which command? check or explain' : `unknown command ${command}: check or explain`);
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, loadTrust, POLICIES_DIR } from '../../policies/load';

/**
 * Every file under policies/, one test each: a school file loads whether or not a trust lists it
 * (a broken file nobody deploys yet would otherwise pass until the day it is added to a trust), and
 * every trust loads with all its schools. A failure names the file and every field at fault.
 */

const jsonIn = (folder: string): string[] =>
  readdirSync(join(POLICIES_DIR, folder))
    .filter((name) => name.endsWith('.json'))
    .sort();

const schoolFiles = jsonIn('schools');
const trustFiles = jsonIn('trusts');

describe('every school policy file', () => {
  it('there are some to check', () => {
    expect(schoolFiles.length).toBeGreaterThan(0);
  });

  it.each(schoolFiles)('policies/schools/%s loads, and is named for its schoolId', (name) => {
    const policy = loadPolicyFile(join(POLICIES_DIR, 'schools', name));
    expect(policy.format).toBe(2);
    // Trusts list schools by file name and alerts filter them by schoolId: the two must agree.
    expect(`${policy.schoolId}.json`).toBe(name);
  });
});

describe('every trust file', () => {
  it('there are some to check', () => {
    expect(trustFiles.length).toBeGreaterThan(0);
  });

  it.each(trustFiles)('policies/trusts/%s loads with every school it lists', (name) => {
    const trustId = name.slice(0, -'.json'.length);
    const trust = loadTrust(trustId);
    expect(trust.config.trustId).toBe(trustId);
    expect([...trust.policies.keys()].sort()).toEqual([...new Set(trust.config.schools)].sort());
  });
});

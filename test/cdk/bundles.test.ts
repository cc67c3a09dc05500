import { build } from 'esbuild';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_PUBLISHER_ENTRY } from '../../lib/alert-delivery';
import { API_ENTRY, REPORT_ENTRY, trustPoliciesDefine } from '../../lib/api';
import { BUNDLING, ROOT } from '../../lib/handler-function';
import { STEP_ENTRIES, STEP_NAMES } from '../../lib/step-functions';
import { policiesFromEnv } from '../../functions/adapters/trust-policies';
import { loadTrust } from '../../policies/load';

/**
 * What goes into each Lambda, read from esbuild's metafile with the stack's bundling options: the
 * local runtime's token issuer and signing key never reach AWS, and pdfkit reaches only the report.
 */
async function inputsOf(entry: string, define?: Record<string, string>): Promise<string[]> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    outdir: join(ROOT, 'cdk.out', 'bundle-test'),
    platform: 'node',
    target: BUNDLING.target,
    format: 'esm',
    external: ['@aws-sdk/*'],
    ...(define ? { define } : {}),
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).map((input) => relative(ROOT, join(ROOT, input)));
}

const fromPackage = (inputs: readonly string[], name: string) => inputs.filter((input) => input.includes(`node_modules/${name}/`));
const fromLocal = (inputs: readonly string[]) => inputs.filter((input) => input.startsWith('local/') || input.startsWith('bin/') || input.startsWith('test/'));

describe('the Lambda bundles', () => {
  it('the API carries neither the local runtime (demo users, token signing) nor pdfkit, nor the report route', async () => {
    const inputs = await inputsOf(API_ENTRY, trustPoliciesDefine([...loadTrust('sample-trust').policies.values()]));

    expect(inputs).toContain('functions/api/routes/act.ts');
    // The report route is the report Lambda's: its rendering stays out of the bundle check-ins go through.
    expect(inputs).not.toContain('functions/api/routes/report.ts');
    expect(inputs).not.toContain('functions/core/report-markdown.ts');
    expect(fromLocal(inputs)).toEqual([]);
    expect(fromPackage(inputs, 'jose')).toEqual([]);
    expect(fromPackage(inputs, 'pdfkit')).toEqual([]);
  });

  it('carries the trust\'s rules without their citations, which the runtime never reads, and the rules still parse', () => {
    const policies = [...loadTrust('sample-trust').policies.values()];
    const text = JSON.parse(trustPoliciesDefine(policies)['process.env.TRUST_POLICIES']!) as string;
    const carried = policiesFromEnv(text);
    expect(carried.map((policy) => policy.schoolId)).toEqual(policies.map((policy) => policy.schoolId));
    expect(carried.every((policy) => policy.citations === undefined)).toBe(true);
    expect(carried).toEqual(policies.map(({ citations: _citations, ...rules }) => rules));
  });

  it('the report draws PDFs, and carries nothing of the local runtime either', async () => {
    const inputs = await inputsOf(REPORT_ENTRY);

    expect(fromPackage(inputs, 'pdfkit').length).toBeGreaterThan(0);
    expect(fromLocal(inputs)).toEqual([]);
  });

  it('no workflow step carries the local runtime or pdfkit', async () => {
    for (const name of STEP_NAMES) {
      const inputs = await inputsOf(STEP_ENTRIES[name].entry);
      expect(inputs, name).toContain('functions/core/decide/index.ts');
      expect(fromLocal(inputs), name).toEqual([]);
      expect(fromPackage(inputs, 'pdfkit'), name).toEqual([]);
    }
  });

  it('the alert publisher carries the alert rules and the event store, and nothing of the API, the local runtime or pdfkit', async () => {
    const inputs = await inputsOf(ALERT_PUBLISHER_ENTRY, trustPoliciesDefine([...loadTrust('sample-trust').policies.values()]));

    expect(inputs).toContain('functions/core/alerts.ts');
    expect(inputs).toContain('functions/adapters/dynamodb-event-store.ts');
    expect(inputs.filter((input) => input.startsWith('functions/api/'))).toEqual([]);
    expect(fromLocal(inputs)).toEqual([]);
    expect(fromPackage(inputs, 'pdfkit')).toEqual([]);
  });
});

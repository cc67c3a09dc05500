import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ALERT_PUBLISHER_ENTRY } from '../../lib/alert-delivery';
import { API_ENTRY, REPORT_ENTRY, REPORT_NODE_MODULES, trustPoliciesDefine } from '../../lib/api';
import { asTheStackBundles, ROOT } from '../../lib/handler-function';
import { STEP_ENTRIES, STEP_NAMES } from '../../lib/step-functions';
import { policyRegistryFromEnv } from '../../functions/adapters/trust-policies';
import { loadTrust } from '../../policies/load';
import { completedVisit, filedReport } from '../support/report-visits';
import { STACK_LAMBDA_ENV, stackLambdas } from '../support/stack-lambdas';

/**
 * What goes into each Lambda, read from esbuild's metafile with the stack's bundling options: the
 * local runtime's token issuer and signing key never reach AWS, and pdfkit is only ever the
 * report's, installed beside its bundle.
 */
async function metafileOf(entry: string, define?: Record<string, string>, nodeModules?: readonly string[]): Promise<Metafile> {
  const result = await build({ ...asTheStackBundles(entry, define, nodeModules), write: false, outdir: join(ROOT, 'cdk.out', 'bundle-test'), metafile: true, logLevel: 'silent' });
  return result.metafile;
}

const inputPaths = ({ inputs }: Metafile): string[] => Object.keys(inputs).map((input) => relative(ROOT, join(ROOT, input)));
const inputsOf = async (entry: string, define?: Record<string, string>) => inputPaths(await metafileOf(entry, define));

const run = promisify(execFile);

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

  it('carries the trust\'s rules without their citations, which the runtime never reads, and each parses when first asked for', () => {
    const policies = [...loadTrust('sample-trust').policies.values()];
    const text = JSON.parse(trustPoliciesDefine(policies)['process.env.TRUST_POLICIES']!) as string;
    const carried = policyRegistryFromEnv(text);
    for (const { citations: _citations, ...rules } of policies) {
      expect(carried.version(rules.schoolId, rules.version)).toEqual(rules);
      expect(carried.current(rules.schoolId)).toEqual(rules);
    }
    expect(carried.version('hunsbury-park', 'no-such-version')).toBeUndefined();
  });

  it('a carried policy that does not parse fails its own school when asked for, and no other', () => {
    const [first, second] = [...loadTrust('sample-trust').policies.values()].map(({ citations: _citations, ...rules }) => rules);
    const carried = policyRegistryFromEnv(JSON.stringify([{ ...first, checkIns: 'every so often' }, second]));
    expect(() => carried.current(first!.schoolId)).toThrow(/checkIns/);
    expect(carried.current(second!.schoolId)).toEqual(second);
  });

  it('every Lambda of the stack starts: bundled as the stack bundles it, its module init runs in a fresh node', async () => {
    const policies = [...loadTrust('sample-trust').policies.values()];
    const outdir = join(ROOT, 'cdk.out', 'bundle-test', 'starts');
    const probe = join(outdir, 'probe.mjs');
    mkdirSync(outdir, { recursive: true });
    writeFileSync(probe, 'const { handler } = await import(process.argv[2]); if (typeof handler !== "function") throw new Error("no handler");\n');
    const env = { PATH: process.env.PATH ?? '', ...STACK_LAMBDA_ENV };
    for (const { name, entry, define, nodeModules } of stackLambdas(policies)) {
      const outfile = join(outdir, name, 'index.mjs');
      await build({ ...asTheStackBundles(entry, define, nodeModules), outfile, logLevel: 'silent' });
      await expect(run(process.execPath, [probe, pathToFileURL(outfile).href], { env, cwd: ROOT }), name).resolves.toBeDefined();
    }
  });

  it('the report carries nothing of the local runtime, and loads pdfkit as a package, with its first PDF', async () => {
    const metafile = await metafileOf(REPORT_ENTRY, undefined, REPORT_NODE_MODULES);
    const inputs = inputPaths(metafile);
    const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);

    expect(fromLocal(inputs)).toEqual([]);
    expect(fromPackage(inputs, 'pdfkit')).toEqual([]);
    expect(imports).toContainEqual({ path: 'pdfkit', kind: 'dynamic-import', external: true });
  });

  it('the report draws a PDF from its bundle: pdfkit, installed beside it, finds its standard fonts', async () => {
    // Bundled into the report, pdfkit looked for its fonts beside the bundle and the first PDF failed
    // ("Cannot find module '#standard-fonts/Helvetica'"). Bundled here as the stack bundles the
    // report, under the repository so that pdfkit resolves from node_modules as it will beside the
    // Lambda's bundle, and run in a fresh node.
    const outdir = join(ROOT, 'cdk.out', 'bundle-test', 'report-pdf');
    mkdirSync(outdir, { recursive: true });
    const outfile = join(outdir, 'index.mjs');
    await build({ ...asTheStackBundles('functions/adapters/report-pdf.ts', undefined, REPORT_NODE_MODULES), outfile, logLevel: 'silent' });
    const reportFile = join(outdir, 'report.json');
    writeFileSync(reportFile, JSON.stringify(filedReport(completedVisit().visit)));
    const probe = join(outdir, 'probe.mjs');
    writeFileSync(
      probe,
      'import { readFileSync } from "node:fs";\n' +
        'const { renderReportPdf } = await import(process.argv[2]);\n' +
        'const pdf = await renderReportPdf(JSON.parse(readFileSync(process.argv[3], "utf8")));\n' +
        'process.stdout.write(JSON.stringify({ magic: pdf.subarray(0, 5).toString(), bytes: pdf.length }));\n',
    );

    const { stdout } = await run(process.execPath, [probe, pathToFileURL(outfile).href, reportFile], { cwd: ROOT });

    const drawn = JSON.parse(stdout) as { magic: string; bytes: number };
    expect(drawn.magic).toBe('%PDF-');
    expect(drawn.bytes).toBeGreaterThan(2_000);
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

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Policy } from '../functions/core/policy';

/** The folder holding schools/ and trusts/. */
export const POLICIES_DIR = dirname(fileURLToPath(import.meta.url));

export const TrustConfig = z
  .object({
    trustId: z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case slug'),
    name: z.string().min(1),
    /** Policy files under policies/schools/, by name without .json. */
    schools: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
  })
  .strict();
export type TrustConfig = z.infer<typeof TrustConfig>;

export interface Trust {
  readonly config: TrustConfig;
  readonly policies: ReadonlyMap<string, Policy>;
}

/** A policy or trust file that cannot be used: names the file and every field at fault. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${file}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`, options);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PolicyFileError(file, ['cannot be read'], { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PolicyFileError(file, [`is not valid JSON: ${(cause as Error).message}`], { cause });
  }
}

function parseFile<T>(schema: z.ZodType<T>, file: string): T {
  const result = schema.safeParse(readJson(file));
  if (!result.success) {
    throw new PolicyFileError(
      file,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

export function loadPolicyFile(file: string): Policy {
  return parseFile(Policy, file);
}

export function loadTrust(trustId: string, dir = POLICIES_DIR): Trust {
  const trustFile = join(dir, 'trusts', `${trustId}.json`);
  const config = parseFile(TrustConfig, trustFile);
  const policies = new Map<string, Policy>();
  for (const name of config.schools) {
    const file = resolve(dir, 'schools', `${name}.json`);
    const policy = loadPolicyFile(file);
    if (policies.has(policy.schoolId)) {
      throw new PolicyFileError(file, [`schoolId: ${policy.schoolId} appears twice in trust ${trustId}`]);
    }
    policies.set(policy.schoolId, policy);
  }
  return { config, policies };
}

import { PolicyV2, type Policy } from '../core/policy';
import type { PolicyRegistry } from '../app/policy-registry';

/**
 * The trust's policies, as JSON text: the stack puts them in `TRUST_POLICIES` (an esbuild `define`
 * at bundle time, since five policies outgrow Lambda's 4 KB of environment). Parsed, never trusted,
 * and each only when first asked for: a cold start reads the text and parses none of them (parsing
 * the sample trust's five took about 30 ms of each Lambda's init, and a trust may have fifty
 * schools), so a warm function parses the policies its visits are under, once each. A policy that
 * does not parse fails its own school's requests, when they ask for it.
 */
export function policyRegistryFromEnv(text: string | undefined = process.env.TRUST_POLICIES): PolicyRegistry {
  // Spelt out as `process.env.TRUST_POLICIES` (not requiredEnv's dynamic lookup) so the bundle-time define replaces it.
  if (!text) throw new Error('TRUST_POLICIES is not set: the stack defines it when it bundles this handler');
  const carried: unknown = JSON.parse(text);
  if (!Array.isArray(carried) || carried.length === 0) throw new Error('TRUST_POLICIES is not a list of policies');
  const entries = carried as Array<{ schoolId?: unknown; version?: unknown }>;
  const parsed = new Map<number, Policy>();
  const policyAt = (index: number): Policy | undefined => {
    if (index < 0) return undefined;
    // Built from the trust's files at synth, so always format 2: no format-1 upgrade in the bundle.
    const policy = parsed.get(index) ?? PolicyV2.parse(entries[index]);
    parsed.set(index, policy);
    return policy;
  };
  return {
    current: (schoolId) => policyAt(entries.findIndex((entry) => entry.schoolId === schoolId)),
    version: (schoolId, version) => policyAt(entries.findIndex((entry) => entry.schoolId === schoolId && entry.version === version)),
  };
}

import { policyLeafPaths, PolicyV2, type Policy } from '../../functions/core/policy';

/**
 * A seed school's policy with some sections replaced, checked by the format-2 schema like any file
 * (every id it names must be defined), every rule cited "test variant". For tests of a rule the
 * seed schools do not state.
 */
export function policyVariant(base: Policy, changes: Partial<Omit<Policy, 'format' | 'citations'>>): Policy {
  const merged: Record<string, unknown> = { ...base, ...changes };
  const citations = Object.fromEntries(policyLeafPaths(merged).map((path) => [path, base.citations?.[path] ?? 'test variant']));
  return PolicyV2.parse({ ...merged, citations });
}

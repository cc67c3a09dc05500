import type { Policy } from '../core/policy';

/** The policies a trust's visits are governed by: each school's current one, and every version a visit may have started under. */
export interface PolicyRegistry {
  current(schoolId: string): Policy | undefined;
  version(schoolId: string, version: string): Policy | undefined;
}

export function policyRegistry(policies: Iterable<Policy>): PolicyRegistry {
  const all = [...policies];
  return {
    current: (schoolId) => all.find((policy) => policy.schoolId === schoolId),
    version: (schoolId, version) => all.find((policy) => policy.schoolId === schoolId && policy.version === version),
  };
}

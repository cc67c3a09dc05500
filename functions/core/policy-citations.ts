/**
 * The rule-bearing fields of a policy that need a citation (`section.field`; a role or recipient by
 * its id; a timed rule by its id); identity, source and format do not.
 */
export function policyLeafPaths(policy: Record<string, unknown>): string[] {
  const skip = new Set(['format', 'schoolId', 'schoolName', 'version', 'source', 'timeZone', 'citations']);
  return Object.entries(policy)
    .filter(([section]) => !skip.has(section))
    .flatMap(([section, fields]) => {
      if (Array.isArray(fields)) return fields.map((rule: { id?: string }, index) => `${section}.${rule.id ?? index}`);
      return fields !== null && typeof fields === 'object' ? Object.keys(fields).map((field) => `${section}.${field}`) : [section];
    });
}

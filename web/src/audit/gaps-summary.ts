import type { Gaps } from '../../../functions/core/narrate';

/**
 * The verdict over the check-in gaps, as the auditor's page heads them (#gaps-summary). The gaps
 * are the core's (functions/core/narrate-gaps.ts), the same the CLI's replay prints.
 */
export function gapsSummary(gaps: Gaps['gaps']): { readonly over: number; readonly words: string } | undefined {
  if (gaps.length === 0) return undefined;
  const over = gaps.filter((gap) => gap.over).length;
  return {
    over,
    words:
      over === 0
        ? `Every gap was within the policy (${gaps.length} timed).`
        : `${over} of ${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'} ${over === 1 ? 'was' : 'were'} longer than the policy allows.`,
  };
}

import { createHash } from 'node:crypto';

/** SFN's execution names: 1–80 characters; ours keep to the visit id's own alphabet. */
export const MAX_EXECUTION_NAME = 80;

/**
 * The name of a visit's `generation`-th execution: the visit id for the first (the API starts it),
 * then `<visitId>--<generation>`. A visit id too long for that (ids run to 80 characters) keeps its
 * head and gains a hash of the whole id, so that two long ids sharing a head never share a name.
 *
 * @example
 * executionNameOf('visit-0001', 2); // 'visit-0001--2'
 */
export function executionNameOf(visitId: string, generation: number): string {
  if (generation === 0) return visitId;
  const suffix = `--${generation}`;
  if (visitId.length + suffix.length <= MAX_EXECUTION_NAME) return `${visitId}${suffix}`;
  const tail = `-${createHash('sha256').update(visitId).digest('hex').slice(0, 16)}${suffix}`;
  return `${visitId.slice(0, MAX_EXECUTION_NAME - tail.length)}${tail}`;
}

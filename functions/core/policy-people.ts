import type { Actor, HumanRole } from './actor';
import type { Policy, Recipient } from './policy';

/**
 * The people a policy names, read as the core needs them: a school's roles resolve to the identity
 * groups that deliver alerts and check callers; recipients outside the school are named in the
 * alert with their contact and what to do. Ids a policy lists in order stay in that order.
 */

export type Duty = keyof Policy['duties'];

/** The identity groups that hold any of these roles (recipients hold none), in order, once each. */
export function groupsOf(policy: Policy, ids: readonly string[]): HumanRole[] {
  return [...new Set(ids.flatMap((id) => policy.roles[id]?.groups ?? []))];
}

/** Whether the caller, acting in their identity group, holds a role the policy gives this duty. */
export const mayDo = (policy: Policy, duty: Duty, actor: Actor): boolean =>
  actor.role !== 'system' && groupsOf(policy, policy.duties[duty]).includes(actor.role);

/** The school's words for these roles and recipients ("Headteacher", "Police (999)"). */
export const titlesOf = (policy: Policy, ids: readonly string[]): string[] =>
  ids.map((id) => policy.roles[id]?.title ?? policy.recipients[id]?.title ?? id);

/** "A, B or C": who holds a duty, for a refusal's message. */
export function whoMay(policy: Policy, duty: Duty): string {
  const titles = titlesOf(policy, policy.duties[duty]);
  return titles.length <= 1 ? (titles[0] ?? 'nobody') : `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}`;
}

/** The recipients outside the school among these ids: whom the alert's reader must contact, and how. */
export const externalOf = (policy: Policy, ids: readonly string[]): (Recipient & { readonly id: string })[] =>
  ids.flatMap((id) => (policy.recipients[id] ? [{ id, ...policy.recipients[id] }] : []));

/** The policy's role id and the school's title for it, as a cancellation's written notice records them. */
export function namedRole(policy: Policy, id: string): { role: string; title: string } {
  return { role: id, title: policy.roles[id]?.title ?? id };
}

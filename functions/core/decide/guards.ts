import type { EventMeta } from '../event-store';
import type { ActionName, CommandMeta } from '../commands';
import { conflict, forbidden, type Refusal } from '../decision';
import type { ChecklistItem, Policy } from '../policy';
import { mayDo, whoMay } from '../policy-people';
import { accepts, STATUS_TABLE, VISIT_STATUSES, type StepRoute } from '../stages';
import { isAssignedStaff, type Visit, type VisitState, type VisitStatus } from '../visit-state';

/** The event envelope's meta for what a command records. */
export const eventMeta = (meta: CommandMeta): EventMeta => ({
  commandId: meta.commandId,
  actor: meta.actor,
  recordedAt: meta.now,
  ...(meta.claimedAt ? { claimedAt: meta.claimedAt } : {}),
});

/** Ids the core mints are derived from the stream position, so a re-decided command mints the same id. */
export const mintId = (prefix: string, visit: Visit): string => `${prefix}-${visit.version + 1}`;

export function requireVisit(state: VisitState): Visit | Refusal {
  return state.status === 'none' ? conflict('visit-not-found', 'no visit has been requested under this id') : state;
}

/**
 * The stage table's gate (stages.ts): an action the visit's status does not accept is refused with
 * the action's own rule. `where` narrows it further for a rule that also reads the policy (the
 * deadline "I need more time" moves must run).
 */
export function requireAccepted(
  visit: Visit,
  action: ActionName,
  rule: string,
  doing: string = action,
  where: (status: VisitStatus) => boolean = () => true,
): Refusal | undefined {
  const allowed = VISIT_STATUSES.filter((status) => accepts(status, action) && where(status));
  return refusedUnless(visit, allowed, rule, doing);
}

/** The workflow's step is taken only where the visit's status routes it (stages.ts STATUS_TABLE). */
export function requireRoutedTo(visit: Visit, step: StepRoute, rule: string, doing: string): Refusal | undefined {
  return refusedUnless(visit, VISIT_STATUSES.filter((status) => STATUS_TABLE[status].route === step), rule, doing);
}

function refusedUnless(visit: Visit, allowed: readonly VisitStatus[], rule: string, doing: string): Refusal | undefined {
  if (allowed.includes(visit.status)) return undefined;
  return conflict(rule, `cannot ${doing} while the visit is ${visit.status} (allowed when ${allowed.join(' or ')})`);
}

export function requireAssignedStaff(visit: Visit, meta: CommandMeta, action: string): Refusal | undefined {
  if (isAssignedStaff(visit, meta.actor)) return undefined;
  return forbidden('assigned-staff-only', `only the staff assigned to this visit may ${action}`);
}

export function requireWorkflow(meta: CommandMeta): Refusal | undefined {
  return meta.actor.role === 'system' ? undefined : forbidden('workflow-only', 'only the visit workflow takes this step');
}

/** The staff on the visit, or whoever the policy lets cancel it (the office, the DSL…). */
export function requireStaffOrOffice(visit: Visit, meta: CommandMeta, action: string, policy: Policy): Refusal | undefined {
  if (isAssignedStaff(visit, meta.actor) || mayDo(policy, 'cancel', meta.actor)) return undefined;
  return forbidden('staff-or-office-only', `only the staff on the visit or ${whoMay(policy, 'cancel')} may ${action}`);
}

/**
 * A policy checklist ticked by id: an id the list does not hold is refused, and so is a required
 * item left out (unless `requireAll` is false: what only applies once staff have been in the home).
 */
export function checklistRefusal(rule: string, lead: string, items: readonly ChecklistItem[], done: readonly string[], requireAll = true): Refusal | undefined {
  const unknown = done.filter((id) => !items.some((item) => item.id === id));
  if (unknown.length > 0) return conflict(rule, `not on the policy's list: ${unknown.join(', ')} (it lists ${items.map((item) => item.id).join(', ') || 'nothing'})`);
  const missing = requireAll ? items.filter((item) => item.required && !done.includes(item.id)) : [];
  return missing.length > 0 ? conflict(rule, `${lead}: ${missing.map((item) => `${item.text} (${item.id})`).join('; ')}`) : undefined;
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

import { READ_ONLY_REFUSAL, WRITER_ROLES, type Actor } from '../core/actor';
import { isAssignedStaff, type Visit } from '../core/visit-state';
import type { RouteAccess } from './handler';
import { ForbiddenError } from './http';

/**
 * Who may use which route. Only the route-level rules live here; what a role may do to a visit
 * (assignment, authoriser-cannot-be-visitor, …) is the core's, and its refusals are mapped, not repeated.
 */

export const PUBLIC: RouteAccess = { roles: false, rule: 'public' };

export const ANY_CALLER: RouteAccess = { roles: 'any', rule: 'authenticated' };

/** Every route that writes: the core's rule that auditors only read, checked before the body is read. */
export const WRITERS: RouteAccess = { roles: WRITER_ROLES, ...READ_ONLY_REFUSAL };

/** Auditors read it too, to find the visits they audit (filed ones: `?status=filed`). */
export const BOARD_READERS: RouteAccess = {
  roles: ['office', 'dsl', 'slt', 'headteacher', 'admin', 'auditor'],
  rule: 'board-readers',
  message: 'the office board is for the office, safeguarding leads, senior leaders, admins and auditors',
};

/**
 * Who answers an alert, and so reads a visit's responder view with the staff's mobiles (GET
 * /visits/{id} `responder`): the board's readers but auditors, and never the staff on the visit.
 */
export function isResponder(visit: Visit, actor: Actor): boolean {
  return RESPONDER_ROLES.includes(actor.role) && !isAssignedStaff(visit, actor);
}
const RESPONDER_ROLES: readonly Actor['role'][] = ['office', 'dsl', 'slt', 'headteacher', 'admin'];

export const HISTORY_READERS: RouteAccess = {
  roles: ['auditor', 'dsl', 'headteacher', 'admin'],
  rule: 'history-readers',
  message: 'the full history is for auditors, the DSL, the headteacher and admins',
};

/** A visit's state and report: its assigned staff, and every non-staff role. */
export function requireVisitReader(visit: Visit, actor: Actor): void {
  if (actor.role === 'staff' && !isAssignedStaff(visit, actor)) {
    throw new ForbiddenError('assigned-staff-only', 'staff read only the visits they are assigned to');
  }
}

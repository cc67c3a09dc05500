import * as z from 'zod';
import { AlertKind } from './events';
import type { Policy } from './policy';
import { externalOf, titlesOf } from './policy-people';
import { openAlerts, type Alert, type Visit } from './visit-state';

/**
 * What whoever answers an open alert needs on one screen: where the visit is, who is on it and how
 * to reach them, and what the school's policy says to do about this alert and whom to call. For the
 * office's roles only: the staff's mobiles and vehicles are here and nowhere else a page reads.
 */

export const ResponderContact = z
  .object({
    title: z.string(),
    channel: z.enum(['phone', 'email', 'sms']),
    contact: z.string(),
    /** What the policy asks of whoever contacts them. */
    instruction: z.string(),
  })
  .strict();

export const ResponderAlert = z
  .object({
    alertId: z.string(),
    kind: AlertKind,
    level: z.number().int().min(0),
    /** The policy's words for this alert at this level. */
    instruction: z.string(),
    /** Who the policy tells at this level, in the school's words. */
    told: z.array(z.string()),
    /** People outside the school the policy names for it, and how to reach them. */
    contacts: z.array(ResponderContact),
    /** Duress: the member of staff may be overheard, so nobody phones them openly; the contacts are called instead. */
    doNotPhoneOpenly: z.boolean(),
  })
  .strict();
export type ResponderAlert = z.infer<typeof ResponderAlert>;

export const Responder = z
  .object({
    address: z.string(),
    staff: z.array(z.object({ name: z.string(), mobile: z.string().optional(), vehicle: z.string().optional() }).strict()),
    /** Each open alert, oldest first, with what to do about it. */
    alerts: z.array(ResponderAlert),
  })
  .strict();
export type Responder = z.infer<typeof Responder>;

/** The rung of a ladder an alert has reached: not yet escalated reads as the first, beyond the top as the top. */
const rung = <T>(ladder: readonly T[], level: number): T => ladder[Math.min(Math.max(level, 1), ladder.length) - 1]!;

/** Who is told about an alert and what they must do, from the policy: its own notice for panic and duress, else its ladder's rung. */
function noticeOf(alert: Alert, policy: Policy): { notify: readonly string[]; instruction: string } {
  const { kind } = alert;
  switch (kind) {
    case 'panic':
    case 'duress':
      return policy.alerts[kind];
    case 'safeguarding-concern':
      return rung(policy.concerns.ladder, alert.level);
    case 'check-in-overdue':
    case 'safe-return-overdue':
    case 'return-overdue':
      return rung(policy.escalation.levels, alert.level);
    default: {
      const never: never = kind;
      throw new Error(`no notice for alert kind ${String(never)}`);
    }
  }
}

/**
 * @example
 * const view = responderView(visit, policy); // for the office's roles, never for the staff on the visit
 */
export function responderView(visit: Visit, policy: Policy): Responder {
  return {
    address: visit.details.address,
    staff: visit.details.staff.map(({ name, mobile, vehicle }) => ({ name, ...(mobile ? { mobile } : {}), ...(vehicle ? { vehicle } : {}) })),
    alerts: openAlerts(visit).map((alert) => {
      const notice = noticeOf(alert, policy);
      const roles = notice.notify.filter((id) => policy.roles[id] !== undefined);
      return {
        alertId: alert.alertId,
        kind: alert.kind,
        level: alert.level,
        instruction: notice.instruction,
        told: titlesOf(policy, roles),
        contacts: externalOf(policy, notice.notify).map(({ title, channel, contact, instruction }) => ({ title, channel, contact, instruction })),
        doNotPhoneOpenly: alert.kind === 'duress',
      };
    }),
  };
}

import { api } from '../shared/api';
import type { paths } from '../shared/api-schema';

/**
 * The phone's visit passes (functions/api/visit-pass.ts): asked for while the person is signed in,
 * for each of their visits not yet over, and kept on the phone (localStorage), so a call for help, a
 * check-in and "back safely" reach the office even after the sign-in lapses in a dead zone.
 */

type PassPath = Extract<keyof paths, `/pass/visits/{id}/${string}`>;
export type PassAction = PassPath extends `/pass/visits/{id}/${infer Action}` ? Action : never;
const PASS_ACTIONS: ReadonlySet<string> = new Set<PassAction>(['panic', 'check-in', 'return']);
export const isPassAction = (action: string): action is PassAction => PASS_ACTIONS.has(action);

/** A pass this close to its end is asked for again (it runs to the expected return plus twelve hours). */
const RENEW_BEFORE_MS = 6 * 60 * 60 * 1000;

interface KeptPass {
  readonly pass: string;
  readonly expiresAt: string;
}

const keyOf = (userId: string, visitId: string) => `home-visits.pass.${userId}.${visitId}`;

function kept(userId: string, visitId: string): KeptPass | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(userId, visitId)) ?? 'null') as KeptPass | null;
    return stored && typeof stored.pass === 'string' && typeof stored.expiresAt === 'string' ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** The pass kept for this person's visit, while it has not expired. */
export function passFor(userId: string, visitId: string, now = Date.now()): string | undefined {
  const pass = kept(userId, visitId);
  return pass && Date.parse(pass.expiresAt) > now ? pass.pass : undefined;
}

const asking = new Set<string>();

/** Makes sure the phone holds a pass for the visit that will outlast the next few hours; quiet when it cannot (it tries again on the next read). */
export async function keepPassFor(userId: string, visitId: string, now = Date.now()): Promise<void> {
  const pass = kept(userId, visitId);
  const key = keyOf(userId, visitId);
  if ((pass && Date.parse(pass.expiresAt) - now > RENEW_BEFORE_MS) || asking.has(key)) return;
  asking.add(key);
  try {
    const client = await api();
    const { data, response } = await client.POST('/me/visits/{id}/pass', { params: { path: { id: visitId } } });
    if (data) localStorage.setItem(key, JSON.stringify({ pass: data.pass, expiresAt: data.expiresAt } satisfies KeptPass));
    // The staff are back or the visit ended: a pass kept for it is of no more use.
    else if (response.status === 403) localStorage.removeItem(key);
  } catch {
    // No signal: the pass kept (if any) stands, and the next read asks again.
  } finally {
    asking.delete(key);
  }
}

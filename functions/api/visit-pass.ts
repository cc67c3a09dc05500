import * as z from 'zod';
import type { Actor } from '../core/actor';
import type { Visit } from '../core/visit-state';
import { UnauthenticatedError } from './http';

/**
 * A visit pass: what lets a member of staff call for help, check in and say they are back safely on
 * their own visit after their sign-in has lapsed (a Cognito ID token lives an hour; a visit can last
 * longer, and a phone in a dead zone cannot refresh). The API issues it to the assigned member of
 * staff while they are signed in; it names them and the visit, the three actions, and an expiry,
 * and is signed with a MAC key only the API can use (on AWS a KMS HMAC key; locally a secret in the
 * data folder). It is a capability, not a session: nothing else on the API takes it, and every action
 * it carries still goes through the core's rules (assignment, the stage), as a signed-in press would.
 *
 * The format is a compact JWS with HS256 (RFC 7515), so any JWT tool can read it; the signature is
 * made by the key port, never by a secret in the Lambda's memory.
 */

/** The only actions a pass carries: the ones a lapsed sign-in must never stop. */
export const PASS_ACTIONS = ['panic', 'check-in', 'return'] as const;
export type PassAction = (typeof PASS_ACTIONS)[number];

/** `Authorization: VisitPass <pass>` on the pass route (a bearer is a sign-in; this is not). */
export const PASS_SCHEME = 'VisitPass';

/** After the visit's expected return: long enough for an overrun and the journey back. */
const MARGIN_MS = 12 * 60 * 60 * 1000;
/** However far ahead a visit is planned, a pass is asked for again at least daily. */
const LONGEST_MS = 48 * 60 * 60 * 1000;

export interface VisitPassKey {
  /** HMAC-SHA-256 of `data` under the pass key. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** Whether `mac` is `data`'s MAC under the pass key (compared in constant time by the key's holder). */
  verify(data: Uint8Array, mac: Uint8Array): Promise<boolean>;
}

const PassClaims = z
  .object({
    typ: z.literal('visit-pass'),
    sub: z.string().min(1).max(128),
    name: z.string().max(200).optional(),
    visitId: z.string().min(1).max(80),
    actions: z.array(z.enum(PASS_ACTIONS)).min(1),
    iat: z.number().int(),
    exp: z.number().int(),
  })
  .strict();
type PassClaims = z.infer<typeof PassClaims>;

export interface IssuedPass {
  readonly pass: string;
  readonly visitId: string;
  readonly actions: readonly PassAction[];
  readonly expiresAt: string;
}

const HEADER = base64url(new TextEncoder().encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

/** Until the visit's expected return plus a margin, and never longer than LONGEST_MS from now. */
export function passExpiry(visit: Pick<Visit, 'details'>, now: Date): Date {
  const expectedBack = Date.parse(visit.details.expectedReturnAt);
  const until = Math.max(expectedBack + MARGIN_MS, now.getTime() + MARGIN_MS);
  return new Date(Math.min(until, now.getTime() + LONGEST_MS));
}

export async function issuePass(key: VisitPassKey, holder: Actor, visit: Pick<Visit, 'visitId' | 'details'>, now: Date): Promise<IssuedPass> {
  const expires = passExpiry(visit, now);
  const claims: PassClaims = {
    typ: 'visit-pass',
    sub: holder.userId,
    ...(holder.name ? { name: holder.name } : {}),
    visitId: visit.visitId,
    actions: [...PASS_ACTIONS],
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(expires.getTime() / 1000),
  };
  const signingInput = `${HEADER}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}`;
  const mac = await key.sign(new TextEncoder().encode(signingInput));
  return { pass: `${signingInput}.${base64url(mac)}`, visitId: visit.visitId, actions: claims.actions, expiresAt: expires.toISOString() };
}

/**
 * The member of staff a pass names, for `action` on `visitId`; 401 (with why, never the pass) when
 * the header holds no pass, it does not verify, it has expired, or it is for another visit or action.
 */
export async function passHolder(key: VisitPassKey, authorization: string | undefined, visitId: string, action: string, now: Date): Promise<Actor> {
  const pass = new RegExp(`^${PASS_SCHEME}\\s+(\\S+)\\s*$`, 'i').exec(authorization ?? '')?.[1];
  if (!pass) throw new UnauthenticatedError(`a visit pass is required: Authorization: ${PASS_SCHEME} <pass>`);
  const [header, payload, mac, ...rest] = pass.split('.');
  if (!header || !payload || !mac || rest.length > 0 || header !== HEADER) throw new UnauthenticatedError('the visit pass is not valid');
  const verified = await key.verify(new TextEncoder().encode(`${header}.${payload}`), base64urlDecode(mac));
  if (!verified) throw new UnauthenticatedError('the visit pass is not valid');
  const claims = PassClaims.safeParse(parseJson(base64urlDecode(payload)));
  if (!claims.success) throw new UnauthenticatedError('the visit pass is not valid');
  if (claims.data.exp * 1000 <= now.getTime()) throw new UnauthenticatedError('the visit pass has expired: sign in again');
  if (claims.data.visitId !== visitId) throw new UnauthenticatedError('the visit pass is for another visit');
  if (!(claims.data.actions as readonly string[]).includes(action)) {
    throw new UnauthenticatedError(`a visit pass carries only ${PASS_ACTIONS.join(', ')}: sign in for anything else`);
  }
  return { userId: claims.data.sub, role: 'staff', ...(claims.data.name ? { name: claims.data.name } : {}) };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function base64urlDecode(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
